import { COMMENT_STATUSES, type Comment } from '../comment/comment.ts';
import { indexChangeOf } from '../search/change-log.ts';
import type { CommentSearch } from '../search/comment-search.ts';
import { searchDocumentOf } from '../search/document.ts';
import type { StaffStore } from '../staff/ports.ts';
import type { StatsStore, StatsSubject } from './stats.ts';

/**
 * What the drafting side derives from each comment write: the feedback counters and the full-text index.
 * Both are best-effort after the write (like the comment counters): a failure is reported, never turned into
 * an error for the citizen or the moderator, and the index heals itself on the next rebuild.
 */
export interface FeedbackFeed {
  stored(comment: Comment): Promise<void>;
  decided(before: Comment, after: Comment): Promise<void>;
  /** The batch re-cluster moved a comment to another cluster (the index keeps its old cluster until rebuilt). */
  reclustered(comment: StatsSubject, to: string): Promise<void>;
}

export interface FeedbackFeedDeps {
  stats?: StatsStore;
  search?: CommentSearch;
  reportFailure: (what: string, error: unknown) => void;
}

export function feedbackFeed(deps: FeedbackFeedDeps): FeedbackFeed {
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      deps.reportFailure(what, error);
    }
  };
  return {
    async stored(comment) {
      const { stats, search } = deps;
      await Promise.all([
        stats && attempt('feedback counters', () => stats.countReceived(comment)),
        search &&
          attempt('search index', () =>
            search.record(comment.consultationId, [
              { op: 'add', doc: searchDocumentOf(comment, comment.clusterId ?? null) },
            ]),
          ),
      ]);
    },
    async reclustered(comment, to) {
      const { stats } = deps;
      if (stats !== undefined) await attempt('feedback counters', () => stats.countReclustered(comment, to));
    },
    async decided(before, after) {
      const { stats, search } = deps;
      const change = indexChangeOf(
        searchDocumentOf(before, before.clusterId ?? null),
        searchDocumentOf(after, after.clusterId ?? null),
      );
      await Promise.all([
        stats &&
          before.status !== after.status &&
          attempt('feedback counters', () => stats.countMoved(after, before.status, after.status)),
        search &&
          change !== undefined &&
          attempt('search index', () => search.record(after.consultationId, [change])),
      ]);
    },
  };
}

const REBUILD_BATCH = 1000;

/**
 * Makes sure a consultation's index holds every stored comment, once per process: when it holds fewer than
 * the comment counter says (no index yet, or writes lost while the index was unreachable), the comments are
 * read back from the store, all statuses, and recorded again (adds are idempotent).
 */
export function indexRebuilder(deps: {
  search: CommentSearch;
  store: Pick<StaffStore, 'readStatusShard'>;
  countComments: (consultationId: string) => Promise<number>;
  shards: number;
}) {
  const done = new Map<string, Promise<void>>();
  const rebuild = async (consultationId: string) => {
    const [indexed, stored] = await Promise.all([
      deps.search.size(consultationId),
      deps.countComments(consultationId),
    ]);
    if (indexed >= stored) return;
    for (const status of COMMENT_STATUSES) {
      for (let shard = 0; shard < deps.shards; shard++) {
        let after: string | undefined;
        do {
          const page = await deps.store.readStatusShard({
            consultationId,
            status,
            shard,
            after,
            limit: REBUILD_BATCH,
          });
          if (page.items.length > 0)
            await deps.search.record(
              consultationId,
              page.items.map((c) => ({ op: 'add', doc: searchDocumentOf(c, c.clusterId ?? null) }) as const),
            );
          after = page.last;
        } while (after !== undefined);
      }
    }
  };
  return (consultationId: string): Promise<void> => {
    let pending = done.get(consultationId);
    if (pending === undefined) {
      pending = rebuild(consultationId);
      pending.catch(() => done.delete(consultationId));
      done.set(consultationId, pending);
    }
    return pending;
  };
}
