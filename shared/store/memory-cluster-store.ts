import type { ClusterIndex } from '../clustering/cluster-index.ts';
import { MemoryClusterIndex } from '../clustering/memory-index.ts';
import type { Comment } from '../comment/comment.ts';
import type { ClusterStore } from '../moderation/cluster-ports.ts';
import type { MemoryStore } from './memory-store.ts';

/** The ClusterStore over a MemoryStore, for unit tests: same contract as the DynamoDB adapter. */
export class MemoryClusterStore implements ClusterStore {
  readonly sizes = new Map<string, number>();
  readonly #base: MemoryStore;
  readonly #indexes = new Map<string, MemoryClusterIndex>();
  readonly #generations = new Map<string, number>();

  constructor(base: MemoryStore) {
    this.#base = base;
  }

  async currentIndex(consultationId: string): Promise<ClusterIndex> {
    return this.#index(consultationId, this.#generations.get(consultationId) ?? 0);
  }

  async nextIndex(consultationId: string) {
    const generation = (this.#generations.get(consultationId) ?? 0) + 1;
    return { index: this.#index(consultationId, generation), generation };
  }

  async activate(consultationId: string, generation: number) {
    this.#generations.set(consultationId, generation);
  }

  async setCluster(consultationId: string, commentId: string, clusterId: string) {
    const comment = this.#find(consultationId, commentId);
    if (comment === undefined) return undefined;
    const previous = comment.clusterId ?? null;
    comment.clusterId = clusterId;
    return { previous };
  }

  async countMember(consultationId: string, clusterId: string, _commentId: string, delta: 1 | -1) {
    const key = `${consultationId}#${clusterId}`;
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + delta);
  }

  async clusterSizes(consultationId: string, clusterIds: readonly string[]) {
    return new Map(clusterIds.map((id) => [id, this.sizes.get(`${consultationId}#${id}`) ?? 0]));
  }

  async *comments(consultationId: string): AsyncIterable<Comment> {
    for (const comment of [...this.#base.comments.values()])
      if (comment.consultationId === consultationId) yield structuredClone(comment);
  }

  #index(consultationId: string, generation: number): MemoryClusterIndex {
    const key = `${consultationId}#${generation}`;
    let index = this.#indexes.get(key);
    if (index === undefined) {
      index = new MemoryClusterIndex();
      this.#indexes.set(key, index);
    }
    return index;
  }

  #find(consultationId: string, commentId: string): Comment | undefined {
    for (const comment of this.#base.comments.values())
      if (comment.id === commentId && comment.consultationId === consultationId) return comment;
    return undefined;
  }
}
