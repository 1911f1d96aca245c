import { describe, expect, it, vi } from 'vitest';
import { assignCluster } from '../../../shared/clustering/assign.ts';
import { reclusterConsultation } from '../../../shared/clustering/batch.ts';
import { fingerprint } from '../../../shared/clustering/fingerprint.ts';
import { MemoryClusterIndex } from '../../../shared/clustering/memory-index.ts';
import { type CorpusComment, pairScores, qualityCorpus } from './corpus.ts';

// Property runs and corpora take a second or two alone; the shared machine can make that many times longer.
vi.setConfig({ testTimeout: 30_000 });

/**
 * Issue 9's quality bar: on generated form letters (Chinese and English, random edits and surface noise)
 * mixed with distinct comments, the pairs put in one cluster are right (precision) and the pairs that belong
 * together are found (recall), both at least 0.95, for the incremental and the batch path.
 */
const SEEDS = [20261130, 7, 42] as const;

async function incremental(corpus: readonly CorpusComment[]) {
  const index = new MemoryClusterIndex();
  const rows: { truth: string; cluster: string }[] = [];
  for (const comment of corpus)
    rows.push({ truth: comment.truth, cluster: (await assignCluster(index, comment)).clusterId });
  return pairScores(rows);
}

async function batch(corpus: readonly CorpusComment[]) {
  const truth = new Map(corpus.map((c) => [c.id, c.truth]));
  const result = await reclusterConsultation(corpus);
  return pairScores(
    [...result.assignments()].map((a) => ({ truth: truth.get(a.commentId) ?? '', cluster: a.clusterId })),
  );
}

describe.each(SEEDS)('clustering quality on the generated corpus (seed %i)', (seed) => {
  const corpus = qualityCorpus(seed);

  it('has enough of both kinds to measure', () => {
    const letters = corpus.filter((c) => c.truth.includes('letter'));
    expect(letters.length).toBeGreaterThan(300);
    expect(corpus.length - letters.length).toBeGreaterThan(80);
    expect(new Set(letters.map((c) => c.text)).size).toBeGreaterThan(letters.length * 0.8);
  });

  it('incremental: precision and recall of same-cluster pairs both at least 0.95', async () => {
    const scores = await incremental(corpus);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('batch: precision and recall of same-cluster pairs both at least 0.95', async () => {
    const scores = await batch(corpus);
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('is a bar that exact duplicates alone do not reach (the test can fail)', () => {
    const scores = pairScores(
      corpus.map((c) => ({ truth: c.truth, cluster: fingerprint(c.text).contentHash })),
    );
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeLessThan(0.2);
  });
});
