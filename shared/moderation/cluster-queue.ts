import { z } from 'zod';
import { summariseCluster } from '../clustering/summary.ts';
import { type Comment, CommentStatus } from '../comment/comment.ts';
import { newCommentId } from '../comment/comment-id.ts';
import type { Consultation } from '../consultation/consultation.ts';
import { ArticleId } from '../draft/schema.ts';
import type { StatsSubject } from '../feedback/stats.ts';
import type { Clock } from '../ports.ts';
import type { StaffStore } from '../staff/ports.ts';
import { requireRole, type StaffPrincipal } from '../staff/principal.ts';
import { type ReclusterReport, reclusterAll } from './cluster-assign.ts';
import type { ClusterStore } from './cluster-ports.ts';
import { checkedReason, MAX_BULK, type ModerationDeps, moderate } from './moderate.ts';
import { positionOf } from './queue.ts';
import { mergeShards, type Positions } from './shard-merge.ts';
import { MODERATION_ACTIONS, rolesFor } from './transitions.ts';
import { type StaffComment, staffViewOf } from './views.ts';

/**
 * The queue grouped by cluster reads at most this many comments of the status (newest first) and groups
 * those: a campaign of 100,000 pending letters shows as one large group among the newest 5,000, and once
 * decided it leaves the queue so the next read sees the rest. `complete` says whether everything was read.
 */
export const MAX_CLUSTER_SCAN = 5000;
/** Members handed to summariseCluster per cluster (it takes the medoid of the first 64 by id). */
const SUMMARY_MEMBERS = 64;
const SAMPLE_MEMBERS = 5;
/** A cluster decision decides at most this many comments per request; the console repeats while `more`. */
export const MAX_CLUSTER_DECISION = 1000;

export const COMMENT_ID_PATTERN = /^[0-9A-Z]{26}$/;
export const ClusterId = z.string().regex(COMMENT_ID_PATTERN, 'a cluster id (the id of its first comment)');

export const ClusterQuery = z
  .object({
    status: CommentStatus.default('pending'),
    article: ArticleId.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ClusterQuery = z.infer<typeof ClusterQuery>;

export type ClusterGroup = {
  clusterId: string;
  /** Comments in the cluster, every status and article (the cluster's counter). */
  size: number;
  /** Comments of this cluster among those read (this status, this article). */
  inQueue: number;
  representative: StaffComment;
  exactCopies: number;
  variants: ReturnType<typeof summariseCluster>['variants'];
  commonChanges: ReturnType<typeof summariseCluster>['commonChanges'];
  sample: StaffComment[];
};

export type ClusterPage = {
  /** Comments read and grouped (raw count) and the groups they form (collapsed count). */
  comments: number;
  clusters: number;
  complete: boolean;
  /** Per article (null = the whole draft): comments and clusters among those read. */
  byArticle: { articleId: string | null; comments: number; clusters: number }[];
  items: ClusterGroup[];
};

export interface ClusterQueueDeps {
  store: StaffStore;
  clusters: ClusterStore;
  shards: number;
}

/** A comment not (yet) clustered stands alone under its own id, which is what assignment would give it. */
export const clusterOf = (comment: Pick<Comment, 'id' | 'clusterId'>) => comment.clusterId ?? comment.id;

/** The queue of one status grouped by cluster, largest groups first, each summarised for a moderator. */
export async function listClusters(
  deps: ClusterQueueDeps,
  consultationId: string,
  query: ClusterQuery,
): Promise<ClusterPage> {
  const page = await mergeShards<Comment>({
    shards: deps.shards,
    read: (shard, after, limit) =>
      deps.store.readStatusShard({ consultationId, status: query.status, shard, after, limit }),
    keyOf: positionOf,
    limit: MAX_CLUSTER_SCAN,
    positions: {},
    ...(query.article === undefined
      ? {}
      : { accept: (c: Comment) => c.articleId === query.article, maxScanned: MAX_CLUSTER_SCAN }),
  });
  const groups = new Map<string, Comment[]>();
  const articles = new Map<string | null, { comments: number; clusters: Set<string> }>();
  for (const comment of page.items) {
    const id = clusterOf(comment);
    const members = groups.get(id);
    if (members === undefined) groups.set(id, [comment]);
    else members.push(comment);
    const article = articles.get(comment.articleId) ?? { comments: 0, clusters: new Set<string>() };
    article.comments++;
    article.clusters.add(id);
    articles.set(comment.articleId, article);
  }
  const largest = [...groups.entries()]
    .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1))
    .slice(0, query.limit);
  const sizes = await deps.clusters.clusterSizes(
    consultationId,
    largest.map(([id]) => id),
  );
  const items = largest.map(([clusterId, members]): ClusterGroup => {
    const byId = new Map(members.map((m) => [m.id, m]));
    const sorted = [...members].sort((a, b) => (a.id < b.id ? -1 : 1));
    const summary = summariseCluster(
      {
        clusterId,
        size: members.length,
        members: sorted.slice(0, SUMMARY_MEMBERS).map((m) => ({ id: m.id, text: m.body })),
      },
      { maxVariants: 10 },
    );
    const representative = byId.get(summary.representative.id) ?? sorted[0];
    if (representative === undefined) throw new RangeError('a cluster group has members');
    return {
      clusterId,
      // The counter lags a failed assignment; never show fewer than were just read.
      size: Math.max(sizes.get(clusterId) ?? 0, members.length),
      inQueue: members.length,
      representative: staffViewOf(representative),
      exactCopies: summary.exactCopies,
      variants: summary.variants,
      commonChanges: summary.commonChanges,
      sample: members.slice(0, SAMPLE_MEMBERS).map(staffViewOf),
    };
  });
  return {
    comments: page.items.length,
    clusters: groups.size,
    complete: page.next === null,
    byArticle: [...articles.entries()]
      .map(([articleId, a]) => ({ articleId, comments: a.comments, clusters: a.clusters.size }))
      .sort((a, b) => b.comments - a.comments || String(a.articleId).localeCompare(String(b.articleId))),
    items,
  };
}

