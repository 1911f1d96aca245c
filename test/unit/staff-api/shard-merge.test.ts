import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  mergeShards,
  type Positions,
} from '../../../shared/moderation/shard-merge.ts';

/** Shards as sorted arrays of keys, read the way DynamoDB reads a GSI partition backwards. */
function shardsOf(keys: string[], shards: number) {
  const byShard = Array.from({ length: shards }, () => [] as string[]);
  keys.forEach((key, i) => {
    byShard[(i * 7) % shards]?.push(key);
  });
  for (const list of byShard) list.sort().reverse();
  return async (shard: number, after: string | undefined, limit: number) => {
    const all = (byShard[shard] ?? []).filter((k) => after === undefined || k < after);
    const items = all.slice(0, limit);
    return { items, last: all.length > limit ? items.at(-1) : undefined };
  };
}

describe('k-way merge of shard pages', () => {
  it('pages through every item exactly once, newest first, for any spread, page size and filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 99_999 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        async (numbers, shards, limit, filtered) => {
          const keys = numbers.map((n) => String(n).padStart(5, '0'));
          const read = shardsOf(keys, shards);
          const accept = filtered ? (k: string) => Number(k) % 3 === 0 : undefined;
          const seen: string[] = [];
          let positions: Positions = {};
          for (let round = 0; round < 500; round++) {
            const page = await mergeShards({
              shards,
              read,
              keyOf: (k: string) => k,
              limit,
              positions,
              ...(accept ? { accept, maxScanned: 40 } : {}),
            });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items);
            if (page.next === null) break;
            // Through the cursor encoding, as a client would hand it back.
            positions = decodeCursor(encodeCursor(page.next, 'tag'), 'tag', shards, /^\d{5}$/);
          }
          const expected = [...keys]
            .filter((k) => accept === undefined || accept(k))
            .sort()
            .reverse();
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stops a filtered scan at its bound and continues from the cursor', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => String(i).padStart(5, '0'));
    const page = await mergeShards({
      shards: 4,
      read: shardsOf(keys, 4),
      keyOf: (k: string) => k,
      limit: 10,
      positions: {},
      accept: () => false,
      maxScanned: 50,
    });
    expect(page.items).toEqual([]);
    expect(page.next).not.toBeNull();
    expect(page.scanned).toBeLessThanOrEqual(50 + 4 * 10);
  });
});
