import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_STATUSES, STANCES } from '../../../shared/comment/comment.ts';
import type { IndexChange } from '../../../shared/search/change-log.ts';
import { applyChanges, decodeChanges, encodeChanges } from '../../../shared/search/change-log.ts';
import type { SearchIndex } from '../../../shared/search/search-index.ts';
import { decodeSnapshot, encodeSnapshot, SnapshotFormatError } from '../../../shared/search/snapshot.ts';
import { indexOf, segmenter } from './helpers.ts';

const PIECES = [
  '电动自行车',
  '安全带',
  '地铁站',
  '公共交通',
  '带来',
  '南京市',
  '长江大桥',
  '屏蔽门',
  '，',
  '。',
  ' ',
  'bus',
  'Seat',
  'belt',
  'E-bike',
  '１２３',
  '\u200b',
  '𠮷',
  '站',
  '长',
  '\n',
] as const;

const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 12 })
  .map((parts) => parts.join(''));
const fields = {
  articleId: fc.option(fc.constantFrom('art-1', 'art-2', 'art-3'), { nil: null }),
  stance: fc.constantFrom(...STANCES),
  status: fc.constantFrom(...COMMENT_STATUSES),
  clusterId: fc.option(fc.constantFrom('k1', 'k2'), { nil: null }),
};
const addition = fc.record({
  body: text,
  proposedWording: fc.option(text, { nil: null }),
  ...fields,
});
const changes = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: addition.map((d) => ({ kind: 'add' as const, d })) },
      {
        weight: 1,
        arbitrary: fc.record({ target: fc.nat(), changes: fc.record(fields, { requiredKeys: [] }) }),
      },
    ),
    { maxLength: 40 },
  )
  .map((steps) => {
    const out: IndexChange[] = [];
    let n = 0;
    for (const step of steps) {
      if ('kind' in step) out.push({ op: 'add', doc: { id: `c${++n}`, ...step.d } });
      else if (n > 0) out.push({ op: 'update', id: `c${(step.target % n) + 1}`, changes: step.changes });
    }
    return out;
  });
const queries = fc.array(
  fc.record({
    q: fc.oneof(fc.constantFrom(...PIECES, '安全带 bus', '"seat belt"', '地铁站长'), text),
    status: fc.option(fc.subarray([...COMMENT_STATUSES], { minLength: 1 }), { nil: undefined }),
    article: fc.option(fc.constant<(string | null)[]>(['art-2']), { nil: undefined }),
    match: fc.constantFrom('all' as const, 'words' as const),
  }),
  { minLength: 1, maxLength: 6 },
);

function contents(index: SearchIndex) {
  const p = index.toParts();
  return {
    ids: [...p.ids],
    texts: [...p.texts],
    stance: [...p.stance],
    status: [...p.status],
    article: [...p.article],
    cluster: [...p.cluster],
    articles: [...p.articles],
    clusters: [...p.clusters],
    words: [...p.words.entries()].map(([t, d]) => [t, [...d]]),
    grams: [...p.grams.entries()].map(([t, d]) => [t, [...d]]),
  };
}

function build(log: readonly IndexChange[], sealAt: number): SearchIndex {
  const index = indexOf([]);
  applyChanges(index, log.slice(0, sealAt));
  index.seal();
  applyChanges(index, log.slice(sealAt));
  return index;
}

describe('snapshot', () => {
  it('loads into an index equal to the live one, which then takes further changes alike', () => {
    fc.assert(
      fc.property(changes, changes, fc.nat(), queries, (before, after, sealAt, qs) => {
        // Prepare: the later batch continues the ids of the first.
        const offset = before.filter((c) => c.op === 'add').length;
        const rename = (id: string) => `c${Number(id.slice(1)) + offset}`;
        const later = after.map(
          (c): IndexChange =>
            c.op === 'add' ? { ...c, doc: { ...c.doc, id: rename(c.doc.id) } } : { ...c, id: rename(c.id) },
        );
        const live = build(before, sealAt % (before.length + 1));

        // Act
        const bytes = encodeSnapshot(live, 7);
        const loaded = decodeSnapshot(bytes, segmenter);

        // Assess
        expect(loaded.logSeq).toBe(7);
        expect(contents(loaded.index)).toEqual(contents(live));
        applyChanges(live, later);
        applyChanges(loaded.index, later);
        expect(contents(loaded.index)).toEqual(contents(live));
        for (const q of qs)
          expect(loaded.index.search({ ...q, limit: 100 })).toEqual(live.search({ ...q, limit: 100 }));
        expect(encodeSnapshot(loaded.index, 7)).toEqual(encodeSnapshot(live, 7));
      }),
      { numRuns: 120 },
    );
  });

  it('round-trips the change log', () => {
    fc.assert(
      fc.property(changes, (log) => {
        expect(decodeChanges(encodeChanges(log), 1)).toEqual(log);
      }),
    );
  });

  it.each([
    ['empty input', () => new Uint8Array(0)],
    ['another format', () => new TextEncoder().encode('PK\u0003\u0004 not a snapshot')],
    ['a truncated snapshot', (b: Uint8Array) => b.subarray(0, b.length - 3)],
    ['trailing bytes', (b: Uint8Array) => Uint8Array.from([...b, 0])],
    [
      'a newer format version',
      (b: Uint8Array) => {
        const c = b.slice();
        c[4] = 2;
        return c;
      },
    ],
  ])('refuses %s', (_name, corrupt) => {
    const index = indexOf([]);
    applyChanges(index, [
      {
        op: 'add',
        doc: {
          id: 'a',
          body: '地铁站安全带',
          proposedWording: null,
          articleId: null,
          stance: 'other',
          status: 'pending',
          clusterId: null,
        },
      },
    ]);
    expect(() => decodeSnapshot(corrupt(encodeSnapshot(index, 1)), segmenter)).toThrow(SnapshotFormatError);
  });

  it('refuses a log line that is not an index change', () => {
    const bytes = new TextEncoder().encode('{"op":"delete","id":"c1"}\n');
    expect(() => decodeChanges(bytes, 3)).toThrow(/segment 3 line 1/);
  });
});
