/**
 * Drafting-side benchmark (issue 10), run by bench/run.ts: the dashboard's statistics for a consultation of
 * 100,000 comments, read from the sharded feedback counters (what `GET /api/staff/consultations/{id}/stats`
 * does), against counting the same comments by reading them all (the table scan per page view the counters
 * avoid) and against one GetItem (the floor of any read).
 *
 * The comments are written as intake writes them; the counter items hold what the counters would hold after
 * their intake, computed with the in-memory StatsStore (the same counting rules, checked against DynamoDB
 * Local by test/integration/feedback.test.ts) and written once per shard, because 100,000 single ADDs
 * take DynamoDB Local several minutes.
 */
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { type Comment, STANCES } from '../shared/comment/comment.ts';
import { newCommentId } from '../shared/comment/comment-id.ts';
import { MemoryStatsStore } from '../shared/feedback/memory-stats-store.ts';
import { staffStatsOf } from '../shared/feedback/stats.ts';
import { counterAttribute, FEEDBACK_ENTITY, feedbackKeys } from '../shared/store/dynamodb/feedback-keys.ts';
import { ENTITY, keys, shardOf } from '../shared/store/dynamodb/keys.ts';
import { DynamoStatsStore } from '../shared/store/dynamodb/stats-store.ts';
import { ensureTable } from '../shared/store/dynamodb/table.ts';

const COMMENTS = Number(process.env.BENCH_STATS_COMMENTS ?? 100_000);
const COMMENT_SHARDS = 16;
const COUNTER_SHARDS = 8;
const CONSULTATION = 'bench-stats';
const ARTICLES = 40;
const RUNS = 25;
const SCAN_RUNS = 3;

type Row = [string, string, string];

export async function benchDrafting(): Promise<Row[]> {
  const db = await startDynamoDbLocal({ allowedOrigins: [] });
  try {
    const tableName = 'bench-drafting';
    await ensureTable(db.client, tableName);
    const doc = DynamoDBDocumentClient.from(db.client, { marshallOptions: { removeUndefinedValues: true } });
    const stats = new DynamoStatsStore(db.client, { tableName, counterShards: COUNTER_SHARDS });

    const loadStarted = performance.now();
    const comments = generate(COMMENTS);
    await writeComments(doc, tableName, comments);
    await writeCounters(doc, tableName, comments);
    const loadMs = performance.now() - loadStarted;

    const consultation = { id: CONSULTATION, draftVersion: 1 };
    const dashboard = async () => staffStatsOf(consultation, await stats.readCounters(CONSULTATION));
    const first = await dashboard();
    if (first.total + first.byStatus.spam !== COMMENTS)
      throw new Error(`the counters hold ${first.total + first.byStatus.spam} comments, not ${COMMENTS}`);
    const scanned = await countByReading(doc, tableName);
    if (scanned !== first.total) throw new Error(`reading counted ${scanned}, the counters ${first.total}`);
    const oneItem = () =>
      doc.send(new GetCommand({ TableName: tableName, Key: feedbackKeys.counters(CONSULTATION, 0) }));

    const statsMs = await median(dashboard, RUNS);
    const floorMs = await median(oneItem, RUNS);
    const scanMs = await median(() => countByReading(doc, tableName), SCAN_RUNS);
    const n = COMMENTS.toLocaleString('en');
    return [
      [`loading ${n} comments and their counters (BatchWrite)`, `${(loadMs / 1000).toFixed(1)} s`, '—'],
      [
        `dashboard statistics, ${n} comments, ${ARTICLES} articles × 4 positions × 4 statuses (${COUNTER_SHARDS} counter GetItems + aggregation, median of ${RUNS})`,
        `${statsMs.toFixed(1)} ms`,
        `${(statsMs / floorMs).toFixed(2)}× one GetItem (${floorMs.toFixed(1)} ms); ${(scanMs / statsMs).toFixed(0)}× faster than counting by reading every comment (${scanMs.toFixed(0)} ms, median of ${SCAN_RUNS})`,
      ],
    ];
  } finally {
    await db.stop();
  }
}

function generate(n: number): Comment[] {
  const base = Date.now() - n * 1000;
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(base + i * 1000);
    // A skewed spread, as real drafts draw comments: low article numbers far more than the rest.
    const article = 1 + (Math.floor(ARTICLES * Math.random() ** 2) % ARTICLES);
    const status = i % 10 === 0 ? 'spam' : i % 3 === 0 ? 'published' : i % 7 === 0 ? 'rejected' : 'pending';
    return {
      id: newCommentId(at),
      consultationId: CONSULTATION,
      receipt: `S${i}`,
      articleId: i % 11 === 0 ? null : `art-${article}`,
      draftVersion: 1,
      stance: STANCES[i % STANCES.length] ?? 'other',
      body: `第${i}条意见：建议明确夜间公交线路的安全员配置标准。`,
      proposedWording: null,
      displayName: null,
      publishName: false,
      lang: 'zh',
      status,
      contentHash: 'h',
      submittedAt: at.toISOString(),
      updatedAt: at.toISOString(),
      ...(i % 5 === 0 ? { clusterId: `k${i % 50}` } : {}),
    } satisfies Comment;
  });
}

async function writeComments(doc: DynamoDBDocumentClient, tableName: string, comments: Comment[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < comments.length; i += 25)
    batches.push(
      comments.slice(i, i + 25).map((c) => {
        const shard = shardOf(c.id, COMMENT_SHARDS);
        return {
          ...keys.comment(CONSULTATION, shard, c.id),
          ...keys.moderationIndex(CONSULTATION, c.status, shard, c.submittedAt, c.id),
          entity: ENTITY.comment,
          ...c,
        };
      }),
    );
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let request: Record<string, unknown>[] | undefined = (batches[next++] ?? []).map((Item) => ({
        PutRequest: { Item },
      }));
      while (request !== undefined && request.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: request } }));
        request = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** One counters item per shard, holding what the ADDs at intake would have left there. */
async function writeCounters(doc: DynamoDBDocumentClient, tableName: string, comments: Comment[]) {
  const shards = Array.from({ length: COUNTER_SHARDS }, () => new MemoryStatsStore());
  for (const c of comments) await shards[shardOf(c.id, COUNTER_SHARDS)]?.countReceived(c);
  for (const [shard, memory] of shards.entries()) {
    const snapshot = await memory.readCounters(CONSULTATION);
    const item: Record<string, unknown> = {
      ...feedbackKeys.counters(CONSULTATION, shard),
      entity: FEEDBACK_ENTITY.counters,
    };
    for (const [cell, n] of Object.entries(snapshot.raw)) item[counterAttribute.raw(cell)] = n;
    for (const [cell, n] of Object.entries(snapshot.dup)) item[counterAttribute.dup(cell)] = n;
    for (const [day, n] of Object.entries(snapshot.days)) item[counterAttribute.day(day)] = n;
    await doc.send(new PutCommand({ TableName: tableName, Item: item }));
  }
}

/** The alternative the counters replace: read every comment of every shard and count them. */
async function countByReading(doc: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: COMMENT_SHARDS }, async (_, shard) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': keys.commentPartition(CONSULTATION, shard), ':spam': 'spam' },
            ExpressionAttributeNames: { '#s': 'status' },
            FilterExpression: '#s <> :spam',
            ProjectionExpression: 'articleId, stance, #s',
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        n += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function median(run: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