export const ClusterDecisionRequest = z
  .object({
    action: z.enum(MODERATION_ACTIONS),
    /** Only members in this status are decided (the queue the moderator was looking at). */
    status: CommentStatus.default('pending'),
    article: ArticleId.optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    reasonCode: z.string().max(40).optional(),
  })
  .strict();
export type ClusterDecisionRequest = z.infer<typeof ClusterDecisionRequest>;

export type ClusterDecisionResult = {
  clusterId: string;
  decided: number;
  conflicts: number;
  illegal: number;
  notFound: number;
  /** More members in that status remain: send the same request again. */
  more: boolean;
};

/**
 * Decides every member of a cluster that is in the given status, through the same code path as a bulk
 * decision (moderate): each comment changes only if unchanged since it was read, each with its own audit
 * entry naming the cluster. Members are read from the status index 100 at a time.
 */
export async function decideCluster(
  deps: ClusterQueueDeps & { moderation: ModerationDeps },
  principal: StaffPrincipal,
  consultation: Consultation,
  clusterId: string,
  request: ClusterDecisionRequest,
  requestId: string,
): Promise<ClusterDecisionResult> {
  requireRole(principal, rolesFor(request.action), `${request.action} comments`);
  // Checked before any member is read, so that an empty cluster answers the same as a full one.
  checkedReason(deps.moderation.reasons, request);
  const result: ClusterDecisionResult = {
    clusterId,
    decided: 0,
    conflicts: 0,
    illegal: 0,
    notFound: 0,
    more: false,
  };
  let positions: Positions = {};
  let seen = 0;
  for (;;) {
    const page = await mergeShards<Comment>({
      shards: deps.shards,
      read: (shard, after, limit) =>
        deps.store.readStatusShard({
          consultationId: consultation.id,
          status: request.status,
          shard,
          after,
          limit,
        }),
      keyOf: positionOf,
      limit: MAX_BULK,
      positions,
      accept: (c) =>
        clusterOf(c) === clusterId && (request.article === undefined || c.articleId === request.article),
      maxScanned: MAX_CLUSTER_SCAN,
    });
    if (page.items.length > 0) {
      const outcomes = await moderate(
        deps.moderation,
        principal,
        consultation,
        {
          action: request.action,
          items: page.items.map((c) => ({ commentId: c.id, version: c.version ?? 0 })),
          ...(request.reason === undefined ? {} : { reason: request.reason }),
          ...(request.reasonCode === undefined ? {} : { reasonCode: request.reasonCode }),
        },
        requestId,
        { clusterId },
      );
      for (const o of outcomes) {
        if (o.outcome === 'done') result.decided++;
        else if (o.outcome === 'conflict') result.conflicts++;
        else if (o.outcome === 'illegal') result.illegal++;
        else result.notFound++;
      }
      seen += page.items.length;
    }
    if (page.next === null) return result;
    if (seen >= MAX_CLUSTER_DECISION) return { ...result, more: true };
    positions = page.next;
  }
}

/** An administrator re-clusters a consultation; the run is audited with what it changed. */
export async function reclusterAudited(
  deps: {
    clusters: ClusterStore;
    store: StaffStore;
    clock: Clock;
    onMoved?: (comment: StatsSubject, to: string) => Promise<void>;
  },
  principal: StaffPrincipal,
  consultation: Consultation,
  requestId: string,
): Promise<ReclusterReport> {
  requireRole(principal, ['admin'], 're-cluster a consultation');
  const report = await reclusterAll(
    deps.clusters,
    consultation.id,
    deps.onMoved === undefined ? {} : { onMoved: deps.onMoved },
  );
  const now = deps.clock.now();
  await deps.store.appendAudit({
    id: newCommentId(now),
    at: now.toISOString(),
    actor: { sub: principal.sub, username: principal.username },
    action: 'recluster',
    consultationId: consultation.id,
    reason: `${report.comments} comments, ${report.clusters} clusters, ${report.changed} changed`,
    requestId,
  });
  return report;
}
