import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import type { CommentSearch } from '../../shared/search/comment-search.ts';
import { readSearchConfig } from './config.ts';
import { awsCommentSearch, tableComments } from './search-deps.ts';

/**
 * The staff API's full-text search in AWS: it reads the indexes the stream indexer writes to the search
 * bucket and seeds an index that was never fed (a consultation whose comments predate the stream). It
 * records nothing else: decisions reach the index through the stream, not through the staff API. A stack
 * deployed without the bucket (SEARCH_BUCKET unset) lists comments without the index (decision 10).
 */
export function staffSearch(
  env: Record<string, string | undefined>,
  client: DynamoDBClient,
  config: Pick<Config, 'tableName' | 'region' | 'commentShards'>,
  countComments: (consultationId: string) => Promise<number>,
): { search: CommentSearch; ensureIndexed: (consultationId: string) => Promise<void> } | undefined {
  if (env.SEARCH_BUCKET === undefined) return undefined;
  const { bucket } = readSearchConfig(env);
  const { search, seeder } = awsCommentSearch({
    s3: new S3Client({ region: config.region }),
    bucket,
    comments: tableComments(client, config, countComments),
    clock: systemClock,
    compacts: false,
  });
  return { search, ensureIndexed: (id) => seeder.ensureSeeded(id) };
}
