import { z } from 'zod';
import { type Comment, Stance } from '../comment/comment.ts';
import { ValidationError } from '../errors.ts';
import { type QueuePage, QueueQuery } from '../moderation/queue.ts';
import { staffViewOf } from '../moderation/views.ts';
import type { CommentSearch } from '../search/comment-search.ts';
import type { StaffStore } from '../staff/ports.ts';

/** The staff comment list's query with the drafting side's filters; `article=whole` is the whole draft. */
export const CommentListQuery = QueueQuery.extend({
  article: z.union([QueueQuery.shape.article.unwrap(), z.literal('whole')]).optional(),
  stance: Stance.optional(),
  cluster: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,64}$/, 'a cluster id')
    .optional(),
  match: z.enum(['all', 'words']).optional(),
}).strict();
export type CommentListQuery = z.infer<typeof CommentListQuery>;

/** A text query or a filter only the index can serve sends the list through the full-text index. */
export function needsIndex(query: CommentListQuery): boolean {
  return (
    query.q !== undefined ||
    query.stance !== undefined ||
    query.cluster !== undefined ||
    query.article === 'whole'
  );
}

export interface SearchQueueDeps {
  search: CommentSearch;
  store: Pick<StaffStore, 'getComment'>;
  /** Fills the index from the store once per process if it lacks comments. */
  ensureIndexed: (consultationId: string) => Promise<void>;
  /** The consultation's comments per status, as the unfiltered list answers them (the console's tabs). */
  statusCounts: (consultationId: string) => Promise<QueuePage['counts']>;
}

/**
 * One page of the staff comment list answered by the full-text index (ids), then the store (the comments
 * themselves, read by key). `counts` stay the consultation's, as without a search; `matchCounts` are the
 * matches per status.
 */
export async function searchQueue(
  deps: SearchQueueDeps,
  consultationId: string,
  query: CommentListQuery,
): Promise<QueuePage & { matchCounts: QueuePage['counts'] }> {
  const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
  const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
  if (from !== undefined && to !== undefined && to <= from)
    throw new ValidationError('The date range ends before it starts.', [
      { pointer: '/to', detail: 'must be after from' },
    ]);
  await deps.ensureIndexed(consultationId);
  const page = await deps.search.search(consultationId, {
    q: query.q ?? '',
    status: [query.status],
    limit: query.limit,
    cursor: query.cursor ?? null,
    ...(query.article === undefined ? {} : { article: [query.article === 'whole' ? null : query.article] }),
    ...(query.stance === undefined ? {} : { stance: [query.stance] }),
    ...(query.cluster === undefined ? {} : { cluster: [query.cluster] }),
    ...(query.match === undefined ? {} : { match: query.match }),
  });
  const [comments, counts] = await Promise.all([
    Promise.all(page.hits.map((hit) => deps.store.getComment(consultationId, hit.id))),
    deps.statusCounts(consultationId),
  ]);
  return {
    // A comment the index knows but the store no longer has (never expected: comments are not deleted).
    // The index keeps no dates: a date range is applied to the page, which may then come back short (the
    // cursor still goes on), as the unindexed list does with its text filter.
    items: comments
      .filter((c): c is Comment => c !== undefined)
      .filter(
        (c) => (from === undefined || c.submittedAt >= from) && (to === undefined || c.submittedAt < to),
      )
      .map(staffViewOf),
    nextCursor: page.nextCursor,
    counts,
    matchCounts: page.counts,
  };
}
