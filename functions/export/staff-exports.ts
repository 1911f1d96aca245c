import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../shared/config.ts';
import { DynamoExportJobStore } from '../../shared/store/dynamodb/export-jobs.ts';
import type { StaffApiDeps } from '../staff-api/app.ts';
import { readExportConfig } from './config.ts';
import { s3Dispatcher, s3Downloads } from './s3.ts';

/**
 * The staff API's export routes in AWS: jobs on the table, dispatch and downloads through the exports
 * bucket. A stack deployed without the bucket (EXPORT_BUCKET unset) has no export routes (404).
 */
export function staffExports(
  env: Record<string, string | undefined>,
  client: DynamoDBClient,
  config: Pick<Config, 'tableName' | 'region'>,
): Pick<StaffApiDeps, 'exports'> {
  if (env.EXPORT_BUCKET === undefined) return {};
  const { bucket } = readExportConfig(env);
  const s3 = new S3Client({ region: config.region });
  return {
    exports: {
      jobs: new DynamoExportJobStore(client, config.tableName),
      dispatcher: s3Dispatcher(s3, bucket, () => new Date()),
      downloads: s3Downloads(s3, bucket),
    },
  };
}
