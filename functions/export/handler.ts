import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { readConfig } from '../../shared/config.ts';
import { processExportJob } from '../../shared/export/worker.ts';
import { readExportConfig } from './config.ts';
import { s3Target } from './s3.ts';
import { jobIdsOf } from './sqs-event.ts';
import { exportWorkerDeps } from './worker-deps.ts';

// Created once per execution environment and reused across invocations.
const config = readConfig(process.env);
const exports = readExportConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-export', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const s3 = new S3Client({ region: config.region });
const deps = exportWorkerDeps({
  client,
  config,
  contentDir: exports.contentDir,
  targetFor: (job) => s3Target(s3, exports.bucket, job),
  logError: (message, { jobId, error }) => logger.error(message, { jobId, error }),
});

interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

/**
 * SQS-triggered with batch size 1: a failure is reported for its message, so SQS delivers it again after
 * the visibility timeout and, after maxReceiveCount attempts, moves it to the dead-letter queue (alarmed).
 */
export async function handler(event: SqsEvent) {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      for (const jobId of jobIdsOf(record.body)) {
        const outcome = await processExportJob(deps, jobId);
        logger.info('export job', { jobId, outcome });
      }
    } catch (error) {
      logger.error('export message failed', { messageId: record.messageId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
