import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { indexBatch } from '../../../functions/search-indexer/indexer.ts';
import { S3SearchIndexStorage } from '../../../functions/search-indexer/s3-storage.ts';
import { changeOfRecord } from '../../../functions/search-indexer/stream-records.ts';
import type { Comment } from '../../../shared/comment/comment.ts';
import { decodeChanges } from '../../../shared/search/change-log.ts';
import { CommentSearch } from '../../../shared/search/comment-search.ts';
import { type SearchDocument, searchDocumentOf } from '../../../shared/search/document.ts';
import { indexSeeder } from '../../../shared/search/seed.ts';
import type { SearchIndexStorage } from '../../../shared/search/storage.ts';
import { keys } from '../../../shared/store/dynamodb/keys.ts';
import { aComment, fixedClock } from '../../support/factories.ts';
import { inMemoryBucket } from '../../support/s3-double.ts';
import { decidedItem, intakeItems, streamRecord } from '../../support/stream-records.ts';
import { segmenter } from '../search/helpers.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const CONS = 'transit-safety-2026';

let objects: Map<string, Uint8Array>;
let seeded: SearchDocument[];
let seedReads: string[];

beforeEach(() => {
  s3.reset();
  objects = inMemoryBucket(s3);
  seeded = [];
  seedReads = [];
});

let n = 0;
function comment(body: string, overrides: Partial<Comment> = {}): Comment {
  n++;
  return aComment({
    id: `01JSEARCH${String(n).padStart(17, '0')}`,
    receipt: `RCPT-${n}`,
    body,
    ...overrides,
  });
}

const commentItem = (c: Comment) => {
  const item = intakeItems(c)[0];
  if (item === undefined) throw new Error('no comment item');
  return item;
};

/** The indexer as the Lambda builds it, over the in-memory bucket; the table is a list of documents. */
function indexer(storage: SearchIndexStorage = new S3SearchIndexStorage(client, 'yijian-search-test')) {
  const search = new CommentSearch({ storage, segmenter, clock: fixedClock() });
  const seeder = indexSeeder({
    search,
    comments: async function* (consultationId) {
      seedReads.push(consultationId);
      yield seeded.filter(() => true);
    },
  });
  const failures: { what: string; sequenceNumber: string; consultationId?: string }[] = [];
  return {
    search,
    failures,
    run: (records: unknown[]) =>
      indexBatch(
        {
          search,
          seeder,
          reportFailure: (what, { sequenceNumber, consultationId }) =>
            failures.push({
              what,
              sequenceNumber,
              ...(consultationId === undefined ? {} : { consultationId }),
            }),
        },
        records,
      ),
  };
}

const segmentsOf = (consultationId: string) =>
  [...objects.keys()].filter((k) => k.startsWith(`${consultationId}/log/`)).sort();

async function ids(search: CommentSearch, q: string, status: Comment['status'][] = ['pending', 'published']) {
  return (await search.search(CONS, { q, status, limit: 100, cursor: null })).hits.map((h) => h.id);
}

