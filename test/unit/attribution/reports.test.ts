import { describe, expect, it } from 'vitest';
import {
  decideReport,
  listReports,
  ReportDecisionRequest,
  ReportListQuery,
  readReporterContact,
} from '../../../shared/attribution/decide-report.ts';
import type { ReportIntake, ReportIntakeOutcome } from '../../../shared/attribution/ports.ts';
import { ReportSubmission } from '../../../shared/attribution/report.ts';
import type { ReportStatus } from '../../../shared/attribution/rules.ts';
import { type SubmitReportDeps, submitReport } from '../../../shared/attribution/submit-report.ts';
import {
  isLegalReportDecision,
  noteRequired,
  type ReportAction,
  reportTargetOf,
} from '../../../shared/attribution/transitions.ts';
import { RECEIPT_PATTERN } from '../../../shared/comment/receipt.ts';
import {
  EditConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  IllegalTransitionError,
  NotFoundError,
  ValidationError,
} from '../../../shared/errors.ts';
import { publicViewOf } from '../../../shared/moderation/views.ts';
import type { Role } from '../../../shared/staff/principal.ts';
import { MemoryAttributionStore } from '../../../shared/store/memory-attribution-store.ts';
import {
  aPublishedComment,
  aReport,
  attributionStores,
  CONSULTATION,
  PENDING_ID,
  PUBLISHED_ID,
} from '../../support/attribution.ts';
import { aClosedConsultation, daysFrom, fixedClock, NOW } from '../../support/factories.ts';

const principal = (roles: Role[], username = roles.join('-') || 'nobody') => ({
  sub: `sub-${username}`,
  username,
  name: username,
  roles,
  office: null,
});

function setup() {
  const stores = attributionStores();
  const deps: SubmitReportDeps = {
    reports: stores.reports,
    consultations: stores.base,
    comments: stores.staff,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
  };
  const staffDeps = { reports: stores.reports, staff: stores.staff, clock: fixedClock() };
  const consultation = () => {
    const c = stores.base.consultations.get(CONSULTATION);
    if (c === undefined) throw new Error('no consultation');
    return c;
  };
  const commentNow = () => [...stores.base.comments.values()].find((c) => c.id === PUBLISHED_ID);
  return { ...stores, deps, staffDeps, consultation, commentNow };
}

const submission = (overrides: Record<string, unknown> = {}) =>
  ReportSubmission.parse({ reason: '这条意见不是我写的，却署了我的名字。', ...overrides });
const decision = (overrides: Record<string, unknown>) =>
  ReportDecisionRequest.parse({ version: 0, ...overrides });

describe('the report state machine', () => {
  it.each<[ReportStatus, ReportAction, ReportStatus | 'illegal']>([
    ['received', 'hide-name', 'name_hidden'],
    ['received', 'dismiss', 'dismissed'],
    ['name_hidden', 'hide-name', 'illegal'],
    ['name_hidden', 'dismiss', 'illegal'],
    ['dismissed', 'hide-name', 'illegal'],
    ['dismissed', 'dismiss', 'illegal'],
  ])('from %s, %s leads to %s', (from, action, expected) => {
    expect(isLegalReportDecision(from, action) ? reportTargetOf(action) : 'illegal').toBe(expected);
  });

  it('needs a note to dismiss, not to hide the name', () => {
    expect([noteRequired('dismiss'), noteRequired('hide-name')]).toEqual([true, false]);
  });
});

