/**
 * Reports of false attribution on DynamoDB Local (issue 9 §5): one contract for the in-memory and the
 * DynamoDB adapters, then what only the real table shows: the items and keys written, the transaction of a
 * decision (report, comment and audit together or not at all), and the public API over it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPublicApi } from '../../functions/public-api/app.ts';
import { decideReport, ReportDecisionRequest } from '../../shared/attribution/decide-report.ts';
import type { ReportIntake, ReportIntakeStore, ReportStaffStore } from '../../shared/attribution/ports.ts';
import type { AttributionReport } from '../../shared/attribution/report.ts';
import type { Comment } from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { newReceipt } from '../../shared/comment/receipt.ts';
import { EditConflictError } from '../../shared/errors.ts';
import { moderate } from '../../shared/moderation/moderate.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import type { ConsultationStore } from '../../shared/ports.ts';
import type { StaffStore } from '../../shared/staff/ports.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { DynamoReportIntakeStore } from '../../shared/store/dynamodb/attribution-intake.ts';
import { DynamoReportStaffStore } from '../../shared/store/dynamodb/attribution-store.ts';
import { attributionKeys } from '../../shared/store/dynamodb/keys.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { MemoryAttributionStore } from '../../shared/store/memory-attribution-store.ts';
import { MemoryStaffStore } from '../../shared/store/memory-staff-store.ts';
import { MemoryStore } from '../../shared/store/memory-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, fixedClock, NOW } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'attribution-it');
});
afterAll(async () => {
  await table.drop();
});

interface Stores {
  consultations: ConsultationStore;
  staff: StaffStore;
  intake: ReportIntakeStore;
  reports: ReportStaffStore;
}

const ADAPTERS: [string, () => Stores][] = [
  [
    'the in-memory stores',
    () => {
      const base = new MemoryStore();
      const staff = new MemoryStaffStore(base, STORE_OPTIONS.commentShards);
      const reports = new MemoryAttributionStore(base, staff);
      return { consultations: base, staff, intake: reports, reports };
    },
  ],
  [
    'the DynamoDB stores',
    () => {
      const options = { tableName: table.tableName, ...STORE_OPTIONS };
      return {
        consultations: table.store,
        staff: new DynamoStaffStore(table.client, options),
        intake: new DynamoReportIntakeStore(table.client, options),
        reports: new DynamoReportStaffStore(table.client, options),
      };
    },
  ],
];

const moderator: StaffPrincipal = {
  sub: 'mod',
  username: 'moderator',
  name: 'Mod',
  roles: ['moderator'],
  office: null,
};
let sequence = 0;
let tick = 0;
const clock = { now: () => new Date(NOW.getTime() + tick++) };

/** A consultation of its own with one published comment whose author consented to show a name. */
async function aPublishedComment(stores: Stores) {
  sequence++;
  const consultation = anOpenConsultation({ id: `attribution-it-${sequence}` });
  expect(await stores.consultations.createConsultation(consultation)).toBe(true);
  const comment: Comment = aComment({
    id: newCommentId(NOW),
    consultationId: consultation.id,
    receipt: newReceipt(),
    displayName: '王小明',
    publishName: true,
  });
  expect(
    (
      await stores.consultations.storeComment({
        comment,
        contact: null,
        contactExpiresAt: 1,
        idempotency: null,
      })
    ).kind,
  ).toBe('stored');
  const [published] = await moderate(
    { store: stores.staff, clock, reasons: DEFAULT_REASONS, reportCounterFailure: () => {} },
    moderator,
    consultation,
    { action: 'publish', items: [{ commentId: comment.id, version: 0 }] },
    'req-publish',
  );
  expect(published?.outcome).toBe('done');
  return { consultation, comment };
}

function aReportOn(
  comment: Comment,
  minutes = 0,
  overrides: Partial<AttributionReport> = {},
): AttributionReport {
  const at = new Date(NOW.getTime() + minutes * 60_000);
  return {
    id: newCommentId(at),
    receipt: newReceipt(),
    consultationId: comment.consultationId,
    commentId: comment.id,
    articleId: comment.articleId,
    draftVersion: comment.draftVersion,
    reason: '这不是我写的。',
    status: 'received',
    hasContact: false,
    submittedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 0,
    ...overrides,
  };
}

const intakeOf = (report: AttributionReport, overrides: Partial<ReportIntake> = {}): ReportIntake => ({
  report,
  contact: null,
  contactExpiresAt: 1_900_000_000,
  idempotency: null,
  ...overrides,
});

