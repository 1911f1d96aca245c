/**
 * `npm start`: the embedded local mode. One process serves the built site and the public API on one
 * origin, backed by AWS's DynamoDB Local persisted under ./var; the sample consultation is seeded once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { mountAt, type NodeHandler } from '../functions/oidc-issuer/node-mount.ts';
import { abuseGuardsFrom, ephemeralAbuseKey } from '../functions/public-api/abuse.ts';
import { createPublicApi } from '../functions/public-api/app.ts';
import { readConfig, readSiteConfig } from '../shared/config.ts';
import { clusterComment } from '../shared/moderation/cluster-assign.ts';
import { systemClock } from '../shared/ports.ts';
import { DynamoReportIntakeStore } from '../shared/store/dynamodb/attribution-intake.ts';
import { DynamoClusterStore } from '../shared/store/dynamodb/cluster-store.ts';
import { DynamoCommentStatus } from '../shared/store/dynamodb/comment-status.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../shared/store/dynamodb/table.ts';
import { localDrafting } from './local/drafting.ts';
import { localClient, startDynamoDbLocal } from './local/dynamodb-local.ts';
import { startLocalIssuer } from './local/oidc-issuer.ts';
import { seedConsultations } from './local/seed.ts';
import { createLocalSite } from './local/server.ts';
import { createLocalStaffApi } from './local/staff-api.ts';

const ROOT = join(import.meta.dirname, '..');
const SITE_DIR = join(ROOT, 'site/dist');
const BUILD_STAMP = join(SITE_DIR, '.yijian-build');

const port = Number(process.env.PORT ?? 8600);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.YIJIAN_DATA_DIR ?? join(ROOT, 'var');
const base = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
// The same validated configuration the Lambda reads, with local defaults; exits with the reason when invalid.
const config = (() => {
  try {
    return readConfig({ ...process.env, TABLE_NAME: process.env.TABLE_NAME ?? 'yijian-local' });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
const { tableName } = config;

if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a port number, not "${process.env.PORT}".`);

// Bind first: a second `npm start` must fail at once with a clear message, and requests arriving while
// DynamoDB Local boots get a 503 instead of a refused connection.
let ready: Hono | undefined;
const starting = new Hono().all('*', (c) =>
  ready
    ? ready.fetch(c.req.raw, c.env)
    : c.text('Yijian is starting, try again in a few seconds.', 503, { 'Retry-After': '2' }),
);
// The built-in OIDC issuer (a Koa app) takes the raw Node request under /oidc once it exists.
let issuerHandler: NodeHandler | undefined;
const server = createServer(
  mountAt('/oidc', () => issuerHandler, getRequestListener(starting.fetch, { hostname: host })),
).listen(port, host);
server.once('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    fail(
      `Port ${port} on ${host} is already in use (is another \`npm start\` running?). Stop it or choose another port: PORT=8601 npm start`,
    );
  }
  fail(`Cannot listen on ${host}:${port}: ${error.message}`);
});
await new Promise<void>((resolve) => server.once('listening', () => resolve()));

buildSiteIfStale();
const db = await openDynamoDb(config.dynamoDbEndpoint);
const shutdown = async (signal: string) => {
  log(`${signal}: stopping …`);
  server.close();
  await db.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

const created = await ensureTable(db.client, tableName).catch((error: Error) =>
  fail(`Cannot reach table ${tableName} at ${db.endpoint}: ${error.message}`),
);
if (created === 'created') log(`Created table ${tableName}.`);
const store = new DynamoDbStore(db.client, config);
const issuer = await startLocalIssuer({ origin: base, dataDir, dynamo: db.client, tableName });
issuerHandler = issuer.handler;
const seeded = await seedConsultations(store, new Date());
for (const id of seeded.created) log(`Registered consultation ${id} (open for its default window from now).`);
for (const id of seeded.revised)
  log(`Consultation ${id} now shows a newer draft version; earlier comments keep theirs.`);

const clusters = new DynamoClusterStore(db.client, config);
const drafting = localDrafting({
  config,
  client: db.client,
  dataDir,
  reportFailure: (what, error) =>
    console.error(
      JSON.stringify({ level: 'ERROR', message: `${what} update failed`, error: errorSummary(error) }),
    ),
});
const comments = new DynamoCommentStatus(db.client, config);
const api = createPublicApi({
  store,
  clock: systemClock,
  contactRetentionDays: config.contactRetentionDays,
  idempotencyTtlHours: config.idempotencyTtlHours,
  // Limits and proof of work as configured; no origin check locally (there is no CDN in front).
  abuse: abuseGuardsFrom(config, store, config.abuseKey ?? ephemeralAbuseKey()),
  logError: (message, { requestId, error }) =>
    console.error(JSON.stringify({ level: 'ERROR', message, requestId, error: errorSummary(error) })),
  published: { store: comments, shards: config.commentShards },
  clusterComment: (comment) => clusterComment(clusters, comment),
  attribution: { reports: new DynamoReportIntakeStore(db.client, config), comments },
  feedback: drafting.public,
});
const staffApi = createLocalStaffApi({
  config,
  client: db.client,
  issuer,
  origin: base,
  errorSummary,
  drafting: drafting.staff,
});
ready = createLocalSite({
  siteDir: SITE_DIR,
  api: {
    // The env carries the socket, by whose address the public API counts its per-client limits.
    fetch: (request, env) =>
      new URL(request.url).pathname.startsWith('/api/staff/')
        ? staffApi.fetch(request)
        : api.fetch(request, env ?? {}),
  },
});

const consultations = await store.listConsultations();
console.log(`
Yijian 意见征集 is running.

  Site 网站           ${base}/
  English            ${base}/en/
${consultations.map((c) => `  ${c.title.zh}\n                     ${base}/consultations/${c.id}/`).join('\n')}
  Receipt lookup     ${base}/lookup/
  Staff console 工作台 ${base}/staff/   (English: ${base}/en/staff/)
  API                ${base}/api/consultations
  API reference      ${base}/api/docs  (OpenAPI: ${base}/api/openapi.json)
  ${db.external ? 'DynamoDB          ' : 'DynamoDB Local    '} ${db.endpoint}  (table ${tableName}${db.external ? '' : `, data in ${dataDir}`})
  OIDC issuer        ${issuer.issuerUrl}  (built-in; keys in ${join(dataDir, 'oidc')})

  Staff sign-in 工作人员账户 (role  username  password; kept in ${join(dataDir, 'staff-accounts.txt')}):
${issuer.logins.map((l) => `    ${l.role.padEnd(10)} ${l.username.padEnd(20)} ${l.password}`).join('\n')}

Press Ctrl+C to stop; comments are kept ${db.external ? `in table ${tableName}` : `in ${dataDir}`}.
`);

/**
 * DYNAMODB_ENDPOINT set: that endpoint (a shared DynamoDB Local, a real table, a fault-injecting proxy),
 * left running on exit. Unset: AWS's DynamoDB Local, started here and persisted under the data dir.
 */
