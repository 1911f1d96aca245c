import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ExportJob } from '../../shared/export/jobs.ts';
import type { ExportTarget } from '../../shared/export/ports.ts';
import type { ExportWorkerDeps } from '../../shared/export/worker.ts';
import { screen } from '../../shared/moderation/screening.ts';
import { systemClock } from '../../shared/ports.ts';
import { DynamoDbStore, type DynamoDbStoreOptions } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoExportJobStore } from '../../shared/store/dynamodb/export-jobs.ts';
import { DynamoExportSource } from '../../shared/store/dynamodb/export-source.ts';
import { contentArticles } from './content-articles.ts';

/** The worker's dependencies over the single table; only the file target differs between AWS and local. */
export function exportWorkerDeps(options: {
  client: DynamoDBClient;
  config: DynamoDbStoreOptions;
  contentDir: string;
  targetFor: (job: ExportJob) => ExportTarget;
  logError: ExportWorkerDeps['logError'];
  progressEvery?: number;
  /** Comments per page read from the store (the default suits production; tests use small pages). */
  pageSize?: number;
}): ExportWorkerDeps {
  const { client, config } = options;
  const store = new DynamoDbStore(client, config);
  return {
    jobs: new DynamoExportJobStore(client, config.tableName),
    getConsultation: (id) => store.getConsultation(id),
    sourceFor: (consultationId) =>
      new DynamoExportSource(client, consultationId, {
        tableName: config.tableName,
        commentShards: config.commentShards,
        count: () => store.countComments(consultationId),
        ...(options.pageSize === undefined
          ? {}
          : { pageSize: options.pageSize, shardBatch: options.pageSize }),
      }),
    targetFor: options.targetFor,
    articlesFor: contentArticles(options.contentDir),
    // The staff side's pre-screening: personal data typed into a comment is masked in public files.
    mask: (text) => screen(text).masked,
    clock: systemClock,
    logError: options.logError,
    ...(options.progressEvery === undefined ? {} : { progressEvery: options.progressEvery }),
  };
}
