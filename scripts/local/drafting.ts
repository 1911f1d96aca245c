import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../shared/config.ts';
import { feedbackFeed, indexRebuilder } from '../../shared/feedback/feed.ts';
import { systemClock } from '../../shared/ports.ts';
import { CommentSearch } from '../../shared/search/comment-search.ts';
import { jiebaSegmenter } from '../../shared/search/jieba-segmenter.ts';
import { LocalFileSearchStorage } from '../../shared/search/local-file-storage.ts';
import { DynamoDbStore } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoResponseStore } from '../../shared/store/dynamodb/response-store.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { DynamoStatsStore } from '../../shared/store/dynamodb/stats-store.ts';

/**
 * The drafting side of local mode (issue 10): feedback counters and responses in the table, one full-text
 * index per consultation under `<data dir>/search`, shared by the public API (intake) and the staff API
 * (decisions, search) of the one local process.
 */
export function localDrafting(options: {
  config: Config;
  client: DynamoDBClient;
  dataDir: string;
  reportFailure: (what: string, error: unknown) => void;
}) {
  const { config, client } = options;
  const stats = new DynamoStatsStore(client, config);
  const responses = new DynamoResponseStore(client, config.tableName);
  const staff = new DynamoStaffStore(client, config);
  const store = new DynamoDbStore(client, config);
  const search = new CommentSearch({
    storage: new LocalFileSearchStorage(join(options.dataDir, 'search')),
    segmenter: jiebaSegmenter(),
    clock: systemClock,
  });
  const feed = feedbackFeed({ stats, search, reportFailure: options.reportFailure });
  const ensureIndexed = indexRebuilder({
    search,
    store: staff,
    countComments: (id) => store.countComments(id),
    shards: config.commentShards,
  });
  return {
    staff: { stats, responses, feed, search: { search, ensureIndexed } },
    public: {
      stats,
      responses,
      feed,
      getComment: (consultationId: string, commentId: string) => staff.getComment(consultationId, commentId),
    },
  };
}
