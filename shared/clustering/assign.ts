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
 * least `CLUSTERING.threshold`). Of the verified clusters the earliest (smallest id) wins, as in the batch
 * job, where a cluster is named after its earliest comment: when concurrent writers have split a letter into
 * several clusters, later copies all gather in the first. A comment that matches nothing founds a cluster
 * whose id is its own id, then looks again: if a concurrent writer founded an earlier matching cluster
 * meanwhile, the comment joins that one instead (its own stays behind as a representative that only copies
 * matching nothing earlier can reach). Comparing with a few representatives rather than with any member keeps
 * clusters from drifting along chains of small edits; the batch re-cluster is the authority.
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
  let comparisons = 0;
  /** The earliest verified cluster and the highest similarity to one of its representatives. */
  const earliestMatch = async (): Promise<{ id: string; similarity: number } | undefined> => {
    const buckets = await index.bucketMembers(keys);
    const candidates = [...new Set(buckets.flat())];
    if (candidates.length === 0) return undefined;
    let match: { id: string; similarity: number } | undefined;
    for (const [id, signatures] of await index.signatures(candidates)) {
      if (match !== undefined && id > match.id) continue;
      for (const signature of signatures) {
        comparisons++;
        const similarity = estimatedJaccard(print.signature, signature);
        if (similarity < threshold) continue;
        if (match === undefined || id < match.id) match = { id, similarity };
        else if (similarity > match.similarity) match = { id, similarity };
      }
    }
    return match;
  };
  const found = await earliestMatch();
  const best = found?.id;
  const bestSimilarity = found?.similarity ?? -1;

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
  // A concurrent writer may have founded a matching cluster between our read and our write.
  const earlier = await earliestMatch();
  if (earlier !== undefined && earlier.id < comment.id) {
    await index.addContent(print.contentHash, earlier.id);
    return {
      clusterId: earlier.id,
      match: 'near',
      similarity: earlier.similarity,
      comparisons,
      contentHash,
      signature: print.signature,
    };
  }
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
