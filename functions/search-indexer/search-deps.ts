import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../shared/config.ts';
import type { Clock } from '../../shared/ports.ts';
import { CommentSearch } from '../../shared/search/comment-search.ts';
import { searchDocumentOf } from '../../shared/search/document.ts';
import { jiebaSegmenter } from '../../shared/search/jieba-segmenter.ts';
import { type CommentPages, indexSeeder } from '../../shared/search/seed.ts';
import { DynamoExportSource } from '../../shared/store/dynamodb/export-source.ts';
import { S3SearchIndexStorage } from './s3-storage.ts';

/** Comments read back per page when an index is seeded: one log segment each. */
const SEED_PAGE = 1000;

/**
 * A consultation's comments from the table, oldest first: the comment partitions (pattern 3) merged by
 * their time-ordered ids, as the export worker reads them, without contact details or responses.
 */
export function tableComments(
  client: DynamoDBClient,
  config: Pick<Config, 'tableName' | 'commentShards'>,
  countComments: (consultationId: string) => Promise<number>,
): CommentPages {
  return async function* (consultationId) {
    const source = new DynamoExportSource(client, consultationId, {
      tableName: config.tableName,
      commentShards: config.commentShards,
      pageSize: SEED_PAGE,
      count: () => countComments(consultationId),
    });
    for await (const records of source.pages({ includeContact: false }))
      yield records.map((r) => searchDocumentOf(r.comment, r.cluster?.id ?? null));
  };
}

/**
 * The search side in AWS, for the indexer (the writer, which also compacts) and the staff API (a reader
 * that seeds an index never fed): one CommentSearch over the search bucket, and the seeder over the table.
 */
export function awsCommentSearch(options: {
  s3: S3Client;
  bucket: string;
  comments: CommentPages;
  clock: Clock;
  /** The staff API leaves compaction to the indexer: it may append log segments, never delete them. */
  compacts: boolean;
}) {
  const search = new CommentSearch({
    storage: new S3SearchIndexStorage(options.s3, options.bucket),
    // jieba loads its dictionary on the first search or write, not when a staff Lambda starts.
    segmenter: {
      cutForSearch: (text) => jiebaSegmenter().cutForSearch(text),
      cut: (text) => jiebaSegmenter().cut(text),
    },
    clock: options.clock,
    ...(options.compacts ? {} : { compactAfterSegments: Number.POSITIVE_INFINITY }),
  });
  return { search, seeder: indexSeeder({ search, comments: options.comments }) };
}
