import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { assignCluster } from '../../../shared/clustering/assign.ts';
import { reclusterConsultation } from '../../../shared/clustering/batch.ts';
import { fingerprint } from '../../../shared/clustering/fingerprint.ts';
import { MemoryClusterIndex } from '../../../shared/clustering/memory-index.ts';
import {
  bandKeys,
  estimatedJaccard,
  minhash,
  signatureBytes,
  signatureFromBytes,
} from '../../../shared/clustering/minhash.ts';
import { CLUSTERING } from '../../../shared/clustering/params.ts';
import { commentId, qualityCorpus, seeded, shuffle, surfaceNoise } from './corpus.ts';
import { EN_DISTINCT, EN_TEMPLATES, ZH_DISTINCT, ZH_TEMPLATES } from './corpus-text.ts';

// Property runs and corpora take a second or two alone; the shared machine can make that many times longer.
vi.setConfig({ testTimeout: 30_000 });

const texts = [...ZH_TEMPLATES, ...EN_TEMPLATES].map((s) => s.join('')).concat(ZH_DISTINCT, EN_DISTINCT);

async function batchClusters(comments: { id: string; text: string }[]): Promise<Map<string, string>> {
  const result = await reclusterConsultation(comments);
  return new Map([...result.assignments()].map((a) => [a.commentId, a.clusterId]));
}

describe('MinHash', () => {
  it('estimates the Jaccard similarity of two sets within the error 128 permutations allow', () => {
    const random = seeded(7);
    const word = () => Math.floor(random.next() * 2 ** 32);
    let squared = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const common = Array.from({ length: 20 + random.int(200) }, word);
      const a = common.concat(Array.from({ length: random.int(150) }, word));
      const b = common.concat(Array.from({ length: random.int(150) }, word));
      const exact = common.length / (a.length + b.length - common.length);
      const estimate = estimatedJaccard(minhash(Uint32Array.from(a)), minhash(Uint32Array.from(b)));
      squared += (estimate - exact) ** 2;
    }
    // The standard error is at most sqrt(0.25 / 128) ≈ 0.044; correlated permutations would exceed it.
    expect(Math.sqrt(squared / trials)).toBeLessThan(0.05);
  });

  it('stores a signature as 512 bytes and reads it back unchanged', () => {
    const signature = fingerprint(texts[0] ?? '').signature;
    const bytes = signatureBytes(signature);
    expect(bytes.length).toBe(512);
    expect(signatureFromBytes(bytes)).toEqual(signature);
    expect(() => signatureFromBytes(bytes.subarray(0, 100))).toThrow(RangeError);
  });
});