describe('submitReport', () => {
  it('stores a report on a published comment and returns its receipt; no contact item without contact', async () => {
    // Prepare
    const { reports, deps } = setup();

    // Act
    const { receipt, replayed } = await submitReport(
      deps,
      CONSULTATION,
      PUBLISHED_ID,
      submission(),
      undefined,
    );

    // Assess
    expect(replayed).toBe(false);
    expect(receipt).toEqual({
      receipt: expect.stringMatching(RECEIPT_PATTERN),
      status: 'received',
      consultationId: CONSULTATION,
      commentId: PUBLISHED_ID,
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: NOW.toISOString(),
    });
    expect([...reports.reports.values()]).toEqual([
      expect.objectContaining({
        receipt: receipt.receipt,
        status: 'received',
        version: 0,
        hasContact: false,
      }),
    ]);
    expect(reports.contacts.size).toBe(0);
  });

  it('keeps the contact apart, blank fields dropped, until the retention after the window closes', async () => {
    const { reports, deps, consultation } = setup();

    await submitReport(
      deps,
      CONSULTATION,
      PUBLISHED_ID,
      submission({ contact: { name: '  王小明 ', email: 'wang@example.cn' } }),
      undefined,
    );

    const [[id, kept]] = [...reports.contacts.entries()] as [[string, unknown]];
    expect(kept).toEqual({
      consultationId: CONSULTATION,
      contact: { name: '王小明', email: 'wang@example.cn' },
      expiresAt: Math.floor((Date.parse(consultation().closesAt) + 180 * 86_400_000) / 1000),
    });
    expect(reports.reports.get(id)?.hasContact).toBe(true);
    expect(JSON.stringify(reports.reports.get(id))).not.toContain('wang@example.cn');
  });

  it('counts the retention from the report when it comes after the window closed', async () => {
    const { base, reports, deps } = setup();
    const closed = aClosedConsultation({ id: 'closed-rules-2026' });
    base.consultations.set(closed.id, closed);
    const comment = aPublishedComment({
      id: '01JCXYZ0000000000000000009',
      consultationId: closed.id,
      receipt: 'ABCD-EFGH-JKM9',
    });
    base.comments.set(comment.receipt, comment);

    await submitReport(
      deps,
      closed.id,
      comment.id,
      submission({ contact: { phone: '+86 138 0013 8000' } }),
      undefined,
    );

    expect([...reports.contacts.values()][0]?.expiresAt).toBe(
      Math.floor(daysFrom(NOW, 180).getTime() / 1000),
    );
  });

  it('stores no contact item when every contact field is blank', async () => {
    const { reports, deps } = setup();
    await submitReport(deps, CONSULTATION, PUBLISHED_ID, submission({ contact: { name: '　 ' } }), undefined);
    expect(reports.contacts.size).toBe(0);
    expect([...reports.reports.values()][0]?.hasContact).toBe(false);
  });

  it.each([
    ['a pending comment', CONSULTATION, PENDING_ID],
    ['an unknown comment', CONSULTATION, '01JCXYZ0000000000000000099'],
    ['a comment of another consultation', 'justice-rules-2026', PUBLISHED_ID],
    ['an unknown consultation', 'no-such-rules-2026', PUBLISHED_ID],
    ['a malformed comment id', CONSULTATION, 'not-an-id'],
    ['a malformed consultation id', '../etc', PUBLISHED_ID],
  ])('refuses %s with 404 and stores nothing', async (_case, consultationId, commentId) => {
    const { reports, deps } = setup();
    await expect(submitReport(deps, consultationId, commentId, submission(), undefined)).rejects.toThrow(
      NotFoundError,
    );
    expect(reports.reports.size + reports.receipts.size + reports.contacts.size).toBe(0);
  });

  it('answers a retry with the same Idempotency-Key and body with the same receipt, even once the comment is down', async () => {
    const { base, reports, deps } = setup();
    const first = await submitReport(deps, CONSULTATION, PUBLISHED_ID, submission(), 'key-1');
    base.comments.set('ABCD-EFGH-JKM2', aPublishedComment({ status: 'pending' }));

    const again = await submitReport(deps, CONSULTATION, PUBLISHED_ID, submission(), 'key-1');

    expect(again).toEqual({ receipt: first.receipt, replayed: true });
    expect(reports.reports.size).toBe(1);
  });

  it('refuses the same Idempotency-Key with another report (422) and stores nothing more', async () => {
    const { reports, deps } = setup();
    await submitReport(deps, CONSULTATION, PUBLISHED_ID, submission(), 'key-1');
    await expect(
      submitReport(deps, CONSULTATION, PUBLISHED_ID, submission({ reason: '另一个理由' }), 'key-1'),
    ).rejects.toThrow(IdempotencyKeyReusedError);
    expect(reports.reports.size).toBe(1);
  });

  it('draws a new receipt when the first one is taken', async () => {
    const { base, staff, deps } = setup();
    const reports = new MemoryAttributionStore(base, staff);
    const outcomes: ReportIntakeOutcome['kind'][] = [];
    const colliding = Object.assign(Object.create(reports) as MemoryAttributionStore, {
      storeReport: async (intake: ReportIntake) => {
        const outcome: ReportIntakeOutcome =
          outcomes.length === 0 ? { kind: 'receipt-taken' } : await reports.storeReport(intake);
        outcomes.push(outcome.kind);
        return outcome;
      },
    });

    const { receipt } = await submitReport(
      { ...deps, reports: colliding },
      CONSULTATION,
      PUBLISHED_ID,
      submission(),
      undefined,
    );

    expect(outcomes).toEqual(['receipt-taken', 'stored']);
    expect(reports.receipts.has(receipt.receipt)).toBe(true);
  });
});

