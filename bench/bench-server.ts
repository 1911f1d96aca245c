/**
 * The server under load, in its own process so that the load generator does not share its event loop:
 * the full public API on DynamoDB Local, plus a bare Hono echo route as the framework baseline. With
 * `conflicts` as fourth argument its client applies real DynamoDB's transaction-conflict rule.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createPublicApi } from '../functions/public-api/app.ts';
import { localClient } from '../scripts/local/dynamodb-local.ts';
import { systemClock } from '../shared/ports.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { withTransactionConflicts } from '../test/integration/support/transaction-conflicts.ts';

const [endpoint = '', tableName = '', port = '0', rule = ''] = process.argv.slice(2);
const client = localClient(endpoint);
// Real DynamoDB cancels one of two in-flight transactions that share an item; DynamoDB Local does not.
const conflicts = rule === 'conflicts' ? withTransactionConflicts(client) : undefined;
const store = new DynamoDbStore(client, { tableName, commentShards: 16, counterShards: 8 });
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
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: conflicts ?? null });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
