import { hash } from 'node:crypto';
import type { ClusterInput } from './assign.ts';
import type { ClusterIndex } from './cluster-index.ts';
import { bandKey, bandKeys, estimatedJaccard, minhash, type Signature } from './minhash.ts';
import { analyse } from './normalise.ts';
import { CLUSTERING } from './params.ts';
import { shingleHashes } from './shingles.ts';
import { UnionFind } from './union-find.ts';

export type BatchOptions = { threshold?: number; leaders?: number };

export type BatchStats = {
  readonly comments: number;
  /** Distinct normalised contents, i.e. signatures computed and kept. */
  readonly contents: number;
  readonly clusters: number;
  /** Signature comparisons (estimated Jaccard) made to verify LSH candidates. */
  readonly comparisons: number;
  /** Candidate pairs that needed no comparison because they were already in one cluster. */
  readonly skipped: number;
};

export type BatchClustering = {
  readonly stats: BatchStats;
  /** Each comment's cluster, in the order the comments were read. */
  assignments(): IterableIterator<{ commentId: string; clusterId: string }>;
  /** Cluster id → number of comments. */
  sizes(): Map<string, number>;
  /** Loads each cluster's representative (its earliest comment's signature) into an incremental index. */
  seed(index: ClusterIndex): Promise<void>;
};

const K = CLUSTERING.permutations;
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;

/**
 * Re-clusters a whole consultation from a stream of comments: exact duplicates share one signature slot,
 * then for each LSH band the slots are sorted by bucket and every bucket is scanned once, each slot compared
 * with at most `leaders` earlier slots of that bucket and only when not already joined to one of them; a
 * verified pair (estimated Jaccard ≥ threshold) is joined in a union-find. A cluster's id is its earliest
 * (smallest) comment id, and buckets are scanned in comment-id order, so the result does not depend on the
 * order in which the comments were read. Memory: 512 bytes of signature per distinct content in typed-array
 * chunks, plus each comment's id.
 */
