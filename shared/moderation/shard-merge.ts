import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MalformedRequestError } from '../errors.ts';

/**
 * Newest-first pages over a set read from many shard partitions: each shard is queried in key order
 * (descending), the heads are merged k-way, and the cursor keeps one position per shard. An item is emitted
 * only once every other unfinished shard has been read past it, so pages never go out of order.
 */

export interface ShardRead<T> {
  items: T[];
  /** Position (sort key) of the last item read, when the shard may hold more. */
  last: string | undefined;
}

export interface MergeOptions<T> {
  shards: number;
  /** Reads up to `limit` items of one shard, newest first, strictly older than `after`. */
  read: (shard: number, after: string | undefined, limit: number) => Promise<ShardRead<T>>;
  /** The sort key of an item, the same string the shard is ordered by. */
  keyOf: (item: T) => string;
  limit: number;
  /** Per-shard position: absent = from the newest, null = nothing left. */
  positions: Positions;
  /** In-page filter (text search); items it refuses still move the cursor on. */
  accept?: (item: T) => boolean;
  /** Stop after reading this many items in total, even with a short page: bounds a filtered scan. */
  maxScanned?: number;
}

export type Positions = Record<number, string | null>;

export interface MergedPage<T> {
  items: T[];
  /** null when every shard is exhausted. */
  next: Positions | null;
  scanned: number;
}

interface ShardState<T> {
  buffer: T[];
  /** Where the next read starts; null when exhausted. */
  after: string | null | undefined;
  /** Position to resume from: last emitted or skipped item, else where this page started. */
  resume: string | null | undefined;
}

export async function mergeShards<T>(options: MergeOptions<T>): Promise<MergedPage<T>> {
  const { shards, read, keyOf, limit } = options;
  const accept = options.accept ?? (() => true);
  const maxScanned = options.maxScanned ?? Number.POSITIVE_INFINITY;
  const states: ShardState<T>[] = Array.from({ length: shards }, (_, shard) => {
    const position = options.positions[shard];
    return { buffer: [], after: position, resume: position };
  });
  // Items spread evenly over shards, so a small first read per shard usually fills the page in one round.
  const filtered = options.accept !== undefined;
  let batch = filtered ? limit : Math.ceil(limit / shards) + 4;
  const items: T[] = [];
  let scanned = 0;

  while (items.length < limit) {
    const empty = states
      .map((state, shard) => ({ state, shard }))
      .filter(({ state }) => state.buffer.length === 0 && state.after !== null);
    if (empty.length > 0) {
      if (scanned >= maxScanned) break;
      const reads = await Promise.all(
        empty.map(({ state, shard }) => read(shard, state.after ?? undefined, batch)),
      );
      empty.forEach(({ state }, i) => {
        const result = reads[i];
        if (result === undefined) return;
        scanned += result.items.length;
        state.buffer.push(...result.items);
        state.after = result.last ?? null;
        if (result.items.length === 0) state.resume = state.after;
      });
      batch = limit;
      continue;
    }
    // Every unfinished shard has a buffered head: the newest head is the newest unread item overall.
    let best: ShardState<T> | undefined;
    let bestKey = '';
    for (const state of states) {
      const head = state.buffer[0];
      if (head === undefined) continue;
      const key = keyOf(head);
      if (best === undefined || key > bestKey) {
        best = state;
        bestKey = key;
      }
    }
    if (best === undefined) break;
    const item = best.buffer.shift() as T;
    best.resume = best.buffer.length === 0 ? best.after : bestKey;
    if (accept(item)) items.push(item);
  }

  const next: Positions = {};
  let more = false;
  states.forEach((state, shard) => {
    const resume = state.buffer.length > 0 ? state.resume : state.after;
    if (resume === null) next[shard] = null;
    else {
      more = true;
      if (resume !== undefined) next[shard] = resume;
    }
  });
  return { items, next: more ? next : null, scanned };
}

const CursorShape = z
  .object({
    v: z.literal(1),
    /** Hash of the query the cursor belongs to, so it cannot be replayed against other filters. */
    q: z.string().max(32),
    p: z.record(z.string().regex(/^\d{1,3}$/), z.string().max(200).nullable()),
  })
  .strict();

export function queryTag(query: Record<string, string | undefined>): string {
  const canonical = Object.keys(query)
    .sort()
    .map((k) => `${k}=${query[k] ?? ''}`)
    .join('&');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(positions: Positions, tag: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: tag, p: positions })).toString('base64url');
}

/**
 * Decodes a cursor given back by a client. Everything in it is checked: the format, that it belongs to this
 * query, that shard numbers exist and that each position is a key of the expected form.
 */
export function decodeCursor(
  cursor: string | undefined,
  tag: string,
  shards: number,
  positionPattern: RegExp,
): Positions {
  if (cursor === undefined || cursor === '') return {};
  const bad = (why: string) =>
    new MalformedRequestError(`The cursor is not valid (${why}); start again from the first page.`);
  if (cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad('not base64url');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  const parsed = CursorShape.safeParse(raw);
  if (!parsed.success) throw bad('unexpected shape');
  if (parsed.data.q !== tag) throw bad('it belongs to another query');
  const positions: Positions = {};
  for (const [shardText, position] of Object.entries(parsed.data.p)) {
    const shard = Number(shardText);
    if (shard >= shards) throw bad(`no shard ${shard}`);
    if (position !== null && !positionPattern.test(position)) throw bad('unexpected position');
    positions[shard] = position;
  }
  return positions;
}
