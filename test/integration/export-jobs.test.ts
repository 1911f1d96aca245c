import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportWorkerDeps } from '../../functions/export/worker-deps.ts';
import { localPathOf } from '../../scripts/local/exports.ts';
import type { Comment, CommentStatus } from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import type { Consultation } from '../../shared/consultation/consultation.ts';
import { fileTarget } from '../../shared/export/file-target.ts';
import { type ExportJob, objectKeyOf } from '../../shared/export/jobs.ts';
import type { ExportSource } from '../../shared/export/ports.ts';
import { type ExportWorkerDeps, processExportJob } from '../../shared/export/worker.ts';
import { moderate } from '../../shared/moderation/moderate.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { DynamoExportJobStore } from '../../shared/store/dynamodb/export-jobs.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, NOW } from '../support/factories.ts';
import { parseCsv, readXlsx } from '../unit/export/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;
let staff: DynamoStaffStore;
let jobs: DynamoExportJobStore;
let dir: string;

const admin: StaffPrincipal = {
  sub: 'admin',
  username: 'admin',
  name: 'Admin',
  roles: ['admin'],
  office: null,
};
const EMAIL = 'citizen-private@example.cn';
const PHONE = '13800138000';

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'export-it');
  staff = new DynamoStaffStore(table.client, { tableName: table.tableName, ...STORE_OPTIONS });
  jobs = new DynamoExportJobStore(table.client, table.tableName);
  dir = await mkdtemp(join(tmpdir(), 'yijian-exports-'));
});
afterAll(async () => {
  await table.drop();
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
let tick = 0;
const clock = { now: () => new Date(NOW.getTime() + tick++) };

async function aConsultationWith(statuses: readonly CommentStatus[]) {
  const consultation = anOpenConsultation({ id: `export-it-${++counter}`, officeId: 'transport' });
  expect(await table.store.createConsultation(consultation)).toBe(true);
  const stored: Comment[] = [];
  for (const [i, status] of statuses.entries()) {
    const at = new Date(NOW.getTime() - (statuses.length - i) * 60_000);
    const comment = aComment({
      id: newCommentId(at),
      consultationId: consultation.id,
      receipt: `R${counter}-${i}-${Math.random().toString(36).slice(2, 10)}`,
      body: `第${i}条意见：建议夜间公交配备安全员。`,
      submittedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
    const outcome = await table.store.storeComment({
      comment,
      contact: i % 2 === 0 ? { email: EMAIL, phone: PHONE } : null,
      contactExpiresAt: 1_900_000_000,
      idempotency: null,
    });
    expect(outcome.kind).toBe('stored');
    await table.store.countComment(consultation.id, comment.articleId, comment.id);
    if (status !== 'pending') {
      const action = status === 'published' ? 'publish' : status === 'rejected' ? 'reject' : 'spam';
      const [result] = await moderate(
        { store: staff, clock, reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
        admin,
        consultation,
        { action, items: [{ commentId: comment.id, version: 0 }], reason: '与草案无关' },
        'req-setup',
      );
      expect(result?.outcome).toBe('done');
    }
    stored.push({ ...comment, status });
  }
  return { consultation, stored };
}

async function aJob(consultation: Consultation, format: ExportJob['format'], variant: ExportJob['variant']) {
  const jobId = newCommentId(clock.now());
  const job: ExportJob = {
    jobId,
    consultationId: consultation.id,
    officeId: 'transport',
    format,
    variant,
    status: 'queued',
    processed: 0,
    total: 0,
    requestedBy: { sub: 'drafter', username: 'drafter' },
    requestedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    objectKey: objectKeyOf(consultation.id, jobId, format),
    error: null,
    attempt: 0,
    expiresAt: 1_900_000_000,
  };
  await jobs.create(job);
  return job;
}

function workerDeps(overrides: Partial<ExportWorkerDeps> = {}): ExportWorkerDeps {
  return {
    ...exportWorkerDeps({
      client: table.client,
      config: { tableName: table.tableName, ...STORE_OPTIONS },
      contentDir: join(import.meta.dirname, '../../site/src/content'),
      targetFor: (job) => {
        const path = localPathOf(dir, job);
        return fileTarget(join(dir, job.consultationId), path.slice(path.lastIndexOf('/') + 1));
      },
      logError: () => {},
      progressEvery: 5,
      pageSize: 4,
    }),
    ...overrides,
  };
}

// 3 of each status and a few more pending: more comments than one page of every shard.
const STATUSES: CommentStatus[] = [
  ...Array<CommentStatus>(3).fill('rejected'),
  ...Array<CommentStatus>(3).fill('spam'),
  ...Array<CommentStatus>(6).fill('published'),
  ...Array<CommentStatus>(11).fill('pending'),
];

describe('export jobs over DynamoDB Local', () => {
  it('an internal XLSX holds one row per comment received, rejected and spam included, with their reason', async () => {
    const { consultation, stored } = await aConsultationWith(STATUSES);
    const job = await aJob(consultation, 'xlsx', 'internal');

    expect(await processExportJob(workerDeps(), job.jobId)).toBe('done');

    const done = await jobs.get(job.jobId);
    expect(done).toMatchObject({
      status: 'done',
      processed: stored.length,
      total: stored.length,
      attempt: 1,
    });
    const sheets = await readXlsx(await readFile(localPathOf(dir, job)));
    const rows = sheets.get('意见 Comments') ?? [];
    const header = (rows[0] ?? []).map(String);
    expect(rows.length - 1).toBe(stored.length);
    const id = header.indexOf('意见编号 Comment ID');
    const status = header.indexOf('审核状态 Status');
    const reason = header.indexOf('审核理由 Moderation reason');
    const email = header.findIndex((h) => h.includes('mail'));
    const body = rows.slice(1);
    // Ascending comment id across the 16 shards, every comment exactly once.
    expect(body.map((r) => r[id])).toEqual(stored.map((c) => c.id).sort());
    expect(body.filter((r) => r[status] === '不予公开')).toHaveLength(3);
    expect(body.filter((r) => r[status] === '垃圾信息')).toHaveLength(3);
    expect(body.filter((r) => r[status] === '不予公开').every((r) => r[reason] === '与草案无关')).toBe(true);
    expect(body.filter((r) => r[email] === EMAIL)).toHaveLength(Math.ceil(stored.length / 2));
    expect(sheets.has('按条文汇总 By article')).toBe(true);
  });

  it('a public CSV holds the published comments only, and no contact data at all', async () => {
    const { consultation, stored } = await aConsultationWith(STATUSES);
    const job = await aJob(consultation, 'csv', 'public');

    await processExportJob(workerDeps(), job.jobId);

    const text = await readFile(localPathOf(dir, job), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('与草案无关');
    const records = parseCsv(text.slice(1));
    expect(records.length - 1).toBe(stored.filter((c) => c.status === 'published').length);
    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'done', processed: stored.length });
  });

  it('a worker that crashes midway, then is retried, publishes one complete file with no repeated rows', async () => {
    const { consultation, stored } = await aConsultationWith(STATUSES);
    const job = await aJob(consultation, 'csv', 'internal');
    const base = workerDeps();
    let crashes = 1;
    const crashing: ExportWorkerDeps = {
      ...base,
      sourceFor: (id) => {
        const real = base.sourceFor(id);
        return {
          count: () => real.count(),
          async *pages(options) {
            let pages = 0;
            for await (const page of real.pages(options)) {
              yield page;
              pages += 1;
              if (pages === 2 && crashes-- > 0) throw new Error('worker killed');
            }
          },
        } satisfies ExportSource;
      },
    };

    await expect(processExportJob(crashing, job.jobId)).rejects.toThrow('worker killed');
    const failed = await jobs.get(job.jobId);
    expect(failed).toMatchObject({ status: 'failed', attempt: 1 });
    expect(failed?.processed).toBeGreaterThan(0);
    expect(failed?.error).toContain('retry');
    // Nothing published under the export's name, and the crashed attempt's part is gone.
    expect(await readdir(join(dir, consultation.id))).toEqual([]);

    expect(await jobs.requeue(job.jobId, NOW.toISOString())).toBe(true);
    expect(await processExportJob(crashing, job.jobId)).toBe('done');

    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'done', attempt: 2, processed: stored.length });
    expect(await readdir(join(dir, consultation.id))).toEqual([`${job.jobId}.csv`]);
    const records = parseCsv((await readFile(localPathOf(dir, job), 'utf8')).slice(1)).slice(1);
    const ids = records.map((r) => r[0]);
    expect(ids).toHaveLength(stored.length);
    expect(new Set(ids).size).toBe(stored.length);
    expect(ids).toEqual(stored.map((c) => c.id).sort());
  });

  it('a second delivery of a job that is done does nothing', async () => {
    const { consultation } = await aConsultationWith(['published']);
    const job = await aJob(consultation, 'json', 'public');
    expect(await processExportJob(workerDeps(), job.jobId)).toBe('done');
    expect(await processExportJob(workerDeps(), job.jobId)).toBe('skipped');
    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'done', attempt: 1 });
  });
});
