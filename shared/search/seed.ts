import type { CommentSearch } from './comment-search.ts';
import type { SearchDocument } from './document.ts';

/**
 * A consultation's stored comments as the index keeps them, every status, oldest first, in pages (DynamoDB: the comment partitions
 * merged by their time-ordered ids). Oldest first because the index lists the last added first.
 */
export type CommentPages = (consultationId: string) => AsyncIterable<readonly SearchDocument[]>;

export interface IndexSeeder {
  /**
   * Once per process and consultation: when the index holds no comment yet, fills it from the store.
   * What the stream consumer records afterwards (or already did) is idempotent with it.
   */
  ensureSeeded(consultationId: string): Promise<void>;
  /** Adds every stored comment again (idempotent: heals comments a lost batch left out or stale). */
  reseed(consultationId: string): Promise<number>;
}

/**
 * Where a stream feeds the index (AWS), an index with comments in it is kept current by the stream; one
 * with none has never been fed (a consultation whose comments predate the stream, or an emptied bucket)
 * and is filled from the table, one log segment per page. Unlike local mode's `indexRebuilder`, a count
 * short of the comment counter is not a reason to rebuild: with a stream the index always trails the
 * table by a few seconds, and a rebuild on every cold start would read the whole consultation each time.
 */
export function indexSeeder(deps: { search: CommentSearch; comments: CommentPages }): IndexSeeder {
  const seeded = new Map<string, Promise<void>>();
  const reseed = async (consultationId: string) => {
    let added = 0;
    for await (const page of deps.comments(consultationId)) {
      if (page.length === 0) continue;
      await deps.search.record(
        consultationId,
        page.map((doc) => ({ op: 'add', doc }) as const),
      );
      added += page.length;
    }
    return added;
  };
  return {
    reseed,
    ensureSeeded(consultationId) {
      let pending = seeded.get(consultationId);
      if (pending === undefined) {
        pending = (async () => {
          if ((await deps.search.size(consultationId)) === 0) await reseed(consultationId);
        })();
        // A failed seed is not remembered: the next request or batch tries again.
        pending.catch(() => seeded.delete(consultationId));
        seeded.set(consultationId, pending);
      }
      return pending;
    },
  };
}
