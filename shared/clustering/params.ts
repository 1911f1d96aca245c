/**
 * The clustering parameters. Signatures and band keys are persisted, so any change here (or to the hash
 * seeds in minhash.ts, the shingling in shingles.ts or the normaliser) must bump `version` and re-cluster
 * every consultation with the batch job: signatures made under two versions cannot be compared.
 */
export const CLUSTERING = {
  version: 1,
  /** MinHash permutations: the estimate's standard error is sqrt(J(1-J)/128), about 0.044 at J = 0.5. */
  permutations: 128,
  /** LSH: 32 bands of 4 rows. A pair at Jaccard 0.5 becomes a candidate with p = 0.87, at 0.6 with 0.99, at 0.2 with 0.05. */
  bands: 32,
  rows: 4,
  /** Verified near duplicate: estimated Jaccard of the shingle sets at least this. */
  threshold: 0.5,
  /** Character n-grams for Chinese and other scripts written without spaces. */
  cjkShingle: 3,
  /** Word n-grams for scripts written with spaces. */
  wordShingle: 2,
  /** Cluster ids kept per LSH bucket in the incremental index; a full bucket takes no more. */
  bucketCapacity: 8,
  /**
   * Signatures kept per cluster in the incremental index. A comment that joins a cluster but resembles its
   * representatives less than `addRepresentativeBelow` becomes one more representative, so that a letter whose
   * first copy was an outlier still gathers its other copies; the cap bounds both drift and cost.
   */
  representatives: 4,
  addRepresentativeBelow: 0.7,
  /** Leaders compared per bucket in the batch job before a member is left to the other bands. */
  batchLeaders: 8,
} as const;

export type ClusteringParams = typeof CLUSTERING;
