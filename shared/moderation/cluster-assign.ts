import { assignCluster } from '../clustering/assign.ts';
import { reclusterConsultation } from '../clustering/batch.ts';
import type { Comment } from '../comment/comment.ts';
import { type StatsSubject, statsSubjectOf } from '../feedback/stats.ts';
import type { ClusterStore } from './cluster-ports.ts';

/** What clustering compares: the body, the same text whose hash intake stores as `contentHash`. */
export const clusterTextOf = (comment: Pick<Comment, 'body'>) => comment.body;

/**
 * Puts one stored comment into a cluster (bounded cost, see assignCluster), records the cluster id on the
 * comment and moves the cluster sizes. Runs after the intake write, never inside it: a failure leaves the
 * comment unclustered, and the batch re-cluster puts it right. Safe to repeat for the same comment.
 */
export async function clusterComment(
  store: ClusterStore,
  comment: Pick<Comment, 'id' | 'consultationId' | 'body'>,
): Promise<{ clusterId: string; match: 'exact' | 'near' | 'new' }> {
  const index = await store.currentIndex(comment.consultationId);
  const assignment = await assignCluster(index, { id: comment.id, text: clusterTextOf(comment) });
  await moveTo(store, comment.consultationId, comment.id, assignment.clusterId);
  return { clusterId: assignment.clusterId, match: assignment.match };
}

export type ReclusterReport = {
  comments: number;
  clusters: number;
  /** Comments whose cluster id changed (or that had none); only these were written. */
  changed: number;
  generation: number;
};

/**
 * Re-clusters a whole consultation (the authority over incremental assignment): reads every comment,
 * clusters them in one batch, writes only the cluster ids that changed, then seeds a fresh index
 * generation with each cluster's representative and content pointers and switches arriving comments to it.
 */
export async function reclusterAll(
  store: ClusterStore,
  consultationId: string,
  options: {
    concurrency?: number;
    /** Told of each comment whose cluster changed (with its former cluster), e.g. to move feedback counters. */
    onMoved?: (comment: StatsSubject, to: string) => Promise<void>;
  } = {},
): Promise<ReclusterReport> {
  const current = new Map<string, string | null>();
  const hashes = new Map<string, string>();
  // Only what the listener needs, and only with one: a million full comments would not fit.
  const subjects = new Map<string, StatsSubject>();
  const texts = async function* () {
    for await (const comment of store.comments(consultationId)) {
      current.set(comment.id, comment.clusterId ?? null);
      hashes.set(comment.id, comment.contentHash);
      if (options.onMoved !== undefined) subjects.set(comment.id, statsSubjectOf(comment));
      yield { id: comment.id, text: clusterTextOf(comment) };
    }
  };
  const batch = await reclusterConsultation(texts());

  const changes: { commentId: string; clusterId: string }[] = [];
  for (const assignment of batch.assignments())
    if (current.get(assignment.commentId) !== assignment.clusterId) changes.push(assignment);
  const concurrency = options.concurrency ?? 16;
  for (let i = 0; i < changes.length; i += concurrency) {
    await Promise.all(
      changes.slice(i, i + concurrency).map(async (c) => {
        const moved = await moveTo(store, consultationId, c.commentId, c.clusterId);
        const subject = subjects.get(c.commentId);
        if (moved && subject !== undefined) await options.onMoved?.(subject, c.clusterId);
      }),
    );
  }

  const { index, generation } = await store.nextIndex(consultationId);
  await batch.seed(index);
  const pointed = new Set<string>();
  const pointers: [string, string][] = [];
  for (const { commentId, clusterId } of batch.assignments()) {
    const hash = hashes.get(commentId);
    if (hash === undefined || pointed.has(hash)) continue;
    pointed.add(hash);
    pointers.push([hash, clusterId]);
  }
  for (let i = 0; i < pointers.length; i += concurrency) {
    await Promise.all(
      pointers.slice(i, i + concurrency).map(([hash, clusterId]) => index.addContent(hash, clusterId)),
    );
  }
  await store.activate(consultationId, generation);
  return {
    comments: batch.stats.comments,
    clusters: batch.stats.clusters,
    changed: changes.length,
    generation,
  };
}

/** Answers whether the comment changed cluster. */
async function moveTo(
  store: ClusterStore,
  consultationId: string,
  commentId: string,
  clusterId: string,
): Promise<boolean> {
  const set = await store.setCluster(consultationId, commentId, clusterId);
  if (set === undefined || set.previous === clusterId) return false;
  await store.countMember(consultationId, clusterId, commentId, 1);
  if (set.previous !== null) await store.countMember(consultationId, set.previous, commentId, -1);
  return true;
}
