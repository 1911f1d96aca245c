/**
 * Staff-side benchmarks (issue 8), run by bench/run.ts: the first page of the moderation queue with many
 * pending comments, merged over the 16 shards, against one single-partition query of the same page size;
 * and a bulk decision on 100 comments against 100 plain updates of the same items.
 */
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import type { Comment } from '../shared/comment/comment.ts';
import { newCommentId } from '../shared/comment/comment-id.ts';
import { moderate } from '../shared/moderation/moderate.ts';
import { listQueue, QueueQuery } from '../shared/moderation/queue.ts';
import { DEFAULT_REASONS } from '../shared/moderation/reasons.ts';
import { systemClock } from '../shared/ports.ts';
import { DynamoDbStore } from '../shared/store/dynamodb/dynamodb-store.ts';
import { ENTITY, GSI1, keys, shardOf } from '../shared/store/dynamodb/keys.ts';
import { DynamoStaffStore } from '../shared/store/dynamodb/staff-store.ts';
import { ensureTable } from '../shared/store/dynamodb/table.ts';

const PENDING = Number(process.env.BENCH_QUEUE_COMMENTS ?? 100_000);
const SHARDS = 16;
const CONSULTATION = 'bench-queue';
const RUNS = 25;

type Row = [string, string, string];

export async function benchStaff(): Promise<Row[]> {
  const db = await startDynamoDbLocal({ allowedOrigins: [] });
  try {
    const tableName = 'bench-staff';
    await ensureTable(db.client, tableName);
    const doc = DynamoDBDocumentClient.from(db.client);
    const options = { tableName, commentShards: SHARDS, counterShards: 8 };
    const store = new DynamoDbStore(db.client, options);
    const staff = new DynamoStaffStore(db.client, options);

    const loadStarted = performance.now();
    const ids = await load(doc, tableName, PENDING);
    const loadMs = performance.now() - loadStarted;

    const queueDeps = { store: staff, consultations: store, shards: SHARDS };
    const query = QueueQuery.parse({ limit: '50' });
    const firstPage = () => listQueue(queueDeps, CONSULTATION, query);
    const baseline = () =>
      doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: {
            ':p': keys.moderationIndex(CONSULTATION, 'pending', 0, '', '').gsi1pk,
          },
          ScanIndexForward: false,
          Limit: 50,
        }),
      );
    const page = await firstPage();
    if (page.items.length !== 50) throw new Error(`queue page has ${page.items.length} items`);
    const second = () =>
      listQueue(queueDeps, CONSULTATION, { ...query, cursor: page.nextCursor ?? undefined });
    const queueMs = await median(firstPage);
    const secondMs = await median(second);
    const baselineMs = await median(baseline);

    // Bulk: 100 decisions with their audit entries, against 100 unconditional updates of other comments.
    const consultation = {
      id: CONSULTATION,
      draftId: 'bench',
      draftVersion: 1,
      draftHash: 'bench',
      title: { zh: '基准', en: 'Bench' },
      office: { zh: '基准', en: 'Bench' },
      articleIds: ['art-1'],
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      createdAt: new Date().toISOString(),
    };
    const principal = {
      sub: 'bench',
      username: 'bench',
      name: 'bench',
      roles: ['moderator' as const],
      office: null,
    };
    const bulkIds = ids.slice(0, 100);
    const plainIds = ids.slice(100, 200);
    const bulkStarted = performance.now();
    const results = await moderate(
      { store: staff, clock: systemClock, reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
      principal,
      consultation,
      { action: 'publish', items: bulkIds.map((commentId) => ({ commentId, version: 0 })) },
      'bench',
    );
    const bulkMs = performance.now() - bulkStarted;
    if (results.some((r) => r.outcome !== 'done')) throw new Error('bulk decision failed');
    const plainStarted = performance.now();
    for (let i = 0; i < plainIds.length; i += 10) {
      await Promise.all(
        plainIds.slice(i, i + 10).map((id) =>
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.comment(CONSULTATION, shardOf(id, SHARDS), id),
              UpdateExpression: 'SET #s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': 'published' },
            }),
          ),
        ),
      );
    }
    const plainMs = performance.now() - plainStarted;

    return [
      [
        `loading ${PENDING.toLocaleString('en')} pending comments (BatchWrite)`,
        `${(loadMs / 1000).toFixed(1)} s`,
        '—',
      ],
      [
        `moderation queue, first page of 50 merged over ${SHARDS} shards (${PENDING.toLocaleString('en')} pending, median of ${RUNS})`,
        `${queueMs.toFixed(1)} ms`,
        `${(queueMs / baselineMs).toFixed(2)}× one single-partition Query of 50 (${baselineMs.toFixed(1)} ms)`,
      ],
      [
        'moderation queue, second page through the cursor',
        `${secondMs.toFixed(1)} ms`,
        `${(secondMs / baselineMs).toFixed(2)}× the same baseline`,
      ],
      [
        'bulk decision on 100 comments (read, conditional update + audit transaction each)',
        `${bulkMs.toFixed(0)} ms`,
        `${(bulkMs / plainMs).toFixed(2)}× 100 plain updates at the same concurrency (${plainMs.toFixed(0)} ms)`,
      ],
    ];
  } finally {
    await db.stop();
  }
}

async function load(doc: DynamoDBDocumentClient, tableName: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  const base = Date.now() - n * 1000;
  const batches: Record<string, unknown>[][] = [];
  let batch: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(base + i * 1000);
    const id = newCommentId(at);
    ids.push(id);
    const shard = shardOf(id, SHARDS);
    const comment: Comment = {
      id,
      consultationId: CONSULTATION,
      receipt: `B${i}`,
      articleId: 'art-1',
      draftVersion: 1,
      stance: 'suggest',
      body: `第${i}条意见：建议明确夜间公交线路的安全员配置标准。`,
      proposedWording: null,
      displayName: null,
      publishName: false,
      lang: 'zh',
      status: 'pending',
      contentHash: 'h',
      submittedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    batch.push({
      ...keys.comment(CONSULTATION, shard, id),
      ...keys.moderationIndex(CONSULTATION, 'pending', shard, comment.submittedAt, id),
      entity: ENTITY.comment,
      ...comment,
    });
    if (batch.length === 25) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const items = batches[next++] ?? [];
      let request: Record<string, unknown>[] | undefined = items.map((Item) => ({ PutRequest: { Item } }));
      while (request !== undefined && request.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: request } }));
        request = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  // Newest first, as the queue shows them.
  return ids.reverse();
}

async function median(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}
