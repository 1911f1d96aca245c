/**
 * Clustering benchmark for `npm run bench cluster`: 100,000 and 1,000,000 generated comments (see
 * benchCorpus) through the batch re-cluster and the incremental path with the in-memory index, each in a
 * fresh child process so that its peak memory (maxRSS) is its own. The baseline, in the same run, streams the
 * same comments and only normalises and hashes them (what exact-duplicate detection alone would cost).
 * Generation is inside every timing, so the ratios compare like with like.
 */
import { fork } from 'node:child_process';
import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assignCluster } from '../shared/clustering/assign.ts';
import { reclusterConsultation } from '../shared/clustering/batch.ts';
import { MemoryClusterIndex } from '../shared/clustering/memory-index.ts';
import { normalise } from '../shared/clustering/normalise.ts';
import { benchCorpus, pairScores } from '../test/unit/clustering/corpus.ts';

export type BenchResult = { name: string; value: number; unit: string; baseline?: string };

type Scenario = 'baseline' | 'batch' | 'incremental';
type Measure = {
  scenario: Scenario;
  n: number;
  ms: number;
  /** User + system CPU time: the machine is shared, and wall time then says more about the neighbours. */
  cpuMs: number;
  maxRssMb: number;
  comparisons: number;
  clusters: number;
  precision: number;
  recall: number;
};

const SEED = 20261130;
const SIZES = (process.env.BENCH_CLUSTER_SIZES ?? '100000,1000000').split(',').map(Number);

async function runScenario(scenario: Scenario, n: number): Promise<Measure> {
  const clusterOf: string[] = [];
  let comparisons = 0;
  let clusters = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  if (scenario === 'baseline') {
    const seen = new Set<string>();
    for (const c of benchCorpus(n, SEED)) {
      const key = hash('sha256', normalise(c.text), 'base64url');
      seen.add(key);
      clusterOf.push(key);
    }
    clusters = seen.size;
  } else if (scenario === 'batch') {
    const result = await reclusterConsultation(benchCorpus(n, SEED));
    comparisons = result.stats.comparisons;
    clusters = result.stats.clusters;
    for (const a of result.assignments()) clusterOf.push(a.clusterId);
  } else {
    const index = new MemoryClusterIndex();
    for (const c of benchCorpus(n, SEED)) {
      const a = await assignCluster(index, c);
      comparisons += a.comparisons;
      clusterOf.push(a.clusterId);
    }
    clusters = index.clusters;
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // maxRSS never falls, so read it before the quality pass below allocates its own tables.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  let i = 0;
  const rows = (function* () {
    for (const c of benchCorpus(n, SEED)) yield { truth: c.truth, cluster: clusterOf[i++] ?? '' };
  })();
  const { precision, recall } = pairScores(rows);
  return { scenario, n, ms, cpuMs, maxRssMb, comparisons, clusters, precision, recall };
}

function inChild(scenario: Scenario, n: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['child', scenario, String(n)], {
      execArgv: ['--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m: Measure) => resolve(m));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`cluster bench ${scenario} ${n} exited with ${code}`));
    });
  });
}

export async function benchCluster(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const measures: Measure[] = [];
  for (const n of SIZES) {
    for (const scenario of ['baseline', 'batch', 'incremental'] as const) {
      const m = await inChild(scenario, n);
      measures.push(m);
      console.error(
        `cluster ${scenario} ${n}: ${(m.ms / 1000).toFixed(1)} s wall, ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${m.maxRssMb.toFixed(0)} MB`,
      );
    }
  }
  const find = (scenario: Scenario, n: number) => measures.find((m) => m.scenario === scenario && m.n === n);
  const smallest = SIZES[0] ?? 0;
  for (const n of SIZES) {
    const base = find('baseline', n);
    for (const scenario of ['batch', 'incremental'] as const) {
      const m = find(scenario, n);
      if (m === undefined || base === undefined) continue;
      const small = find(scenario, smallest);
      const growth =
        n !== smallest && small !== undefined
          ? `; ${(m.cpuMs / small.cpuMs).toFixed(1)}× the CPU of the ${smallest.toLocaleString('en')} run for ${n / smallest}× the comments`
          : '';
      results.push({
        name: `cluster ${n.toLocaleString('en')} comments, ${scenario} (${m.clusters.toLocaleString('en')} clusters, pair P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)})`,
        value: m.ms / 1000,
        unit: `s wall (${(m.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${m.maxRssMb.toFixed(0)} MB, ${m.comparisons.toLocaleString('en')} comparisons (${(m.comparisons / n).toFixed(2)}/comment)`,
        baseline: `${(m.cpuMs / base.cpuMs).toFixed(2)}× the CPU of normalise+hash only (${(base.cpuMs / 1000).toFixed(1)} s CPU, ${base.maxRssMb.toFixed(0)} MB)${growth}`,
      });
    }
  }
  return results;
}

if (process.argv[2] === 'child') {
  const measure = await runScenario(process.argv[3] as Scenario, Number(process.argv[4]));
  process.send?.(measure);
  process.disconnect?.();
}