describe('stream records to index changes', () => {
  it('indexes a comment received (INSERT) with the fields staff filter by', () => {
    const c = comment('建议地铁站配备自动体外除颤器', { articleId: 'art-2', stance: 'support' });
    expect(changeOfRecord(streamRecord('INSERT', { newItem: commentItem(c) }))).toEqual({
      kind: 'change',
      consultationId: CONS,
      change: { op: 'add', doc: searchDocumentOf(c) },
    });
  });

  it('turns a moderation decision (MODIFY) into an update of the status only', () => {
    const c = comment('夜班公交应当增加班次');
    const record = streamRecord('MODIFY', {
      oldItem: commentItem(c),
      newItem: decidedItem(c, { status: 'published', version: 1, updatedAt: '2026-11-16T00:00:00.000Z' }),
    });
    expect(changeOfRecord(record)).toEqual({
      kind: 'change',
      consultationId: CONS,
      change: { op: 'update', id: c.id, changes: { status: 'published' } },
    });
  });

  it('turns a clustering write into an update of the cluster', () => {
    const c = comment('请保留老年人免费乘车');
    const record = streamRecord('MODIFY', {
      oldItem: commentItem(c),
      newItem: { ...commentItem(c), clusterId: 'k-42', clusterSize: 3 },
    });
    expect(changeOfRecord(record)).toMatchObject({
      change: { op: 'update', changes: { clusterId: 'k-42' } },
    });
  });

  it('leaves a change the index does not hold (a reason, a version bump) alone', () => {
    const c = comment('票价太高', { status: 'rejected', reason: '与本条无关' });
    const record = streamRecord('MODIFY', {
      oldItem: commentItem(c),
      newItem: decidedItem(c, { reason: '重复提交', version: 3 }),
    });
    expect(changeOfRecord(record)).toEqual({ kind: 'unchanged', consultationId: CONS });
  });

  it('takes a MODIFY without its old image as the whole comment (an idempotent add)', () => {
    const c = comment('站台应当加装屏蔽门', { status: 'published' });
    expect(changeOfRecord(streamRecord('MODIFY', { newItem: commentItem(c) }))).toMatchObject({
      change: { op: 'add', doc: { id: c.id, status: 'published' } },
    });
  });

  it('records a deleted comment (REMOVE) as removed, not as a change the index could apply', () => {
    const c = comment('无障碍电梯经常停用');
    expect(changeOfRecord(streamRecord('REMOVE', { oldItem: commentItem(c) }))).toEqual({
      kind: 'removed',
      consultationId: CONS,
      commentId: c.id,
    });
  });

  it('ignores every item that is not a comment, without reading its image', () => {
    const c = comment('公交车内禁止饮食', { displayName: '王女士' });
    const [, receipt, idempotency, contact] = intakeItems(c, {
      email: 'wang@example.cn',
      phone: '13800138000',
    });
    for (const item of [receipt, idempotency, contact]) {
      if (item === undefined) throw new Error('intake wrote fewer items');
      expect(changeOfRecord(streamRecord('INSERT', { newItem: item }))).toEqual({ kind: 'ignored' });
      expect(changeOfRecord(streamRecord('REMOVE', { oldItem: item }))).toEqual({ kind: 'ignored' });
    }
    const counter = { ...keys.counter(CONS, 'ALL', 3), n: 7 };
    expect(changeOfRecord(streamRecord('MODIFY', { oldItem: counter, newItem: counter }))).toEqual({
      kind: 'ignored',
    });
  });

  it('refuses a comment image that does not parse or does not match its key', () => {
    const c = comment('一条意见');
    expect(() =>
      changeOfRecord(streamRecord('INSERT', { newItem: { ...commentItem(c), stance: 'maybe' } })),
    ).toThrow();
    expect(() =>
      changeOfRecord(streamRecord('INSERT', { newItem: { ...commentItem(c), id: 'someone-else' } })),
    ).toThrow('does not match its key');
  });
});

