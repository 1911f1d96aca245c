import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { readConfig } from '../../shared/config.ts';
import { feedbackFeed } from '../../shared/feedback/feed.ts';
import { clusterComment } from '../../shared/moderation/cluster-assign.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoReportIntakeStore } from '../../shared/store/dynamodb/attribution-intake.ts';
import { DynamoClusterStore } from '../../shared/store/dynamodb/cluster-store.ts';
import { DynamoCommentStatus } from '../../shared/store/dynamodb/comment-status.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoResponseStore } from '../../shared/store/dynamodb/response-store.ts';
import { DynamoStatsStore } from '../../shared/store/dynamodb/stats-store.ts';
import { OriginVerifier } from '../http/origin-verify.ts';
import { readSecret, secretsExtensionOf } from '../http/secrets-extension.ts';
import { abuseGuardsFrom } from './abuse.ts';
import { createPublicApi } from './app.ts';

// Created once per execution environment and reused across invocations.
const config = readConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-public-api', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const store = new DynamoDbStore(client, config);
// Comments by id and status: the published list, the answer under a receipt, a comment published on receipt.
const comments = new DynamoCommentStatus(client, config);
const stats = new DynamoStatsStore(client, config);

const clusters = new DynamoClusterStore(client, config);
// Secrets come from the Parameters and Secrets Lambda extension (no SDK client). The extension answers
// only during invocations, not while the execution environment initialises, so the app is built on the
// first request; a failure is not cached, so the next request tries again.
const extension = secretsExtensionOf(process.env);
const { originVerifySecretId } = config;

async function createApp() {
  const abuseKey =
    config.abuseKeySecretId === undefined
      ? config.abuseKey
      : await readSecret(extension, config.abuseKeySecretId);
  // Every instance must sign and check challenges, and hash addresses, with the same key.
  if (abuseKey === undefined || abuseKey.length < 32) {
    throw new Error('Set ABUSE_KEY_SECRET_ID (or ABUSE_KEY, at least 32 characters) for the public API.');
  }
  const originVerifier =
    originVerifySecretId === undefined
      ? undefined
      : new OriginVerifier(async () => {
          const [current, previous] = await Promise.all([
            readSecret(extension, originVerifySecretId, 'AWSCURRENT'),
            readSecret(extension, originVerifySecretId, 'AWSPREVIOUS'),
          ]);
          return [current, previous].filter((value) => value !== undefined);
        });
  const app = createPublicApi({
    store,
    clock: systemClock,
    contactRetentionDays: config.contactRetentionDays,
    idempotencyTtlHours: config.idempotencyTtlHours,
    abuse: abuseGuardsFrom(config, store, abuseKey, originVerifier),
    logError: (message, { requestId, error }) => logger.error(message, { requestId, error }),
    logRequest: (line) => logger.info('request', { ...line }),
    published: { store: comments, shards: config.commentShards },
    clusterComment: (comment) => clusterComment(clusters, comment),
    attribution: { reports: new DynamoReportIntakeStore(client, config), comments },
    // Feedback counters after intake; the search index is fed by a stream consumer in AWS (decision 24).
    feedback: {
      stats,
      responses: new DynamoResponseStore(client, config.tableName),
      getComment: (consultationId, commentId) => comments.getComment(consultationId, commentId),
      feed: feedbackFeed({
        stats,
        reportFailure: (what, error) => logger.error(`${what} update failed`, { error }),
      }),
    },
    // Every line of this invocation then carries `correlation_id`, the id the client got back.
    onRequestId: (requestId) => logger.setCorrelationId(requestId),
  });
  return handle(app);
}

let ready: ReturnType<typeof createApp> | undefined;

/**
 * API Gateway HTTP API (payload v2) entry point. Each log line carries the Lambda request id
 * (`function_request_id`), the API Gateway request id (`apiGatewayRequestId`, as in the access log's
 * `$context.requestId`) and the app's correlation id, so that the three logs can be joined.
 */
export async function handler(event: LambdaEvent, context: Context) {
  logger.resetKeys();
  logger.addContext(context);
  if ('requestId' in event.requestContext) {
    logger.appendKeys({ apiGatewayRequestId: event.requestContext.requestId });
  }
  ready ??= createApp().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
}
