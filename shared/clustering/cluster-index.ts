import type { Signature } from './minhash.ts';

/**
 * The per-consultation state of incremental clustering, kept in any store: exact-content pointers, LSH
 * buckets (band, bucket) → a few cluster ids, and each cluster's representative signature. Only clusters
 * are indexed, never their members, so a form letter sent 100,000 times costs one entry per band.
 *
 * DynamoDB mapping (one consultation, all strings prefixed so that nothing collides with comment items):
 * - content pointer  pk=CONS#<id>#DUP#<contentHash>          sk=DUP     clusterId        (put if not exists)
 * - LSH bucket       pk=CONS#<id>#LSH#<band>#<bucket hex>    sk=LSH     clusterIds: SS   (ADD, capped)
 * - representatives  pk=CONS#<id>#CL#<clusterId>            sk=CL      signatures: L of B (512 bytes each, ≤ 4), version
 * Reads for one comment: 1 GetItem + one BatchGetItem of the 32 buckets + one BatchGetItem of the candidate
 * representatives (usually 0–2). Writes: a content pointer for new content, and 33 items only when the
 * comment founds a cluster or becomes one of its (at most 4) representatives. Every key is spread by a hash, so no partition is hot.
 */
export interface ClusterIndex {
  /** The cluster of an earlier comment with the same normalised content, if any. */
  clusterOfContent(contentHash: string): Promise<string | undefined>;
  /** The cluster ids in each band's bucket, in band order. */
  bucketMembers(bandKeys: Uint32Array): Promise<readonly (readonly string[])[]>;
  /** Representative signatures of the given clusters (missing ones are left out). */
  signatures(clusterIds: readonly string[]): Promise<ReadonlyMap<string, readonly Signature[]>>;
  /**
   * A representative for a cluster (a new one, or one more for an existing one): its signature, unless the
   * cluster has `CLUSTERING.representatives` already, and the cluster's id in each band's bucket unless that
   * bucket is full or holds it already.
   */
  addRepresentative(cluster: { id: string; signature: Signature; bandKeys: Uint32Array }): Promise<void>;
  /** Points the content at a cluster; an existing pointer is kept (the first comment wins). */
  addContent(contentHash: string, clusterId: string): Promise<void>;
}