describe('a batch of the stream into the index', () => {
  it('writes one segment per consultation, the changes in stream order', async () => {
    const a = comment('地铁站厕所太少');
    const b = comment('公交站台缺少遮雨棚');
    const other = comment('另一个征求意见的评论', { consultationId: 'parks-2026' });
    const { run, search } = indexer();
    const outcome = await run([
      streamRecord('INSERT', { newItem: commentItem(a) }),
      streamRecord('INSERT', { newItem: commentItem(other) }),
      streamRecord('INSERT', { newItem: commentItem(b) }),
      streamRecord('MODIFY', { oldItem: commentItem(a), newItem: decidedItem(a, { status: 'published' }) }),
    ]);
    expect(outcome).toEqual({
      batchItemFailures: [],
      recorded: { consultations: 2, changes: 4, removed: 0, ignored: 0 },
    });
    const [segment, ...more] = segmentsOf(CONS);
    expect(more).toEqual([]);
    expect(decodeChanges(objects.get(segment ?? '') ?? new Uint8Array(), 1).map((c) => c.op)).toEqual([
      'add',
      'add',
      'update',
    ]);
    expect(segmentsOf('parks-2026')).toHaveLength(1);
    expect(await ids(search, '厕所', ['published'])).toEqual([a.id]);
    expect(await ids(search, '遮雨棚', ['pending'])).toEqual([b.id]);
  });

  it('never puts contact details or the display name into the index', async () => {
    const c = comment('建议公交车安装空调', { displayName: '李先生' });
    const items = intakeItems(c, { email: 'li.private@example.cn', phone: '13912345678' });
    const { run, search } = indexer();
    const outcome = await run(items.map((item) => streamRecord('INSERT', { newItem: item })));
    expect(outcome.recorded).toMatchObject({ changes: 1, ignored: 3 });
    const stored = [...objects.values()].map((b) => new TextDecoder().decode(b)).join('\n');
    expect(stored).toContain('空调');
    for (const secret of ['li.private@example.cn', '13912345678', '李先生', 'RCPT-'])
      expect(stored).not.toContain(secret);
    expect(await ids(search, 'example')).toEqual([]);
    expect(await ids(search, '13912345678')).toEqual([]);
  });

  it('gives the same index when a batch is delivered again (redelivery, retries)', async () => {
    const a = comment('早高峰地铁太挤');
    const b = comment('早高峰公交间隔太长');
    const batch = [
      streamRecord('INSERT', { newItem: commentItem(a) }),
      streamRecord('INSERT', { newItem: commentItem(b) }),
      streamRecord('MODIFY', { oldItem: commentItem(b), newItem: decidedItem(b, { status: 'spam' }) }),
    ];
    const once = indexer();
    await once.run(batch);
    await once.run(batch);
    await once.run(batch.slice(1));
    const fresh = await indexer().search.size(CONS);
    expect(fresh).toBe(2);
    expect(await ids(once.search, '早高峰', ['pending'])).toEqual([a.id]);
    expect(await ids(once.search, '早高峰', ['spam'])).toEqual([b.id]);
    const reader = indexer().search;
    expect(await ids(reader, '早高峰', ['pending', 'published', 'rejected', 'spam'])).toEqual([b.id, a.id]);
    expect(await ids(reader, '早高峰', ['spam'])).toEqual([b.id]);
  });

  it('reports an unreadable record by its sequence number and still indexes the rest', async () => {
    const good = comment('自行车道被占用');
    const bad = streamRecord('INSERT', { newItem: { ...commentItem(comment('坏的')), status: 'lost' } });
    const { run, search, failures } = indexer();
    const outcome = await run([bad, streamRecord('INSERT', { newItem: commentItem(good) })]);
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb.SequenceNumber }]);
    expect(failures).toEqual([
      { what: 'unreadable stream record', sequenceNumber: bad.dynamodb.SequenceNumber },
    ]);
    expect(await ids(search, '自行车道')).toEqual([good.id]);
  });

  it('reports the first record of a consultation whose segment cannot be written; the others are written', async () => {
    const storage = new S3SearchIndexStorage(client, 'yijian-search-test');
    const failing: SearchIndexStorage = {
      readSnapshot: (id) => storage.readSnapshot(id),
      writeSnapshot: (id, b) => storage.writeSnapshot(id, b),
      readSegments: (id, after) => storage.readSegments(id, after),
      deleteSegments: (id, through) => storage.deleteSegments(id, through),
      appendSegment: async (id, seq, b) => {
        if (id === 'parks-2026') throw new Error('S3 is down for this prefix');
        return storage.appendSegment(id, seq, b);
      },
    };
    const first = streamRecord('INSERT', {
      newItem: commentItem(comment('公园开放时间', { consultationId: 'parks-2026' })),
    });
    const mine = comment('地铁票价');
    const { run, failures } = indexer(failing);
    const outcome = await run([
      first,
      streamRecord('INSERT', { newItem: commentItem(mine) }),
      streamRecord('INSERT', { newItem: commentItem(comment('公园厕所', { consultationId: 'parks-2026' })) }),
    ]);
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: first.dynamodb.SequenceNumber }]);
    expect(failures).toEqual([
      {
        what: 'search index write',
        sequenceNumber: first.dynamodb.SequenceNumber,
        consultationId: 'parks-2026',
      },
    ]);
    expect(segmentsOf(CONS)).toHaveLength(1);
  });

  it('counts a REMOVE without changing the index (the list skips comments the store no longer has)', async () => {
    const c = comment('站名翻译有误');
    const { run, search } = indexer();
    await run([streamRecord('INSERT', { newItem: commentItem(c) })]);
    const outcome = await run([streamRecord('REMOVE', { oldItem: commentItem(c) })]);
    expect(outcome).toEqual({
      batchItemFailures: [],
      recorded: { consultations: 0, changes: 0, removed: 1, ignored: 0 },
    });
    expect(segmentsOf(CONS)).toHaveLength(1);
    expect(await ids(search, '站名')).toEqual([c.id]);
  });

  it('seeds an index that was never fed from the table before its first segment, once', async () => {
    const old = comment('流计算之前就收到的意见：公交卡');
    seeded = [searchDocumentOf({ ...old, status: 'published' })];
    const fresh = comment('新的意见：公交卡充值');
    const { run, search } = indexer();
    await run([streamRecord('INSERT', { newItem: commentItem(fresh) })]);
    await run([
      streamRecord('MODIFY', {
        oldItem: commentItem(fresh),
        newItem: decidedItem(fresh, { status: 'published' }),
      }),
    ]);
    expect(seedReads).toEqual([CONS]);
    // Seed first (oldest), then the stream's own changes: newest first.
    expect(await ids(search, '公交卡', ['published'])).toEqual([fresh.id, old.id]);
    expect(segmentsOf(CONS)).toHaveLength(3);
  });

  it('does not seed an index that already holds comments', async () => {
    const { run } = indexer();
    await run([streamRecord('INSERT', { newItem: commentItem(comment('第一条')) })]);
    seedReads = [];
    await indexer().run([streamRecord('INSERT', { newItem: commentItem(comment('第二条')) })]);
    expect(seedReads).toEqual([]);
  });
});
