import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { readConfig } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { createPublicApi } from './app.ts';

// Created once per execution environment and reused across invocations.
const config = readConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-public-api', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const store = new DynamoDbStore(client, config);

const app = createPublicApi({
  store,
  clock: systemClock,
  contactRetentionDays: config.contactRetentionDays,
  idempotencyTtlHours: config.idempotencyTtlHours,
  logError: (message, { requestId, error }) => logger.error(message, { requestId, error }),
  logRequest: (line) => logger.info('request', { ...line }),
  published: { store: new DynamoStaffStore(client, config), shards: config.commentShards },
});

/** API Gateway HTTP API (payload v2) entry point. */
export const handler = handle(app);
