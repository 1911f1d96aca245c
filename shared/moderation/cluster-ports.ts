import type { ClusterIndex } from '../clustering/cluster-index.ts';
import type { Comment } from '../comment/comment.ts';

/**
 * Where clustering keeps its state: the incremental index of each consultation (in generations, so that a
 * re-cluster can build a new one while comments keep arriving), each comment's cluster id and the sharded
 * cluster sizes. DynamoDB: shared/store/dynamodb/cluster-store.ts; memory: shared/store/memory-cluster-store.ts.
 */
export interface ClusterStore {
  /** The index arriving comments are assigned with. */
  currentIndex(consultationId: string): Promise<ClusterIndex>;
  /** An empty index of a new generation, not used by arriving comments until `activate`. */
  nextIndex(consultationId: string): Promise<{ index: ClusterIndex; generation: number }>;
  activate(consultationId: string, generation: number): Promise<void>;
  /**
   * Sets the comment's cluster id. Returns the id it had before (null for none), so that sizes are moved
   * exactly once even when a step is retried; undefined when the comment does not exist.
   */
  setCluster(
    consultationId: string,
    commentId: string,
    clusterId: string,
  ): Promise<{ previous: string | null } | undefined>;
  /** Adds `delta` to the cluster's size, on the counter shard of the comment. */
  countMember(consultationId: string, clusterId: string, commentId: string, delta: 1 | -1): Promise<void>;
  /** Sizes of the given clusters (0 for unknown ones). */
  clusterSizes(consultationId: string, clusterIds: readonly string[]): Promise<Map<string, number>>;
  /** Every comment of the consultation, whatever its status, in no particular order. */
  comments(consultationId: string): AsyncIterable<Comment>;
}
