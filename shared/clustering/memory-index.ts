import type { ClusterIndex } from './cluster-index.ts';
import type { Signature } from './minhash.ts';
import { CLUSTERING } from './params.ts';

/** The in-memory {@link ClusterIndex}, for tests, the benchmark and rebuilding after a batch re-cluster. */
export class MemoryClusterIndex implements ClusterIndex {
  readonly #content = new Map<string, string>();
  /** One map per band; a bucket holding one cluster stores the id itself, which is the common case. */
  readonly #buckets: Map<number, string | string[]>[] = Array.from(
    { length: CLUSTERING.bands },
    () => new Map(),
  );
  readonly #signatures = new Map<string, Signature[]>();
  readonly #capacity: number;

  constructor(options: { bucketCapacity?: number } = {}) {
    this.#capacity = options.bucketCapacity ?? CLUSTERING.bucketCapacity;
  }

  get clusters(): number {
    return this.#signatures.size;
  }

  async clusterOfContent(contentHash: string): Promise<string | undefined> {
    return this.#content.get(contentHash);
  }

  async bucketMembers(bandKeys: Uint32Array): Promise<readonly (readonly string[])[]> {
    return this.#buckets.map((buckets, band) => {
      const entry = buckets.get(bandKeys[band] ?? 0);
      return entry === undefined ? [] : typeof entry === 'string' ? [entry] : entry;
    });
  }

  async signatures(clusterIds: readonly string[]): Promise<ReadonlyMap<string, readonly Signature[]>> {
    const found = new Map<string, readonly Signature[]>();
    for (const id of clusterIds) {
      const signature = this.#signatures.get(id);
      if (signature !== undefined) found.set(id, signature);
    }
    return found;
  }

  async addRepresentative(cluster: {
    id: string;
    signature: Signature;
    bandKeys: Uint32Array;
  }): Promise<void> {
    const signatures = this.#signatures.get(cluster.id);
    if (signatures === undefined) this.#signatures.set(cluster.id, [cluster.signature]);
    else if (signatures.length < CLUSTERING.representatives) signatures.push(cluster.signature);
    else return;
    this.#buckets.forEach((buckets, band) => {
      const key = cluster.bandKeys[band] ?? 0;
      const entry = buckets.get(key);
      if (entry === undefined) buckets.set(key, cluster.id);
      else if (typeof entry === 'string') {
        if (entry !== cluster.id && this.#capacity > 1) buckets.set(key, [entry, cluster.id]);
      } else if (entry.length < this.#capacity && !entry.includes(cluster.id)) entry.push(cluster.id);
    });
  }

  async addContent(contentHash: string, clusterId: string): Promise<void> {
    if (!this.#content.has(contentHash)) this.#content.set(contentHash, clusterId);
  }
}
