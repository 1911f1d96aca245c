/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run, because these
 * machines are noisy; absolute numbers are for reference only.
 */
import { fork, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { bundleLambda, LAMBDA_NODE_OPTIONS } from '../infra/bundling/lambda-bundle.ts';
import { localClient, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { seedConsultations } from '../scripts/local/seed.ts';
import { newCommentId } from '../shared/comment/comment-id.ts';
import { newReceipt } from '../shared/comment/receipt.ts';
import { contentHashOf } from '../shared/comment/submit-comment.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { intakeTransaction } from '../shared/store/dynamodb/intake.ts';
import { keys } from '../shared/store/dynamodb/keys.ts';
import { ensureTable } from '../shared/store/dynamodb/table.ts';
import { withTransactionConflicts } from '../test/integration/support/transaction-conflicts.ts';
import { type LoadResult, runLoad } from './load.ts';
import { benchLocalStack } from './local-stack.ts';

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

    const server = fork(
      join(import.meta.dirname, 'bench-server.ts'),
      [db.endpoint, tableName, '0', 'conflicts'],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const port = await new Promise<number>((resolve) =>
      server.once('message', (m: { port: number }) => resolve(m.port)),
    );
    const serverStats = () =>
      new Promise<{ transactions: number; cancelled: number }>((resolve) => {
        server.once('message', (m: { stats: { transactions: number; cancelled: number } }) =>
          resolve(m.stats),
        );
        server.send('stats');
      });
    const base = `http://127.0.0.1:${port}`;
    const body = (worker: number, n: number) =>
      JSON.stringify({
        articleId: 'art-5',
        stance: 'suggest',
        body: `第${worker}-${n}条意见：建议明确夜间公交线路的安全员配置标准，并公开考核结果。`,
        publishName: false,
        lang: 'zh',
      });
    // Each phase its own Idempotency-Keys, so that no measured request is a replay of an earlier one.
    const post = (path: string, phase: string) => async (worker: number, n: number) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${phase}-${worker}-${n}` },
        body: body(worker, n),
      });
      await response.arrayBuffer();
      return response.status === 202;
    };

    // Warm the JVM and both code paths so that the first measured phase is not penalised.
    await runLoad(post(`/api/consultations/${CONSULTATION}/comments`, 'warm'), {
      concurrency: 4,
      durationMs: 3000,
    });

    const echo = await runLoad(post('/bench/echo', 'echo'), {
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
    });
    // The same items as an intake writes, sent as one transaction and nothing else: no window read, no
    // counters, no HTTP, and no conflict rule.
    const rawDoc = DynamoDBDocumentClient.from(db.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const intakeItems = (worker: number, n: number, tag: string) => {
      const now = new Date();
      const text = body(worker, n);
      return intakeTransaction(
        tableName,
        {
          comment: {
            id: newCommentId(now),
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
            key: `${tag}-${worker}-${n}`,
            requestHash: 'x',
            expiresAt: Math.floor(now.getTime() / 1000) + 3600,
          },
        },
        16,
      ).items;
    };
    const raw = await runLoad(
      async (worker, n) => {
        await rawDoc.send(new TransactWriteCommand({ TransactItems: intakeItems(worker, n, 'raw') }));
        return true;
      },
      { concurrency: CONCURRENCY, durationMs: DURATION_MS },
    );
    // The intake as it was before: the same items plus a ConditionCheck on the consultation, under the
    // conflict rule (a client of its own, so the rule sees only these transactions).
    const ruled = localClient(db.endpoint);
    const former = withTransactionConflicts(ruled);
    const formerDoc = DynamoDBDocumentClient.from(ruled, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const shared = await runLoad(
      async (worker, n) => {
        const windowCheck = {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.consultation(CONSULTATION),
            ConditionExpression: 'attribute_exists(pk)',
          },
        };
        await formerDoc.send(
          new TransactWriteCommand({ TransactItems: [windowCheck, ...intakeItems(worker, n, 'former')] }),
        );
        return true;
      },
      { concurrency: CONCURRENCY, durationMs: DURATION_MS },
    );
    ruled.destroy();

    const statsBefore = await serverStats();
    const api = await runLoad(post(`/api/consultations/${CONSULTATION}/comments`, 'api'), {
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
    });
    const statsAfter = await serverStats();
    server.disconnect();
    const cancelled = statsAfter.cancelled - statsBefore.cancelled;

    rows.push(
      [
        "POST comment, full local stack, under real DynamoDB's transaction-conflict rule",
        `${describeLoad(api)}; ${cancelled} of ${statsAfter.transactions - statsBefore.transactions} transactions cancelled`,
        '—',
      ],
      [
        'baseline: bare Hono echo route, same server',
        describeLoad(echo),
        `API at ${ratio(api.perSecond, echo.perSecond)} of echo`,
      ],
      [
        'baseline: raw intake transaction into DynamoDB Local (no conflict rule)',
        describeLoad(raw),
        `API at ${ratio(api.perSecond, raw.perSecond)} of raw writes`,
      ],
      [
        'the former intake (ConditionCheck on the consultation) under the conflict rule',
        `${storedPerSecond(shared).toFixed(1)} comments stored/s; ${former.cancelled} of ${former.transactions} transactions cancelled`,
        `${ratio(storedPerSecond(shared), storedPerSecond(raw))} of raw writes; the API stores ${ratio(storedPerSecond(api), storedPerSecond(raw))}`,
      ],
    );
  } finally {
    await db.stop();
  }
}

async function benchBundle(): Promise<void> {
  const dir = join(ROOT, 'node_modules/.cache/yijian-bench');
  // Exactly what the stack deploys (infra/constructs/api-function.ts runs the same bundleLambda), and the
  // bare Hono Lambda bundled the same way.
  const handler = await bundleLambda(join(ROOT, 'functions/public-api/handler.ts'), join(dir, 'public-api'));
  const bare = await bundleLambda(join(import.meta.dirname, 'bare-lambda.ts'), join(dir, 'bare'));
  const size = statSync(handler).size;
  const gz = gzipSync(readFileSync(handler)).length;
  const bareSize = statSync(bare).size;
  rows.push([
    'public-api Lambda bundle',
    `${kb(size)} (${kb(gz)} gzip)`,
    `${ratio(size, bareSize, 'x')} of a bare Hono Lambda (${kb(bareSize)})`,
  ]);
  // Without and with the function's NODE_OPTIONS: source maps slow every start-up, the baseline's too.
  for (const nodeOptions of ['', LAMBDA_NODE_OPTIONS]) {
    const handlerMs = coldImportMs(handler, nodeOptions);
    const bareMs = coldImportMs(bare, nodeOptions);
    rows.push([
      `cold import of the bundle (median of ${COLD_RUNS} fresh processes${nodeOptions === '' ? '' : `, ${nodeOptions}`})`,
      `${handlerMs.wall.toFixed(0)} ms (CPU ${handlerMs.cpu.toFixed(0)} ms)`,
      `${ratio(handlerMs.wall, bareMs.wall, 'x')} of the bare Hono Lambda (${bareMs.wall.toFixed(0)} ms); CPU ${ratio(handlerMs.cpu, bareMs.cpu, 'x')}`,
    ]);
  }
}

const COLD_RUNS = 9;

/** Median wall-clock and CPU time of importing `file` in fresh Node processes, as Lambda's init does. */
function coldImportMs(file: string, nodeOptions: string): { wall: number; cpu: number } {
  const script =
    'const c=process.cpuUsage();const t=performance.now();' +
    `await import(${JSON.stringify(file)});` +
    'const d=process.cpuUsage(c);console.log(performance.now()-t,(d.user+d.system)/1000)';
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        TABLE_NAME: 'bench-table',
        AWS_REGION: 'local',
        NODE_OPTIONS: nodeOptions,
        // The handler refuses to start without its key (on AWS it reads it from Secrets Manager).
        ABUSE_KEY: 'bench-abuse-key-bench-abuse-key-bench-abuse-key',
        NODE_PATH: join(ROOT, 'node_modules'),
      },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
    const [w, c] = result.stdout.trim().split(' ').map(Number);
    wall.push(w ?? Number.NaN);
    cpu.push(c ?? Number.NaN);
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return { wall: median(wall), cpu: median(cpu) };
}

async function benchImporter(): Promise<void> {
  const module = await import('./import.ts').catch(() => undefined);
  if (module === undefined || typeof module.benchImport !== 'function') return;
  const results: { name: string; value: number; unit: string; baseline?: string }[] =
    await module.benchImport();
  for (const r of results)
    rows.push([r.name, `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`, r.baseline ?? '—']);
}

async function benchClustering(): Promise<void> {
  const { benchCluster } = await import('./cluster.ts');
  for (const r of await benchCluster())
    rows.push([r.name, `${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit}`, r.baseline ?? '—']);
}

async function benchSearchRows(): Promise<void> {
  const { benchSearch } = await import('./search.ts');
  for (const r of await benchSearch())
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

function storedPerSecond(r: LoadResult): number {
  return (r.requests - r.failures) / r.seconds;
}

function ratio(value: number, baseline: number, style: '%' | 'x' = '%'): string {
  return style === '%' ? `${((value / baseline) * 100).toFixed(0)}%` : `${(value / baseline).toFixed(2)}×`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

async function benchLocal(): Promise<void> {
  const r = await benchLocalStack({ concurrency: CONCURRENCY, durationMs: DURATION_MS });
  rows.push([
    'POST comment against the real npm start (loopback; proof of work and limits off), counted afterwards',
    `${storedPerSecond(r.api).toFixed(0)} comments/s, ${r.api.failures} errors; ${r.acknowledged} acknowledged, ${r.stored} stored, ${r.lost} lost, ${r.duplicated} duplicated`,
    `${ratio(r.api.perSecond, r.echo.perSecond)} of a bare Hono echo route (${r.echo.perSecond.toFixed(0)} req/s)`,
  ]);
}

const only = process.argv[2];
console.log(
  `Yijian benchmarks — node ${process.version}, concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s per phase\n`,
);
if (!only || only === 'bundle') await benchBundle();
if (!only || only === 'import') await benchImporter();
if (!only || only === 'intake') await benchIntake();
if (!only || only === 'staff') rows.push(...(await (await import('./staff.ts')).benchStaff()));
if (!only || only === 'cluster') await benchClustering();
if (!only || only === 'search') await benchSearchRows();
if (!only || only === 'export') await benchExports();
if (!only || only === 'local') await benchLocal();
if (!only || only === 'drafting') rows.push(...(await (await import('./drafting.ts')).benchDrafting()));

console.log('| measure | result | against baseline (same run) |\n| --- | --- | --- |');
for (const [name, result, baseline] of rows) console.log(`| ${name} | ${result} | ${baseline} |`);
