/**
 * Re-clusters one consultation's comments (issue 9 §1): `npm run recluster -- <consultationId>`.
 * Reads every comment, clusters them in one batch, writes only the cluster ids that changed and switches
 * arriving comments to a freshly seeded index. With DYNAMODB_ENDPOINT set it uses that table (for instance
 * the DynamoDB Local a running `npm start` prints); otherwise it opens ./var's DynamoDB Local itself, so
 * stop `npm start` first, or use the staff API's `POST /api/staff/consultations/{id}/recluster` while it runs.
 */
import { join } from 'node:path';
import { readConfig } from '../shared/config.ts';
import { ConsultationId } from '../shared/consultation/consultation.ts';
import { reclusterAll } from '../shared/moderation/cluster-assign.ts';
import { DynamoClusterStore } from '../shared/store/dynamodb/cluster-store.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoStatsStore } from '../shared/store/dynamodb/stats-store.ts';
import { localClient, startDynamoDbLocal } from './local/dynamodb-local.ts';

const USAGE = 'usage: npm run recluster -- <consultationId>';

const [id, ...rest] = process.argv.slice(2);
if (id === undefined || rest.length > 0 || !ConsultationId.safeParse(id).success) {
  console.error(USAGE);
  process.exit(2);
}
const config = readConfig({ TABLE_NAME: 'yijian-local', ...process.env });
const dataDir = process.env.YIJIAN_DATA_DIR ?? join(import.meta.dirname, '..', 'var');
const local =
  config.dynamoDbEndpoint === undefined
    ? await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb'), allowedOrigins: [] })
    : undefined;
const client = local?.client ?? localClient(config.dynamoDbEndpoint ?? '');
try {
  if ((await new DynamoDbStore(client, config).getConsultation(id)) === undefined) {
    console.error(`There is no consultation "${id}" in table ${config.tableName}.`);
    process.exitCode = 1;
  } else {
    const started = performance.now();
    const stats = new DynamoStatsStore(client, config);
    // The drafters' collapsed counts follow the comments that change cluster.
    const report = await reclusterAll(new DynamoClusterStore(client, config), id, {
      onMoved: (comment, to) => stats.countReclustered(comment, to),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Re-clustered ${id}: ${report.comments} comments in ${report.clusters} clusters; ` +
        `${report.changed} cluster ids changed; index generation ${report.generation} (${seconds} s).`,
    );
  }
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  console.error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exitCode = 1;
} finally {
  client.destroy();
  await local?.stop();
}
