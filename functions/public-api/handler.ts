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
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoResponseStore } from '../../shared/store/dynamodb/response-store.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { DynamoStatsStore } from '../../shared/store/dynamodb/stats-store.ts';
import { createPublicApi } from './app.ts';

// Created once per execution environment and reused across invocations.
const config = readConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-public-api', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const store = new DynamoDbStore(client, config);
const staffStore = new DynamoStaffStore(client, config);
const stats = new DynamoStatsStore(client, config);

const clusters = new DynamoClusterStore(client, config);
const app = createPublicApi({
  store,
  clock: systemClock,
  contactRetentionDays: config.contactRetentionDays,
  idempotencyTtlHours: config.idempotencyTtlHours,
  logError: (message, { requestId, error }) => logger.error(message, { requestId, error }),
  logRequest: (line) => logger.info('request', { ...line }),
  published: { store: staffStore, shards: config.commentShards },
  clusterComment: (comment) => clusterComment(clusters, comment),
  attribution: { reports: new DynamoReportIntakeStore(client, config), comments: staffStore },
  // Feedback counters after intake; the search index is fed by a stream consumer in AWS (decision 23).
  feedback: {
    stats,
    responses: new DynamoResponseStore(client, config.tableName),
    getComment: (consultationId, commentId) => staffStore.getComment(consultationId, commentId),
    feed: feedbackFeed({
      stats,
      reportFailure: (what, error) => logger.error(`${what} update failed`, { error }),
    }),
  },
  // Every line of this invocation then carries `correlation_id`, the id the client got back.
  onRequestId: (requestId) => logger.setCorrelationId(requestId),
});
const serve = handle(app);

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
  return serve(event, context);
}
