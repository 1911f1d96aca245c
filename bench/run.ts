/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run, because these
 * machines are noisy; absolute numbers are for reference only.
 */
import { fork, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { seedConsultations } from '../scripts/local/seed.ts';
import { newCommentId } from '../shared/comment/comment-id.ts';
import { newReceipt } from '../shared/comment/receipt.ts';
import { contentHashOf } from '../shared/comment/submit-comment.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../shared/store/dynamodb/table.ts';
import { type LoadResult, runLoad } from './load.ts';

const ROOT = join(import.meta.dirname, '..');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const CONSULTATION = 'transit-safety-2026';

type Row = [string, string, string];
const rows: Row[] = [];

async function benchIntake(): Promise<void> {
  const db = await startDynamoDbLocal({ allowedOrigins: [] });
  try {
    const tableName = 'bench-table';
    await ensureTable(db.client, tableName);
    const store = new DynamoDbStore(db.client, { tableName, commentShards: 16, counterShards: 8 });
    await seedConsultations(store, new Date());

    const server = fork(join(import.meta.dirname, 'bench-server.ts'), [db.endpoint, tableName, '0'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) =>
      server.once('message', (m: { port: number }) => resolve(m.port)),
    );
    const base = `http://127.0.0.1:${port}`;
    const body = (worker: number, n: number) =>
      JSON.stringify({
        articleId: 'art-5',
        stance: 'suggest',
        body: `第${worker}-${n}条意见：建议明确夜间公交线路的安全员配置标准，并公开考核结果。`,
        publishName: false,
        lang: 'zh',
      });
    const post = (path: string) => async (worker: number, n: number) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${worker}-${n}-${path.length}` },
        body: body(worker, n),
      });
      await response.arrayBuffer();
      return response.status === 202;
    };

    // Warm the JVM and both code paths so that the first measured phase is not penalised.
    await runLoad(post(`/api/consultations/${CONSULTATION}/comments`), { concurrency: 4, durationMs: 3000 });

    const echo = await runLoad(post('/bench/echo'), { concurrency: CONCURRENCY, durationMs: DURATION_MS });
    const raw = await runLoad(
      async (worker, n) => {
        const now = new Date();
        const id = newCommentId(now);
        const text = body(worker, n);
        const outcome = await store.storeComment(
          {
            comment: {
              id,
              consultationId: CONSULTATION,
              receipt: newReceipt(),
              articleId: 'art-5',
              draftVersion: 1,
              stance: 'suggest',
              body: text,
              proposedWording: null,
              displayName: null,
              publishName: false,
              lang: 'zh',
              status: 'pending',
              contentHash: contentHashOf(text),
              submittedAt: now.toISOString(),
              updatedAt: now.toISOString(),
            },
            contact: null,
            contactExpiresAt: 0,
            idempotency: {
              key: `raw-${worker}-${n}`,
              requestHash: 'x',
              expiresAt: Math.floor(now.getTime() / 1000) + 3600,
            },
          },
          now,
        );
        return outcome.kind === 'stored';
      },
      { concurrency: CONCURRENCY, durationMs: DURATION_MS },
    );
    const api = await runLoad(post(`/api/consultations/${CONSULTATION}/comments`), {
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
    });
    server.disconnect();

    rows.push(
      ['POST comment, full local stack', describeLoad(api), '—'],
      [
        'baseline: bare Hono echo route, same server',
        describeLoad(echo),
        `API at ${ratio(api.perSecond, echo.perSecond)} of echo`,
      ],
      [
        'baseline: raw intake transaction into DynamoDB Local',
        describeLoad(raw),
        `API at ${ratio(api.perSecond, raw.perSecond)} of raw writes`,
      ],
    );
  } finally {
    await db.stop();
  }
}

async function benchBundle(): Promise<void> {
  const dir = join(ROOT, 'node_modules/.cache/yijian-bench');
  const bundle = async (entry: string, name: string) => {
    const outfile = join(dir, `${name}.mjs`);
    // The same settings as infra's NodejsFunction (infra/constructs/api-function.ts): ESM, minified,
    // the AWS SDK bundled so that the version tested is the version run.
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    return outfile;
  };
  const handler = await bundle(join(ROOT, 'functions/public-api/handler.ts'), 'public-api');
  const bare = await bundle(join(import.meta.dirname, 'bare-lambda.ts'), 'bare');
  const size = statSync(handler).size;
  const gz = gzipSync(readFileSync(handler)).length;
  const bareSize = statSync(bare).size;
  rows.push([
    'public-api Lambda bundle',
    `${kb(size)} (${kb(gz)} gzip)`,
    `${ratio(size, bareSize, 'x')} of a bare Hono Lambda (${kb(bareSize)})`,
  ]);
  const handlerMs = coldImportMs(handler);
  const bareMs = coldImportMs(bare);
  rows.push([
    'cold import of the bundle (median of 7 fresh processes)',
    `${handlerMs.toFixed(0)} ms`,
    `${ratio(handlerMs, bareMs, 'x')} of the bare Hono Lambda (${bareMs.toFixed(0)} ms)`,
  ]);
}

function coldImportMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        TABLE_NAME: 'bench-table',
        AWS_REGION: 'local',
        NODE_PATH: join(ROOT, 'node_modules'),
      },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
    times.push(Number(result.stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[3] ?? Number.NaN;
}

async function benchImporter(): Promise<void> {
  const module = await import('./import.ts').catch(() => undefined);
  if (module === undefined || typeof module.benchImport !== 'function') return;
  const results: { name: string; value: number; unit: string; baseline?: string }[] =
    await module.benchImport();
  for (const r of results)
    rows.push([r.name, `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`, r.baseline ?? '—']);
}

async function benchExports(): Promise<void> {
  const { benchExport } = await import('./export.ts');
  for (const r of await benchExport())
    rows.push([r.name, `${r.value.toFixed(1)} ${r.unit}`, r.baseline ?? '—']);
}

function describeLoad(r: LoadResult): string {
  const failed = r.failures > 0 ? `, ${r.failures} failed` : '';
  return `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms (${r.requests} requests${failed})`;
}

function ratio(value: number, baseline: number, style: '%' | 'x' = '%'): string {
  return style === '%' ? `${((value / baseline) * 100).toFixed(0)}%` : `${(value / baseline).toFixed(2)}×`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

const only = process.argv[2];
console.log(
  `Yijian benchmarks — node ${process.version}, concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s per phase\n`,
);
if (!only || only === 'bundle') await benchBundle();
if (!only || only === 'import') await benchImporter();
if (!only || only === 'intake') await benchIntake();
if (!only || only === 'export') await benchExports();

console.log('| measure | result | against baseline (same run) |\n| --- | --- | --- |');
for (const [name, result, baseline] of rows) console.log(`| ${name} | ${result} | ${baseline} |`);
