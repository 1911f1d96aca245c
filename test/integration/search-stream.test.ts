import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { indexBatch } from '../../functions/search-indexer/indexer.ts';
import { tableComments } from '../../functions/search-indexer/search-deps.ts';
import { type CommentStatus, CommentSubmission } from '../../shared/comment/comment.ts';
import { submitComment } from '../../shared/comment/submit-comment.ts';
import { moderate } from '../../shared/moderation/moderate.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import { CommentSearch } from '../../shared/search/comment-search.ts';
import { jiebaSegmenter } from '../../shared/search/jieba-segmenter.ts';
import { LocalFileSearchStorage } from '../../shared/search/local-file-storage.ts';
import { indexSeeder } from '../../shared/search/seed.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { enableStream, readStream } from '../support/dynamodb-streams.ts';
import { anOpenConsultation, aSubmission, NOW } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;
let staff: DynamoStaffStore;
let root: string;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'search-stream-it');
  staff = new DynamoStaffStore(table.client, { tableName: table.tableName, ...STORE_OPTIONS });
  root = mkdtempSync(join(tmpdir(), 'yijian-search-stream-'));
});
afterAll(async () => {
  await table.drop();
  rmSync(root, { recursive: true, force: true });
});

let tick = 0;
const clock = { now: () => new Date(NOW.getTime() + tick++ * 1000) };
const moderator: StaffPrincipal = {
  sub: 'm',
  username: 'moderator',
  name: 'moderator',
  roles: ['moderator'],
  office: null,
};
const intake = () => ({
  store: table.store,
  clock,
  contactRetentionDays: 180,
  idempotencyTtlHours: 24,
  reportCounterFailure: (error: unknown) => {
    throw error;
  },
  requestId: 'search-stream-it',
});

/** The indexer's core as the Lambda runs it, over this table and index files under a temporary folder. */
function indexerOver(folder: string) {
  const search = new CommentSearch({
    storage: new LocalFileSearchStorage(folder),
    segmenter: jiebaSegmenter(),
    clock,
  });
  const seeder = indexSeeder({
    search,
    comments: tableComments(table.client, { tableName: table.tableName, ...STORE_OPTIONS }, (id) =>
      table.store.countComments(id),
    ),
  });
  const failures: unknown[] = [];
  return {
    search,
    failures,
    run: (records: readonly unknown[]) =>
      indexBatch(
        { search, seeder, reportFailure: (what, details) => failures.push({ what, ...details }) },
        records,
      ),
  };
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

describe('the search indexer over the stream of DynamoDB Local', () => {
  it('indexes what intake, moderation and seeding wrote, never contact details, and redelivery changes nothing', async () => {
    const consultation = anOpenConsultation({ id: 'search-stream-1', officeId: 'transport' });
    expect(await table.store.createConsultation(consultation)).toBe(true);
    const submit = async (body: string, extra: Record<string, unknown> = {}) => {
      const { receipt } = await submitComment(
        intake(),
        consultation.id,
        CommentSubmission.parse(aSubmission({ body, ...extra })),
        undefined,
      );
      const comment = await table.store.findCommentByReceipt(receipt.receipt);
      if (comment === undefined) throw new Error('not stored');
      return comment;
    };
    // A comment from before the stream was turned on: only seeding can bring it into the index.
    const before = await submit('地铁站应当配备自动体外除颤器，并培训站务人员。');
    const streamArn = await enableStream(table.client, table.tableName);
    const private_ = await submit('夜间公交应当配备安全员，保障乘客安全。', {
      displayName: '赵女士',
      publishName: false,
      contact: { email: 'zhao.private@example.cn', phone: '13700001111' },
    });
    const spam = await submit('Buy cheap tickets at example dot com — bus bus bus');
    for (const [action, comment] of [
      ['publish', before],
      ['publish', private_],
      ['spam', spam],
    ] as const) {
      const [result] = await moderate(
        { store: staff, clock, reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
        moderator,
        consultation,
        { action, items: [{ commentId: comment.id, version: comment.version ?? 0 }] },
        `r-${comment.id}`,
      );
      expect(result?.outcome).toBe('done');
    }

    const records = await readStream(inject('dynamoEndpoint'), streamArn);
    // Receipts, idempotency records, contact items, counters and audit entries share the stream.
    expect(records.length).toBeGreaterThan(6);
    const folder = join(root, 'index-1');
    const indexer = indexerOver(folder);
    const half = Math.floor(records.length / 2);
    const first = await indexer.run(records.slice(0, half));
    const second = await indexer.run(records.slice(half));
    expect(indexer.failures).toEqual([]);
    expect([...first.batchItemFailures, ...second.batchItemFailures]).toEqual([]);
    expect(first.recorded.changes + second.recorded.changes).toBe(5);

    const all: CommentStatus[] = ['pending', 'published', 'rejected', 'spam'];
    const find = async (search: CommentSearch, q: string, status: CommentStatus[] = all) =>
      (await search.search(consultation.id, { q, status, limit: 50, cursor: null })).hits.map((h) => h.id);
    const reader = indexerOver(folder).search;
    expect(await find(reader, '除颤器', ['published'])).toEqual([before.id]);
    expect(await find(reader, '安全员', ['published'])).toEqual([private_.id]);
    expect(await find(reader, 'tickets', ['spam'])).toEqual([spam.id]);
    expect(await find(reader, 'tickets', ['pending', 'published'])).toEqual([]);
    expect(await reader.size(consultation.id)).toBe(3);
    expect(
      (await reader.search(consultation.id, { q: '', status: all, limit: 50, cursor: null })).counts,
    ).toMatchObject({ published: 2, spam: 1, pending: 0 });

    // The contact item and the display name were in the stream; none of it is in the index.
    const stored = filesUnder(folder)
      .map((file) => readFileSync(file).toString('utf8'))
      .join('\n');
    for (const secret of ['zhao.private@example.cn', '13700001111', '赵女士'])
      expect(stored).not.toContain(secret);
    expect(await find(reader, 'example.cn')).toEqual([]);

    // Lambda delivers a batch again after a timeout or a partial failure: the index stays the same.
    const again = await indexerOver(folder).run(records);
    expect(again.batchItemFailures).toEqual([]);
    const afterRedelivery = indexerOver(folder).search;
    expect(await afterRedelivery.size(consultation.id)).toBe(3);
    expect(await find(afterRedelivery, '除颤器', ['published'])).toEqual([before.id]);
    expect(await find(afterRedelivery, 'tickets', ['spam'])).toEqual([spam.id]);
    // Newest first, as the staff list reads them: the seeded comment is the oldest.
    expect(await find(afterRedelivery, '')).toEqual([spam.id, private_.id, before.id]);
  });
});
