/**
 * The server under load, in its own process so that the load generator does not share its event loop:
 * the full public API on DynamoDB Local, plus a bare Hono echo route as the framework baseline.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createPublicApi } from '../functions/public-api/app.ts';
import { localClient } from '../scripts/local/dynamodb-local.ts';
import { systemClock } from '../shared/ports.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';

const [endpoint = '', tableName = '', port = '0'] = process.argv.slice(2);
const store = new DynamoDbStore(localClient(endpoint), { tableName, commentShards: 16, counterShards: 8 });
const api = createPublicApi({
  store,
  clock: systemClock,
  contactRetentionDays: 180,
  idempotencyTtlHours: 24,
  logError: (message, { error }) => console.error(message, error instanceof Error ? error.message : error),
});
const app = new Hono();
app.post('/bench/echo', async (c) => c.json(await c.req.json(), 202));
app.route('/', api);
const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, (info) => {
  process.send?.({ port: info.port });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
