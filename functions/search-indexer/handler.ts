import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { readConfig } from '../../shared/config.ts';
import { ConsultationId } from '../../shared/consultation/consultation.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { readSearchConfig } from './config.ts';
import { indexBatch } from './indexer.ts';
import { awsCommentSearch, tableComments } from './search-deps.ts';
import { StreamEvent } from './stream-records.ts';

// Created once per execution environment; the indexes it writes stay loaded between batches.
const config = readConfig(process.env);
const { bucket } = readSearchConfig(process.env);
const logger = new Logger({ serviceName: 'yijian-search-indexer', logLevel: config.logLevel });
const client = new DynamoDBClient({
  region: config.region,
  ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
});
const store = new DynamoDbStore(client, config);
const { search, seeder } = awsCommentSearch({
  s3: new S3Client({ region: config.region }),
  bucket,
  comments: tableComments(client, config, (id) => store.countComments(id)),
  clock: systemClock,
  compacts: true,
});

/** An operator's request to add every stored comment of a consultation again (decision 18, healing). */
const ReseedRequest = z.object({ reseed: ConsultationId }).strict();

/** Errors are logged by kind only: their text could quote a comment. */
const kindOf = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/**
 * DynamoDB stream (NEW_AND_OLD_IMAGES, comment items only by the mapping's filter) → search index, one
 * segment per consultation per batch, with partial batch failures (ReportBatchItemFailures). Invoked
 * directly with `{"reseed":"<consultation>"}` it adds every stored comment of that consultation again.
 */
export async function handler(event: unknown) {
  const reseed = ReseedRequest.safeParse(event);
  if (reseed.success) {
    const added = await seeder.reseed(reseed.data.reseed);
    logger.info('search index reseeded', { consultationId: reseed.data.reseed, added });
    return { reseeded: added };
  }
  const { Records } = StreamEvent.parse(event);
  const outcome = await indexBatch(
    {
      search,
      seeder,
      reportFailure: (what, { sequenceNumber, consultationId, error }) =>
        logger.error(what, { sequenceNumber, consultationId, error: kindOf(error) }),
    },
    Records,
  );
  logger.info('stream batch indexed', { records: Records.length, ...outcome.recorded });
  return { batchItemFailures: outcome.batchItemFailures };
}
