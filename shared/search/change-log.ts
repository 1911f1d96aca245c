import { z } from 'zod';
import { StoreUnavailableError } from '../errors.ts';
import { SearchDocument, SearchDocumentChanges } from './document.ts';
import type { SearchIndex } from './search-index.ts';

/** One increment of an index: a comment received, or a decision that changed its filter fields. */
export const IndexChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), doc: SearchDocument }).strict(),
  z.object({ op: z.literal('update'), id: z.string().min(1), changes: SearchDocumentChanges }).strict(),
]);
export type IndexChange = z.infer<typeof IndexChange>;

/** A log segment: one change per line (JSON lines), readable with any tool. */
export function encodeChanges(changes: readonly IndexChange[]): Uint8Array {
  return new TextEncoder().encode(changes.map((c) => `${JSON.stringify(c)}\n`).join(''));
}

export function decodeChanges(bytes: Uint8Array, seq: number): IndexChange[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new StoreUnavailableError(`search log segment ${seq} line ${i + 1} is not JSON`, error);
      }
      const parsed = IndexChange.safeParse(raw);
      if (!parsed.success) {
        throw new StoreUnavailableError(`search log segment ${seq} line ${i + 1} is not an index change`);
      }
      return parsed.data;
    });
}

/** Applies changes in order. Both kinds are idempotent, so a segment applied twice does no harm. */
export function applyChanges(index: SearchIndex, changes: readonly IndexChange[]): void {
  for (const change of changes) {
    if (change.op === 'add') index.add(change.doc);
    else index.update(change.id, change.changes);
  }
}

/**
 * The index change for a comment write, from its stored images before and after (a stream record, or the
 * store's own write path in local mode); undefined when nothing the index holds changed.
 */
export function indexChangeOf(
  before: SearchDocument | undefined,
  after: SearchDocument,
): IndexChange | undefined {
  if (before === undefined) return { op: 'add', doc: after };
  const changes: SearchDocumentChanges = {};
  if (before.status !== after.status) changes.status = after.status;
  if (before.stance !== after.stance) changes.stance = after.stance;
  if (before.articleId !== after.articleId) changes.articleId = after.articleId;
  if (before.clusterId !== after.clusterId) changes.clusterId = after.clusterId;
  return Object.keys(changes).length === 0 ? undefined : { op: 'update', id: after.id, changes };
}