export async function reclusterConsultation(
  comments: AsyncIterable<ClusterInput> | Iterable<ClusterInput>,
  options: BatchOptions = {},
): Promise<BatchClustering> {
  const threshold = options.threshold ?? CLUSTERING.threshold;
  const maxLeaders = options.leaders ?? CLUSTERING.batchLeaders;

  const ids: string[] = [];
  let slotOfComment = new Int32Array(1024);
  const slots = new UnionFind();
  const chunks: Uint32Array[] = [];
  const slotOfContent = new Map<number, number>();
  const firstIdOfSlot: string[] = [];

  for await (const comment of comments) {
    const analysis = analyse(comment.text);
    const key = contentKey(analysis.canonical);
    let slot = slotOfContent.get(key);
    if (slot === undefined) {
      slot = slots.add();
      slotOfContent.set(key, slot);
      if ((slot & (CHUNK - 1)) === 0) chunks.push(new Uint32Array(CHUNK * K));
      const chunk = chunks[slot >>> CHUNK_BITS] ?? new Uint32Array(0);
      minhash(
        shingleHashes(analysis),
        chunk.subarray((slot & (CHUNK - 1)) * K, ((slot & (CHUNK - 1)) + 1) * K),
      );
      firstIdOfSlot[slot] = comment.id;
    } else if (comment.id < (firstIdOfSlot[slot] ?? '')) firstIdOfSlot[slot] = comment.id;
    if (ids.length === slotOfComment.length) {
      const grown = new Int32Array(slotOfComment.length * 2);
      grown.set(slotOfComment);
      slotOfComment = grown;
    }
    slotOfComment[ids.length] = slot;
    ids.push(comment.id);
  }
  slotOfContent.clear();

  const contents = slots.length;
  const chunkOf = (slot: number) => chunks[slot >>> CHUNK_BITS] ?? new Uint32Array(0);
  const offsetOf = (slot: number) => (slot & (CHUNK - 1)) * K;

  // Scan buckets in the order of each slot's earliest comment id, so that leaders do not depend on input order.
  const byId = Int32Array.from({ length: contents }, (_, i) => i).sort((a, b) => {
    const x = firstIdOfSlot[a] ?? '';
    const y = firstIdOfSlot[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rankBits = Math.max(1, Math.ceil(Math.log2(contents + 1)));
  const keyBits = Math.min(32, 53 - rankBits);
  const rankScale = 2 ** rankBits;

  let comparisons = 0;
  let skipped = 0;
  const order = new Float64Array(contents);
  const leaders: number[] = [];
  for (let band = 0; band < CLUSTERING.bands; band++) {
    for (let rank = 0; rank < contents; rank++) {
      const slot = byId[rank] ?? 0;
      const bucket = bandKey(chunkOf(slot), offsetOf(slot), band) >>> (32 - keyBits);
      order[rank] = bucket * rankScale + rank;
    }
    order.sort();
    let runStart = 0;
    while (runStart < contents) {
      const bucket = Math.floor((order[runStart] ?? 0) / rankScale);
      let runEnd = runStart + 1;
      while (runEnd < contents && Math.floor((order[runEnd] ?? 0) / rankScale) === bucket) runEnd++;
      if (runEnd - runStart > 1) {
        leaders.length = 0;
        for (let i = runStart; i < runEnd; i++) {
          const slot = byId[(order[i] ?? 0) % rankScale] ?? 0;
          const root = slots.find(slot);
          let joined = false;
          for (const leader of leaders) {
            if (slots.find(leader) === root) {
              joined = true;
              skipped++;
              break;
            }
          }
          if (!joined) {
            for (const leader of leaders) {
              comparisons++;
              if (
                estimatedJaccard(chunkOf(slot), chunkOf(leader), offsetOf(slot), offsetOf(leader)) >=
                threshold
              ) {
                slots.union(slot, leader);
                joined = true;
                break;
              }
            }
          }
          if (!joined && leaders.length < maxLeaders) leaders.push(slot);
        }
      }
      runStart = runEnd;
    }
  }

  // A cluster's id is its smallest comment id; its representative is that comment's content slot.
  const clusterIdOfRoot: string[] = [];
  const representativeOfRoot = new Int32Array(contents);
  for (let slot = 0; slot < contents; slot++) {
    const root = slots.find(slot);
    const id = firstIdOfSlot[slot] ?? '';
    const current = clusterIdOfRoot[root];
    if (current === undefined || id < current) {
      clusterIdOfRoot[root] = id;
      representativeOfRoot[root] = slot;
    }
  }
  let clusters = 0;
  for (let slot = 0; slot < contents; slot++) if (slots.find(slot) === slot) clusters++;

  const clusterOf = (commentIndex: number) =>
    clusterIdOfRoot[slots.find(slotOfComment[commentIndex] ?? 0)] ?? '';

  return {
    stats: { comments: ids.length, contents, clusters, comparisons, skipped },
    *assignments() {
      for (let i = 0; i < ids.length; i++) yield { commentId: ids[i] ?? '', clusterId: clusterOf(i) };
    },
    sizes() {
      const sizes = new Map<string, number>();
      for (let i = 0; i < ids.length; i++) {
        const id = clusterOf(i);
        sizes.set(id, (sizes.get(id) ?? 0) + 1);
      }
      return sizes;
    },
    async seed(index) {
      for (let slot = 0; slot < contents; slot++) {
        if (slots.find(slot) !== slot) continue;
        const representative = representativeOfRoot[slot] ?? slot;
        const signature: Signature = chunkOf(representative).slice(
          offsetOf(representative),
          offsetOf(representative) + K,
        );
        await index.addRepresentative({
          id: clusterIdOfRoot[slot] ?? '',
          signature,
          bandKeys: bandKeys(signature),
        });
      }
    },
  };
}

/**
 * 53 bits of the SHA-256 of the normalised text, as a number: a Map keyed by numbers takes a third of the
 * memory of one keyed by digest strings. Two different texts share a key with probability about n²/2⁵⁴
 * (6 × 10⁻⁵ for a million comments), and would then only be put in one cluster.
 */
function contentKey(canonical: string): number {
  const digest = hash('sha256', canonical, 'buffer');
  return digest.readUIntBE(0, 6) * 32 + ((digest[6] ?? 0) >>> 3);
}
