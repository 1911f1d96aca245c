import type { ClusterIndex } from './cluster-index.ts';
import { contentHashOf, type Fingerprint, signatureOf } from './fingerprint.ts';
import type { Signature } from './minhash.ts';
import { bandKeys, estimatedJaccard } from './minhash.ts';
import { analyse } from './normalise.ts';
import { CLUSTERING } from './params.ts';

export type ClusterInput = { readonly id: string; readonly text: string };

export type Assignment = {
  readonly clusterId: string;
  /** exact: same normalised text as an earlier comment; near: verified near duplicate; new: founds a cluster. */
  readonly match: 'exact' | 'near' | 'new';
  /** Highest estimated Jaccard similarity to one of the cluster's representatives (1 for exact and new). */
  readonly similarity: number;
  /** Signatures compared; at most bands × bucket capacity × representatives. */
  readonly comparisons: number;
  readonly contentHash: string;
  /** The comment's signature; not computed for an exact duplicate, whose signature is its original's. */
  readonly signature: Signature | undefined;
};

/**
 * Puts one arriving comment into a cluster at bounded cost: an exact-content lookup, then the clusters that
 * share an LSH bucket with it, each verified against its representatives' signatures (estimated Jaccard at
 * least `CLUSTERING.threshold`; the most similar cluster wins, ties to the smaller id). A comment that matches
 * nothing founds a cluster whose id is its own id. Comparing with a few representatives rather than with any
 * member keeps clusters from drifting along chains of small edits; the batch re-cluster is the authority.
 */
export async function assignCluster(
  index: ClusterIndex,
  comment: ClusterInput | { readonly id: string; readonly fingerprint: Fingerprint },
  options: { threshold?: number } = {},
): Promise<Assignment> {
  const threshold = options.threshold ?? CLUSTERING.threshold;
  const analysis = 'fingerprint' in comment ? undefined : analyse(comment.text);
  const contentHash =
    'fingerprint' in comment ? comment.fingerprint.contentHash : contentHashOf(analysis ?? analyse(''));

  const exact = await index.clusterOfContent(contentHash);
  if (exact !== undefined) {
    return {
      clusterId: exact,
      match: 'exact',
      similarity: 1,
      comparisons: 0,
      contentHash,
      signature: undefined,
    };
  }
  // MinHash is most of the cost, so it is left until the exact lookup has missed.
  const print = {
    contentHash,
    signature:
      'fingerprint' in comment ? comment.fingerprint.signature : signatureOf(analysis ?? analyse('')),
  };

  const keys = bandKeys(print.signature);
  const buckets = await index.bucketMembers(keys);
  const candidates = [...new Set(buckets.flat())];
  let best: string | undefined;
  let bestSimilarity = -1;
  let comparisons = 0;
  if (candidates.length > 0) {
    for (const [id, signatures] of await index.signatures(candidates)) {
      for (const signature of signatures) {
        comparisons++;
        const similarity = estimatedJaccard(print.signature, signature);
        if (
          similarity >= threshold &&
          (similarity > bestSimilarity || (similarity === bestSimilarity && best !== undefined && id < best))
        ) {
          best = id;
          bestSimilarity = similarity;
        }
      }
    }
  }

  if (best !== undefined) {
    if (bestSimilarity < CLUSTERING.addRepresentativeBelow) {
      await index.addRepresentative({ id: best, signature: print.signature, bandKeys: keys });
    }
    await index.addContent(print.contentHash, best);
    return {
      clusterId: best,
      match: 'near',
      similarity: bestSimilarity,
      comparisons,
      contentHash,
      signature: print.signature,
    };
  }
  await index.addRepresentative({ id: comment.id, signature: print.signature, bandKeys: keys });
  await index.addContent(print.contentHash, comment.id);
  return {
    clusterId: comment.id,
    match: 'new',
    similarity: 1,
    comparisons,
    contentHash,
    signature: print.signature,
  };
}