describe('decideReport', () => {
  it('hides the name, marks the comment and audits it, all at once', async () => {
    // Prepare
    const { reports, staff, staffDeps, consultation, commentNow } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });

    // Act
    const result = await decideReport(
      staffDeps,
      principal(['moderator'], 'mod-a'),
      consultation(),
      aReport().id,
      decision({ action: 'hide-name' }),
      'req-1',
    );

    // Assess
    expect(result.report).toMatchObject({
      status: 'name_hidden',
      version: 1,
      decidedBy: 'mod-a',
      note: null,
    });
    expect(result.comment).toMatchObject({
      publishName: false,
      displayName: '王小明',
      version: 2,
      falseAttribution: { reportId: aReport().id, markedAt: NOW.toISOString() },
    });
    const comment = commentNow();
    if (comment === undefined) throw new Error('comment gone');
    expect(publicViewOf(comment)).toMatchObject({ displayName: null, reportedFalselyAttributed: true });
    expect(staff.audit).toEqual([
      expect.objectContaining({
        action: 'hide-name',
        actor: { sub: 'sub-mod-a', username: 'mod-a' },
        commentId: PUBLISHED_ID,
        reportId: aReport().id,
        from: 'received',
        to: 'name_hidden',
        requestId: 'req-1',
      }),
    ]);
  });

  it('dismisses with a note the reporter will read, leaving the comment as it was', async () => {
    const { reports, staff, staffDeps, consultation, commentNow } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });
    const before = structuredClone(commentNow());

    const result = await decideReport(
      staffDeps,
      principal(['admin']),
      consultation(),
      aReport().id,
      decision({ action: 'dismiss', note: '  经核实，该意见由本人提交。 ' }),
      'req-1',
    );

    expect(result.report).toMatchObject({ status: 'dismissed', note: '经核实，该意见由本人提交。' });
    expect(commentNow()).toEqual(before);
    expect(staff.audit).toEqual([
      expect.objectContaining({ action: 'dismiss-report', reason: '经核实，该意见由本人提交。' }),
    ]);
  });

  it.each([
    ['no note', {}],
    ['a blank note', { note: ' \n　' }],
  ])('refuses a dismissal with %s (422) and changes nothing', async (_case, extra) => {
    const { reports, staff, staffDeps, consultation } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });

    const attempt = decideReport(
      staffDeps,
      principal(['moderator']),
      consultation(),
      aReport().id,
      decision({ action: 'dismiss', ...extra }),
      'r',
    );

    await expect(attempt).rejects.toThrow(ValidationError);
    expect(reports.reports.get(aReport().id)?.status).toBe('received');
    expect(staff.audit).toEqual([]);
  });

  it('refuses a second decision as illegal (409) with the report as it is', async () => {
    const { reports, staffDeps, consultation } = setup();
    await reports.storeReport({
      report: aReport({ status: 'dismissed', version: 1 }),
      contact: null,
      contactExpiresAt: 0,
      idempotency: null,
    });

    const attempt = decideReport(
      staffDeps,
      principal(['moderator']),
      consultation(),
      aReport().id,
      decision({ action: 'hide-name', version: 1 }),
      'r',
    );

    await expect(attempt).rejects.toThrow(IllegalTransitionError);
    await expect(attempt).rejects.toMatchObject({ current: { status: 'dismissed' } });
  });

  it('lets exactly one of two moderators deciding at once win; the other gets 409 with the winner’s state', async () => {
    const { reports, staff, staffDeps, consultation } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });

    const outcomes = await Promise.allSettled([
      decideReport(
        staffDeps,
        principal(['moderator'], 'a'),
        consultation(),
        aReport().id,
        decision({ action: 'hide-name' }),
        'r1',
      ),
      decideReport(
        staffDeps,
        principal(['moderator'], 'b'),
        consultation(),
        aReport().id,
        decision({ action: 'dismiss', note: '不予支持' }),
        'r2',
      ),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(EditConflictError);
    expect(staff.audit).toHaveLength(1);
  });

  it('refuses a stale version (409) without changing anything', async () => {
    const { reports, staffDeps, consultation } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });
    await expect(
      decideReport(
        staffDeps,
        principal(['moderator']),
        consultation(),
        aReport().id,
        decision({ action: 'hide-name', version: 3 }),
        'r',
      ),
    ).rejects.toThrow(EditConflictError);
    expect(reports.reports.get(aReport().id)?.version).toBe(0);
  });

  it.each<[string, Role[]]>([
    ['a drafting officer', ['drafter']],
    ['someone without a role', []],
  ])('does not let %s decide (403)', async (_case, roles) => {
    const { reports, staff, staffDeps, consultation } = setup();
    await reports.storeReport({ report: aReport(), contact: null, contactExpiresAt: 0, idempotency: null });
    await expect(
      decideReport(
        staffDeps,
        principal(roles),
        consultation(),
        aReport().id,
        decision({ action: 'hide-name' }),
        'r',
      ),
    ).rejects.toThrow(ForbiddenError);
    expect(staff.audit).toEqual([]);
  });

  it.each([
    ['a report of another consultation', aReport({ consultationId: 'justice-rules-2026' }), aReport().id],
    ['an unknown report', aReport(), '01JCXYZR000000000000000099'],
    ['a malformed report id', aReport(), 'nope'],
  ])('answers 404 for %s', async (_case, stored, reportId) => {
    const { reports, staffDeps, consultation } = setup();
    await reports.storeReport({ report: stored, contact: null, contactExpiresAt: 0, idempotency: null });
    await expect(
      decideReport(
        staffDeps,
        principal(['admin']),
        consultation(),
        reportId,
        decision({ action: 'hide-name' }),
        'r',
      ),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('readReporterContact', () => {
  it.each<[string, Role[]]>([
    ['an administrator', ['admin']],
    ['a drafting officer', ['drafter']],
  ])('gives %s the contact, audited before it is returned', async (_case, roles) => {
    const { reports, staff, staffDeps, consultation } = setup();
    await reports.storeReport({
      report: aReport({ hasContact: true }),
      contact: { name: '王小明', phone: '13800138000' },
      contactExpiresAt: 1,
      idempotency: null,
    });

    const contact = await readReporterContact(
      staffDeps,
      principal(roles),
      consultation(),
      aReport().id,
      'req-9',
    );

    expect(contact).toEqual({ name: '王小明', phone: '13800138000' });
    expect(staff.audit).toEqual([
      expect.objectContaining({
        action: 'read-reporter-contact',
        reportId: aReport().id,
        commentId: PUBLISHED_ID,
        requestId: 'req-9',
      }),
    ]);
  });

  it('does not give it to a moderator (403), and audits nothing', async () => {
    const { reports, staff, staffDeps, consultation } = setup();
    await reports.storeReport({
      report: aReport({ hasContact: true }),
      contact: { email: 'a@example.cn' },
      contactExpiresAt: 1,
      idempotency: null,
    });
    await expect(
      readReporterContact(staffDeps, principal(['moderator']), consultation(), aReport().id, 'r'),
    ).rejects.toThrow(ForbiddenError);
    expect(staff.audit).toEqual([]);
  });
});

describe('listReports', () => {
  it('lists one status newest first with the reported comment, page by page, and counts every status', async () => {
    // Prepare: 52 open reports a minute apart, one dismissed
    const { reports, staffDeps, consultation } = setup();
    for (let n = 0; n < 52; n++)
      await reports.storeReport({
        report: aReport({
          id: `01JCXYZR${String(n).padStart(18, '0')}`,
          receipt: `RSTU-VWXY-${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'.charAt(n % 31)}${'234'.charAt(Math.floor(n / 31))}34`,
          submittedAt: new Date(NOW.getTime() + n * 60_000).toISOString(),
        }),
        contact: null,
        contactExpiresAt: 0,
        idempotency: null,
      });
    await reports.storeReport({
      report: aReport({ id: '01JCXYZR999999999999999999', receipt: 'ZZZZ-ZZZZ-ZZZZ', status: 'dismissed' }),
      contact: null,
      contactExpiresAt: 0,
      idempotency: null,
    });

    // Act
    const first = await listReports(
      staffDeps,
      principal(['moderator']),
      consultation(),
      ReportListQuery.parse({}),
    );
    const second = await listReports(
      staffDeps,
      principal(['moderator']),
      consultation(),
      ReportListQuery.parse({ cursor: first.nextCursor }),
    );

    // Assess
    expect(first.counts).toEqual({ received: 52, name_hidden: 0, dismissed: 1 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]?.report.id).toBe(`01JCXYZR${String(51).padStart(18, '0')}`);
    expect(first.items[0]?.comment).toMatchObject({
      id: PUBLISHED_ID,
      displayName: '王小明',
      articleId: 'art-5',
    });
    expect(JSON.stringify(first)).not.toContain('RSTU-VWXY');
    expect(second.items.map((i) => i.report.id)).toEqual(
      [1, 0].map((n) => `01JCXYZR${String(n).padStart(18, '0')}`),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor that is not one of ours (422)', () => {
    expect(ReportListQuery.safeParse({ cursor: 'x#y' }).success).toBe(false);
    expect(ReportListQuery.safeParse({ status: 'pending' }).success).toBe(false);
  });
});
