import { z } from 'zod';
import { type Comment, CommentStatus } from '../comment/comment.ts';
import { ArticleId } from '../draft/schema.ts';
import { ValidationError } from '../errors.ts';
import type { ConsultationStore } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { decodeCursor, encodeCursor, mergeShards, queryTag } from './shard-merge.ts';
import {
  type AuditEntry,
  type PublicComment,
  publicViewOf,
  type StaffComment,
  type StatusCounts,
  staffViewOf,
} from './views.ts';

/** Position in a comment shard: the moderation index sort key `<submittedAt>#<commentId>`. */
const COMMENT_POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z#[0-9A-Z]{26}$/;
const AUDIT_POSITION =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z#[0-9A-Z]{26}#(?:[0-9A-Z]{26}|CONSULTATION)$/;
/**
 * A text search reads at most this many comments per page (over all shards) and then answers with what it
 * found and a cursor to continue: with 100,000 pending comments and a rare word, a page may come back short
 * or empty with a next cursor. Full-text search proper belongs to the drafting side's index.
 */
export const MAX_SCANNED_PER_PAGE = 2000;

export const positionOf = (comment: Pick<Comment, 'submittedAt' | 'id'>) =>
  `${comment.submittedAt}#${comment.id}`;
export const auditPositionOf = (entry: AuditEntry) =>
  `${entry.at}#${entry.id}#${entry.commentId ?? 'CONSULTATION'}`;

export const QueueQuery = z
  .object({
    status: CommentStatus.default('pending'),
    article: ArticleId.optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    q: z.string().trim().min(1).max(100).optional(),
    /** Members of one cluster (issue 9): a comment not yet clustered counts as its own cluster. */
    cluster: z
      .string()
      .regex(/^[0-9A-Z]{26}$/, 'a cluster id')
      .optional(),
    cursor: z.string().max(8192).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type QueueQuery = z.infer<typeof QueueQuery>;

export interface QueueDeps {
  store: StaffStore;
  consultations: ConsultationStore;
  shards: number;
}

export interface QueuePage {
  items: StaffComment[];
  nextCursor: string | null;
  counts: StatusCounts;
}

export async function listQueue(
  deps: QueueDeps,
  consultationId: string,
  query: QueueQuery,
): Promise<QueuePage> {
  const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
  const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
  if (from !== undefined && to !== undefined && to <= from) {
    throw new ValidationError('The date range ends before it starts.', [
      { pointer: '/to', detail: 'must be after from' },
    ]);
  }
  const needle = query.q === undefined ? undefined : fold(query.q);
  const filtered = needle !== undefined || query.article !== undefined || query.cluster !== undefined;
  const tag = queryTag({ s: query.status, a: query.article, f: from, t: to, q: needle, c: query.cluster });
  const page = await mergeShards<Comment>({
    shards: deps.shards,
    read: async (shard, after, limit) =>
      deps.store.readStatusShard({ consultationId, status: query.status, shard, after, limit, from, to }),
    keyOf: positionOf,
    limit: query.limit,
    positions: decodeCursor(query.cursor, tag, deps.shards, COMMENT_POSITION),
    ...(filtered
      ? {
          accept: (comment: Comment) =>
            (query.article === undefined || comment.articleId === query.article) &&
            (query.cluster === undefined || (comment.clusterId ?? comment.id) === query.cluster) &&
            (needle === undefined || matches(comment, needle)),
          maxScanned: MAX_SCANNED_PER_PAGE,
        }
      : {}),
  });
  return {
    items: page.items.map(staffViewOf),
    nextCursor: page.next === null ? null : encodeCursor(page.next, tag),
    counts: await statusCounts(deps, consultationId),
  };
}

export async function statusCounts(deps: QueueDeps, consultationId: string): Promise<StatusCounts> {
  const [all, deltas] = await Promise.all([
    deps.consultations.countComments(consultationId),
    deps.store.statusDeltas(consultationId),
  ]);
  // Every comment arrives pending; decisions move it between the status counters.
  return { ...deltas, pending: Math.max(0, all + deltas.pending) };
}

export const PublishedQuery = z
  .object({
    // `whole`: comments on the whole draft only.
    article: z.union([ArticleId, z.literal('whole')]).optional(),
    cursor: z.string().max(8192).optional(),
  })
  .strict();
export type PublishedQuery = z.infer<typeof PublishedQuery>;
const PUBLIC_PAGE = 20;

/** Published comments only, newest first, in the form anyone may read. */
export async function listPublished(
  deps: { store: Pick<StaffStore, 'readStatusShard'>; shards: number },
  consultationId: string,
  query: PublishedQuery,
): Promise<{ items: PublicComment[]; nextCursor: string | null }> {
  const tag = queryTag({ s: 'published', a: query.article });
  const page = await mergeShards<Comment>({
    shards: deps.shards,
    read: (shard, after, limit) =>
      deps.store.readStatusShard({ consultationId, status: 'published', shard, after, limit }),
    keyOf: positionOf,
    limit: PUBLIC_PAGE,
    positions: decodeCursor(query.cursor, tag, deps.shards, COMMENT_POSITION),
    ...(query.article === undefined
      ? {}
      : {
          accept: (c: Comment) => c.articleId === (query.article === 'whole' ? null : query.article),
          maxScanned: MAX_SCANNED_PER_PAGE,
        }),
  });
  return {
    items: page.items.map(publicViewOf),
    nextCursor: page.next === null ? null : encodeCursor(page.next, tag),
  };
}

export const AuditQuery = z.object({ cursor: z.string().max(8192).optional() }).strict();
const AUDIT_PAGE = 50;

export async function listAudit(
  deps: Pick<QueueDeps, 'store' | 'shards'>,
  consultationId: string,
  cursor: string | undefined,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const tag = queryTag({ audit: consultationId });
  const page = await mergeShards<AuditEntry>({
    shards: deps.shards,
    read: (shard, after, limit) => deps.store.readAuditShard(consultationId, shard, after, limit),
    keyOf: auditPositionOf,
    limit: AUDIT_PAGE,
    positions: decodeCursor(cursor, tag, deps.shards, AUDIT_POSITION),
  });
  return { items: page.items, nextCursor: page.next === null ? null : encodeCursor(page.next, tag) };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function matches(comment: Comment, needle: string): boolean {
  return [comment.body, comment.proposedWording, comment.displayName, comment.receipt].some(
    (text) => text !== null && fold(text).includes(needle),
  );
}
