/**
 * Duplicate and near-duplicate clustering of comments (issue 9 §1): exact duplicates by the hash of the
 * normalised text, near duplicates by MinHash over character (Chinese) and word (English) shingles with LSH
 * banding. `assignCluster` places one arriving comment at bounded cost; `reclusterConsultation` re-clusters a
 * whole consultation from a stream; `summariseCluster` tells a moderator how the members differ.
 */
export { type Assignment, assignCluster, type ClusterInput } from './assign.ts';
export { type BatchClustering, type BatchStats, reclusterConsultation } from './batch.ts';
export type { ClusterIndex } from './cluster-index.ts';
export { type Fingerprint, fingerprint } from './fingerprint.ts';
export { MemoryClusterIndex } from './memory-index.ts';
export { estimatedJaccard, type Signature, signatureBytes, signatureFromBytes } from './minhash.ts';
export { displayText, normalise } from './normalise.ts';
export { CLUSTERING } from './params.ts';
export {
  type ClusterMember,
  type ClusterSummary,
  differences,
  type Phrase,
  summariseCluster,
  type VariantDifference,
} from './summary.ts';