describe.each(ADAPTERS)('%s', (_name, storesOf) => {
  it('stores a report and reads it back by its receipt; an idempotency record until it expires', async () => {
    const stores = storesOf();
    const { comment } = await aPublishedComment(stores);
    const report = aReportOn(comment);

    const outcome = await stores.intake.storeReport(
      intakeOf(report, { idempotency: { key: 'k-1', requestHash: 'h', expiresAt: 1_763_200_000 } }),
    );

    expect(outcome).toEqual({ kind: 'stored' });
    expect(await stores.intake.findReportByReceipt(report.receipt)).toEqual(report);
    expect(await stores.intake.findReportByReceipt(newReceipt())).toBeUndefined();
    expect(
      await stores.intake.getReportIdempotencyRecord(
        comment.consultationId,
        'k-1',
        new Date(1_763_199_000_000),
      ),
    ).toEqual({
      requestHash: 'h',
      receipt: report.receipt,
    });
    expect(
      await stores.intake.getReportIdempotencyRecord(
        comment.consultationId,
        'k-1',
        new Date(1_763_200_001_000),
      ),
    ).toBeUndefined();
  });

  it('refuses a taken receipt and a held key, writing nothing of the refused report', async () => {
    const stores = storesOf();
    const { comment } = await aPublishedComment(stores);
    const first = aReportOn(comment);
    const held = { key: 'k-held', requestHash: 'h', expiresAt: 1_900_000_000 };
    await stores.intake.storeReport(intakeOf(first, { idempotency: held }));

    const sameReceipt = aReportOn(comment, 1, { receipt: first.receipt });
    const sameKey = aReportOn(comment, 2);
    const outcomes = [
      await stores.intake.storeReport(intakeOf(sameReceipt)),
      await stores.intake.storeReport(
        intakeOf(sameKey, { idempotency: held, contact: { email: 'x@example.cn' } }),
      ),
    ];

    expect(outcomes).toEqual([{ kind: 'receipt-taken' }, { kind: 'idempotency-key-taken' }]);
    expect(await stores.reports.getReport(sameReceipt.id)).toBeUndefined();
    expect(await stores.reports.getReport(sameKey.id)).toBeUndefined();
    expect(await stores.reports.getReporterContact(comment.consultationId, sameKey.id)).toBeUndefined();
  });

  it('lists one status newest first, page by page, and counts each status', async () => {
    const stores = storesOf();
    const { comment } = await aPublishedComment(stores);
    const reports = [0, 1, 2].map((m) => aReportOn(comment, m));
    for (const report of reports) await stores.intake.storeReport(intakeOf(report));
    await stores.intake.storeReport(intakeOf(aReportOn(comment, 3, { status: 'dismissed' })));

    const first = await stores.reports.listReports({
      consultationId: comment.consultationId,
      status: 'received',
      after: undefined,
      limit: 2,
    });
    const second = await stores.reports.listReports({
      consultationId: comment.consultationId,
      status: 'received',
      after: first.last,
      limit: 2,
    });

    expect(first.items.map((r) => r.id)).toEqual([reports[2]?.id, reports[1]?.id]);
    expect(first.last).toBe(`${reports[1]?.submittedAt}#${reports[1]?.id}`);
    expect(second.items.map((r) => r.id)).toEqual([reports[0]?.id]);
    expect(second.last).toBeUndefined();
    expect(await stores.reports.countReports(comment.consultationId)).toEqual({
      received: 3,
      name_hidden: 0,
      dismissed: 1,
    });
  });

  it('hides the name: report, comment and audit change together; the report moves to its new status', async () => {
    // Prepare
    const stores = storesOf();
    const { consultation, comment } = await aPublishedComment(stores);
    const report = aReportOn(comment);
    await stores.intake.storeReport(intakeOf(report));

    const later = new Date(NOW.getTime() + 3_600_000);

    // Act
    const result = await decideReport(
      { reports: stores.reports, staff: stores.staff, clock: fixedClock(later) },
      moderator,
      consultation,
      report.id,
      ReportDecisionRequest.parse({ action: 'hide-name', version: 0, note: '已核实' }),
      'req-hide',
    );

    // Assess
    expect(result.report).toMatchObject({
      status: 'name_hidden',
      version: 1,
      note: '已核实',
      decidedBy: 'moderator',
    });
    const stored = await stores.staff.getComment(consultation.id, comment.id);
    expect(stored).toMatchObject({
      status: 'published',
      displayName: '王小明',
      publishName: false,
      version: 2,
      updatedAt: later.toISOString(),
      falseAttribution: { reportId: report.id, markedAt: later.toISOString() },
    });
    expect(await stores.reports.getReport(report.id)).toMatchObject({
      status: 'name_hidden',
      decidedBy: { sub: 'mod', username: 'moderator' },
      decidedAt: later.toISOString(),
    });
    expect(await stores.reports.countReports(consultation.id)).toEqual({
      received: 0,
      name_hidden: 1,
      dismissed: 0,
    });
    const hidden = await stores.reports.listReports({
      consultationId: consultation.id,
      status: 'name_hidden',
      after: undefined,
      limit: 10,
    });
    expect(hidden.items.map((r) => r.id)).toEqual([report.id]);
    expect((await stores.staff.commentAudit(consultation.id, comment.id)).map((a) => a.action)).toEqual([
      'publish',
      'hide-name',
    ]);
    expect((await stores.staff.commentAudit(consultation.id, comment.id))[1]).toMatchObject({
      reportId: report.id,
      from: 'received',
      to: 'name_hidden',
      reason: '已核实',
      requestId: 'req-hide',
    });
  });

  it('lets exactly one of two moderators deciding at once win and audits only that one', async () => {
    const stores = storesOf();
    const { consultation, comment } = await aPublishedComment(stores);
    const report = aReportOn(comment);
    await stores.intake.storeReport(intakeOf(report));
    const deps = { reports: stores.reports, staff: stores.staff, clock };

    const outcomes = await Promise.allSettled([
      decideReport(
        deps,
        moderator,
        consultation,
        report.id,
        ReportDecisionRequest.parse({ action: 'hide-name', version: 0 }),
        'a',
      ),
      decideReport(
        deps,
        { ...moderator, sub: 'mod-2' },
        consultation,
        report.id,
        ReportDecisionRequest.parse({ action: 'dismiss', version: 0, note: '不予采纳' }),
        'b',
      ),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.status === 'rejected' ? lost.reason : undefined).toBeInstanceOf(EditConflictError);
    const audit = (await stores.staff.commentAudit(consultation.id, comment.id)).filter(
      (a) => a.reportId === report.id,
    );
    expect(audit).toHaveLength(1);
    expect((await stores.reports.getReport(report.id))?.version).toBe(1);
  });

  it('answers a decision on a stale state with a conflict and changes nothing', async () => {
    const stores = storesOf();
    const { comment } = await aPublishedComment(stores);
    const report = aReportOn(comment);
    await stores.intake.storeReport(intakeOf(report));

    const outcome = await stores.reports.decideReport({
      consultationId: comment.consultationId,
      reportId: report.id,
      expectedVersion: 3,
      expectedStatus: 'received',
      to: 'dismissed',
      note: 'x',
      at: NOW.toISOString(),
      decidedBy: { sub: 'mod', username: 'moderator' },
      audit: {
        id: newCommentId(NOW),
        at: NOW.toISOString(),
        actor: { sub: 'mod', username: 'moderator' },
        action: 'dismiss-report',
        consultationId: comment.consultationId,
        commentId: comment.id,
        reportId: report.id,
        requestId: 'r',
      },
    });

    expect(outcome).toEqual({ kind: 'conflict', current: report });
    expect(await stores.reports.getReport(report.id)).toEqual(report);
    expect(
      (await stores.staff.commentAudit(comment.consultationId, comment.id)).map((a) => a.action),
    ).toEqual(['publish']);
  });

  it('gives a reporter’s contact only for the consultation the report concerns', async () => {
    const stores = storesOf();
    const { comment } = await aPublishedComment(stores);
    const report = aReportOn(comment, 0, { hasContact: true });
    await stores.intake.storeReport(
      intakeOf(report, { contact: { name: '张三', email: 'zhang@example.cn' } }),
    );

    expect(await stores.reports.getReporterContact(comment.consultationId, report.id)).toEqual({
      name: '张三',
      email: 'zhang@example.cn',
    });
    expect(await stores.reports.getReporterContact('another-2026', report.id)).toBeUndefined();
  });
});

describe('on the DynamoDB table itself', () => {
  const [, dynamo] = ADAPTERS[1] ?? [];

  it('keeps the reporter’s contact in its own CONTACT# item with a TTL, and nothing of it on the report', async () => {
    if (dynamo === undefined) throw new Error('no adapter');
    const stores = dynamo();
    const { comment } = await aPublishedComment(stores);
    const report = aReportOn(comment, 0, { hasContact: true });

    await stores.intake.storeReport(
      intakeOf(report, { contact: { phone: '13800138000' }, contactExpiresAt: 1_800_000_000 }),
    );

    const items = await table.scan();
    const contact = items.find((i) => i.pk === attributionKeys.contact(report.id).pk);
    expect(contact).toMatchObject({
      pk: `CONTACT#AREPORT#${report.id}`,
      phone: '13800138000',
      expiresAt: 1_800_000_000,
    });
    const stored = items.find((i) => i.pk === `AREPORT#${report.id}`);
    expect(stored).toMatchObject({ gsi1pk: `AREPORTS#${comment.consultationId}#received`, hasContact: true });
    expect(JSON.stringify(stored)).not.toContain('13800138000');
    expect(items.find((i) => i.pk === `ARCPT#${report.receipt}`)).toMatchObject({ reportId: report.id });
  });

  it('changes nothing when any part of a decision fails (here: the reported comment is gone)', async () => {
    if (dynamo === undefined) throw new Error('no adapter');
    const stores = dynamo();
    const { comment } = await aPublishedComment(stores);
    const report = aReportOn(comment, 0, { commentId: newCommentId(NOW) });
    await stores.intake.storeReport(intakeOf(report));
    const before = await table.scan();

    const outcome = await stores.reports.decideReport({
      consultationId: comment.consultationId,
      reportId: report.id,
      expectedVersion: 0,
      expectedStatus: 'received',
      to: 'name_hidden',
      at: NOW.toISOString(),
      decidedBy: { sub: 'mod', username: 'moderator' },
      hideNameOf: { commentId: report.commentId },
      audit: {
        id: newCommentId(NOW),
        at: NOW.toISOString(),
        actor: { sub: 'mod', username: 'moderator' },
        action: 'hide-name',
        consultationId: comment.consultationId,
        commentId: report.commentId,
        reportId: report.id,
        requestId: 'r',
      },
    });

    expect(outcome).toEqual({ kind: 'not-found' });
    const after = await table.scan();
    expect(after).toHaveLength(before.length);
    expect(after.find((i) => i.pk === `AREPORT#${report.id}`)).toEqual(
      before.find((i) => i.pk === `AREPORT#${report.id}`),
    );
  });

  it('serves the whole public flow: report over HTTP, a moderator hides the name, the page data and receipt follow', async () => {
    if (dynamo === undefined) throw new Error('no adapter');
    const stores = dynamo();
    const { consultation, comment } = await aPublishedComment(stores);
    const staff = new DynamoStaffStore(table.client, { tableName: table.tableName, ...STORE_OPTIONS });
    const app = createPublicApi({
      store: table.store,
      clock: fixedClock(),
      contactRetentionDays: 180,
      idempotencyTtlHours: 24,
      logError: (message, { error }) => {
        throw new Error(`${message}: ${String(error)}`);
      },
      published: { store: staff, shards: STORE_OPTIONS.commentShards },
      attribution: { reports: stores.intake, comments: staff },
    });

    const posted = await app.request(
      `/api/consultations/${consultation.id}/comments/${comment.id}/attribution-reports`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'flow-1' },
        body: JSON.stringify({ reason: '冒用我的姓名', contact: { email: 'me@example.cn' } }),
      },
    );
    expect(posted.status).toBe(202);
    const { receipt } = (await posted.json()) as { receipt: string };
    const [open] = (
      await stores.reports.listReports({
        consultationId: consultation.id,
        status: 'received',
        after: undefined,
        limit: 5,
      })
    ).items;
    if (open === undefined) throw new Error('report not listed');
    await decideReport(
      { reports: stores.reports, staff: stores.staff, clock: fixedClock() },
      moderator,
      consultation,
      open.id,
      ReportDecisionRequest.parse({ action: 'hide-name', version: 0 }),
      'req',
    );

    const lookup = await app.request(`/api/attribution-reports/${receipt}`);
    expect(await lookup.json()).toMatchObject({ receipt, status: 'name_hidden', commentId: comment.id });
    const list = (await (await app.request(`/api/consultations/${consultation.id}/comments`)).json()) as {
      items: Record<string, unknown>[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({ id: comment.id, displayName: null, reportedFalselyAttributed: true }),
    ]);
  });
});