async function openDynamoDb(endpoint: string | undefined) {
  if (endpoint !== undefined) {
    log(`Using DynamoDB at ${endpoint} …`);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(endpoint).hostname);
    const client = loopback ? localClient(endpoint) : new DynamoDBClient({ endpoint, region: config.region });
    return { endpoint, client, external: true, stop: async () => client.destroy() };
  }
  mkdirSync(dataDir, { recursive: true });
  log(`Starting DynamoDB Local (data in ${dataDir}) …`);
  const local = await startDynamoDbLocal({
    dataDir: join(dataDir, 'dynamodb'),
    allowedOrigins: [base],
  }).catch((error: Error) => fail(error.message));
  return { ...local, external: false };
}

function buildSiteIfStale(): void {
  const sources = [
    join(ROOT, 'site/src'),
    join(ROOT, 'site/public'),
    join(ROOT, 'site/astro.config.mjs'),
    join(ROOT, 'shared'),
  ];
  // The site states configuration (the contact retention in the privacy notice): a change rebuilds it.
  const builtFor = JSON.stringify(readSiteConfig(process.env));
  const stamp = existsSync(BUILD_STAMP) ? statSync(BUILD_STAMP).mtimeMs : 0;
  const sameConfig = stamp > 0 && readFileSync(BUILD_STAMP, 'utf8') === builtFor;
  if (sameConfig && Math.max(...sources.map(newestMtime)) < stamp) return;
  log('Building the site …');
  const result = spawnSync('astro', ['build', '--root', 'site'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    shell: false,
  });
  if (result.status !== 0) fail('The site did not build; see the messages above.');
  writeFileSync(BUILD_STAMP, builtFor);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Name and message of an error and of its causes (a store bug carries DynamoDB's own error as cause). */
function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : ` (cause: ${errorSummary(error.cause)})`;
  return `${error.name}: ${error.message}${cause}`;
}

function log(message: string): void {
  console.log(`[yijian] ${message}`);
}

function fail(message: string): never {
  console.error(`[yijian] ${message}`);
  process.exit(1);
}