describe('identical texts always cluster', () => {
  it('in the incremental index, whatever came before', () => {
    fc.assert(
      fc.asyncProperty(
        fc.subarray(texts, { minLength: 1 }),
        fc.constantFrom(...texts),
        fc.integer(),
        async (before, text, seed) => {
          const index = new MemoryClusterIndex();
          let n = 0;
          for (const t of before) await assignCluster(index, { id: commentId(n++), text: t });
          const first = await assignCluster(index, { id: commentId(n++), text });
          const again = await assignCluster(index, {
            id: commentId(n++),
            text: surfaceNoise([text], /\p{Script=Han}/u.test(text) ? 'zh' : 'en', seeded(seed)),
          });
          expect(again.clusterId).toBe(first.clusterId);
          expect(again.match).toBe('exact');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('in the batch re-cluster', () => {
    fc.assert(
      fc.asyncProperty(fc.constantFrom(...texts), fc.integer(), async (text, seed) => {
        const comments = texts.map((t, i) => ({ id: commentId(i), text: t }));
        comments.push({ id: 'Z-copy', text: surfaceNoise([text], 'zh', seeded(seed)) });
        const clusters = await batchClusters(comments);
        const original = comments.find((c) => c.text === text)?.id ?? '';
        expect(clusters.get('Z-copy')).toBe(clusters.get(original));
      }),
      { numRuns: 20 },
    );
  });
});

describe('incremental assignment', () => {
  it('names a new cluster after the comment that founds it and verifies near duplicates', async () => {
    const index = new MemoryClusterIndex();
    const letter = ZH_TEMPLATES[0]?.join('') ?? '';
    const founded = await assignCluster(index, { id: 'C1', text: letter });
    const edited = await assignCluster(index, {
      id: 'C2',
      text: `我是一名退休教师。${letter.replace('三年', '两年')}`,
    });
    const other = await assignCluster(index, { id: 'C3', text: ZH_DISTINCT[0] ?? '' });
    expect(founded).toMatchObject({ clusterId: 'C1', match: 'new' });
    expect(edited).toMatchObject({ clusterId: 'C1', match: 'near' });
    expect(edited.similarity).toBeGreaterThanOrEqual(CLUSTERING.threshold);
    expect(other).toMatchObject({ clusterId: 'C3', match: 'new' });
  });

  it('compares at most bands × bucket capacity × representatives signatures, however full the index', async () => {
    // Prepare: many clusters forced into the same buckets by giving them one set of band keys.
    const index = new MemoryClusterIndex();
    const keys = bandKeys(fingerprint(texts[0] ?? '').signature);
    for (let i = 0; i < 200; i++) {
      const signature = fingerprint(`${i} ${texts[i % texts.length]}`).signature;
      await index.addRepresentative({ id: `K${i}`, signature, bandKeys: keys });
    }
    // Act
    const members = await index.bucketMembers(keys);
    const assignment = await assignCluster(index, { id: 'N', text: texts[0] ?? '' });
    // Assess
    for (const bucket of members) expect(bucket.length).toBeLessThanOrEqual(CLUSTERING.bucketCapacity);
    expect(assignment.comparisons).toBeLessThanOrEqual(
      CLUSTERING.bucketCapacity * CLUSTERING.representatives,
    );
  });
});

describe('batch re-cluster', () => {
  it('gives the same clusters, named after their earliest comment, whatever the order of the stream', async () => {
    const corpus = qualityCorpus(5);
    const inOrder = await batchClusters(corpus);
    const shuffled = await batchClusters(shuffle([...corpus], seeded(99)));
    expect(shuffled).toEqual(inOrder);
    for (const [commentId, clusterId] of inOrder) expect(clusterId <= commentId).toBe(true);
  });

  it('reads an async stream and reports its work', async () => {
    const corpus = qualityCorpus(6).slice(0, 200);
    async function* stream() {
      for (const c of corpus) yield c;
    }
    const result = await reclusterConsultation(stream());
    expect(result.stats.comments).toBe(200);
    expect(result.stats.contents).toBeLessThanOrEqual(200);
    expect([...result.sizes().values()].reduce((a, b) => a + b, 0)).toBe(200);
    expect(result.stats.clusters).toBe(result.sizes().size);
    // Bounded work: at most one comparison per leader per band for each distinct content.
    expect(result.stats.comparisons).toBeLessThanOrEqual(
      result.stats.contents * CLUSTERING.bands * CLUSTERING.batchLeaders,
    );
  });

  it('seeds an incremental index so that later comments join the re-clustered clusters', async () => {
    const corpus = qualityCorpus(8);
    const result = await reclusterConsultation(corpus);
    const index = new MemoryClusterIndex();
    await result.seed(index);
    expect(index.clusters).toBe(result.stats.clusters);
    const clusters = new Map([...result.assignments()].map((a) => [a.commentId, a.clusterId]));
    const letter = corpus.find((c) => c.truth === 'en-letter-1');
    const later = await assignCluster(index, { id: 'Z-late', text: `${letter?.text} Thank you.` });
    expect(later.clusterId).toBe(clusters.get(letter?.id ?? ''));
  });
});
