import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Comment, CommentStatus } from '../../shared/comment/comment.ts';
import { newCommentId } from '../../shared/comment/comment-id.ts';
import { submitComment } from '../../shared/comment/submit-comment.ts';
import { readContact } from '../../shared/moderation/contact.ts';
import { moderate } from '../../shared/moderation/moderate.ts';
import {
  listAudit,
  listPublished,
  listQueue,
  QueueQuery,
  statusCounts,
} from '../../shared/moderation/queue.ts';
import { DEFAULT_REASONS } from '../../shared/moderation/reasons.ts';
import type { ModerationAction } from '../../shared/moderation/transitions.ts';
import type { StaffPrincipal } from '../../shared/staff/principal.ts';
import { changeWindow, contactExpiryFor, type WindowRequest } from '../../shared/staff/windows.ts';
import { DynamoStaffStore } from '../../shared/store/dynamodb/staff-store.ts';
import { aFreshTable, STORE_OPTIONS } from '../support/dynamodb.ts';
import { aComment, anOpenConsultation, fixedClock, NOW } from '../support/factories.ts';

let table: Awaited<ReturnType<typeof aFreshTable>>;
let staff: DynamoStaffStore;

beforeAll(async () => {
  table = await aFreshTable(inject('dynamoEndpoint'), 'staff-it');
  staff = new DynamoStaffStore(table.client, { tableName: table.tableName, ...STORE_OPTIONS });
});
afterAll(async () => {
  await table.drop();
});

const admin: StaffPrincipal = {
  sub: 'admin',
  username: 'admin',
  name: 'Admin',
  roles: ['admin'],
  office: null,
};
const moderator: StaffPrincipal = {
  sub: 'mod',
  username: 'moderator',
  name: 'Mod',
  roles: ['moderator'],
  office: null,
};
// Each reading is a millisecond later, so that decisions made one after the other are ordered in the audit.
let tick = 0;
const clock = { now: () => new Date(NOW.getTime() + tick++) };
const deps = () => ({
  store: staff,
  clock,
  reasons: DEFAULT_REASONS,
  reportCounterFailure: (e: unknown) => {
    throw e;
  },
});
let counter = 0;

/** A consultation of its own per test, so tests never see each other's comments. */
async function aConsultation(overrides: Parameters<typeof anOpenConsultation>[0] = {}) {
  const consultation = anOpenConsultation({
    id: `staff-it-${++counter}`,
    officeId: 'transport',
    ...overrides,
  });
  expect(await table.store.createConsultation(consultation)).toBe(true);
  return consultation;
}

/** Stores a comment as intake does (with its moderation index keys), `minutesAgo` before NOW. */
async function aStored(
  consultationId: string,
  minutesAgo: number,
  overrides: Partial<Comment> = {},
  contact = false,
) {
  const at = new Date(NOW.getTime() - minutesAgo * 60_000);
  const comment = aComment({
    id: newCommentId(at),
    consultationId,
    receipt: `R${counter}-${Math.random().toString(36).slice(2, 12)}`,
    submittedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...overrides,
  });
  const outcome = await table.store.storeComment({
    comment,
    contact: contact ? { email: 'citizen@example.cn' } : null,
    contactExpiresAt: 1_900_000_000,
    idempotency: null,
  });
  expect(outcome.kind).toBe('stored');
  await table.store.countComment(consultationId, comment.articleId, comment.id);
  return comment;
}

/** Puts a comment into a state through legal decisions, as moderators would. */
async function decided(consultationId: string, status: CommentStatus) {
  const comment = await aStored(consultationId, 5);
  if (status === 'pending') return comment;
  const action = status === 'published' ? 'publish' : status === 'rejected' ? 'reject' : 'spam';
  const consultation = await table.store.getConsultation(consultationId);
  if (consultation === undefined) throw new Error('no consultation');
  const [result] = await moderate(
    deps(),
    admin,
    consultation,
    { action, items: [{ commentId: comment.id, version: 0 }], reason: '不相关' },
    'req-setup',
  );
  expect(result?.outcome).toBe('done');
  return { ...comment, status, version: 1 };
}

const TABLE: [CommentStatus, ModerationAction, CommentStatus | 'illegal'][] = [
  ['pending', 'publish', 'published'],
  ['pending', 'reject', 'rejected'],
  ['pending', 'spam', 'spam'],
  ['pending', 'reopen', 'illegal'],
  ['published', 'publish', 'illegal'],
  ['published', 'reject', 'illegal'],
  ['published', 'spam', 'illegal'],
  ['published', 'reopen', 'pending'],
  ['rejected', 'publish', 'illegal'],
  ['rejected', 'reject', 'illegal'],
  ['rejected', 'spam', 'illegal'],
  ['rejected', 'reopen', 'pending'],
  ['spam', 'publish', 'illegal'],
  ['spam', 'reject', 'illegal'],
  ['spam', 'spam', 'illegal'],
  ['spam', 'reopen', 'pending'],
];

describe('moderation transitions on DynamoDB Local', () => {
  it.each(TABLE)('%s --%s--> %s', async (from, action, expected) => {
    // Prepare
    const consultation = await aConsultation();
    const comment = await decided(consultation.id, from);
    const version = comment.version ?? 0;

    // Act
    const [result] = await moderate(
      deps(),
      admin,
      consultation,
      { action, items: [{ commentId: comment.id, version }], reason: '理由' },
      'req-1',
    );

    // Assess
    const stored = await staff.getComment(consultation.id, comment.id);
    const items = (await table.scan()).filter((i) => i.pk === `AUDIT#${consultation.id}#${comment.id}`);
    if (expected === 'illegal') {
      expect(result?.outcome).toBe('illegal');
      expect(stored?.status).toBe(from);
      expect(stored?.version ?? 0).toBe(version);
      expect(items).toHaveLength(from === 'pending' ? 0 : 1);
      return;
    }
    expect(result?.outcome).toBe('done');
    expect(stored).toMatchObject({ status: expected, version: version + 1 });
    expect(stored?.reason).toBe(expected === 'rejected' ? '理由' : undefined);
    // The moderation index moved with the status.
    const raw = (await table.scan()).find((i) => i.sk === `CMT#${comment.id}`);
    expect(raw?.gsi1pk).toMatch(new RegExp(`^CONS#${consultation.id}#${expected}#S\\d+$`));
    const audit = await staff.commentAudit(consultation.id, comment.id);
    expect(audit.at(-1)).toMatchObject({
      action,
      from,
      to: expected,
      actor: { sub: 'admin', username: 'admin' },
      requestId: 'req-1',
      at: stored?.updatedAt,
    });
    const counts = await statusCounts(
      { store: staff, consultations: table.store, shards: 16 },
      consultation.id,
    );
    expect(counts).toEqual({ pending: 0, published: 0, rejected: 0, spam: 0, [expected]: 1 });
  });

  it('lets exactly one of several moderators deciding at once win; the others get a conflict', async () => {
    // Prepare
    const consultation = await aConsultation();
    const comment = await aStored(consultation.id, 1);
    const actions: ModerationAction[] = ['publish', 'reject', 'spam', 'publish', 'reject'];

    // Act
    const results = await Promise.all(
      actions.map((action, i) =>
        moderate(
          deps(),
          { ...moderator, sub: `mod-${i}` },
          consultation,
          { action, items: [{ commentId: comment.id, version: 0 }], reason: '理由' },
          `req-${i}`,
        ),
      ),
    );

    // Assess
    const outcomes = results.map((r) => r[0]?.outcome);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(4);
    const stored = await staff.getComment(consultation.id, comment.id);
    expect(stored?.version).toBe(1);
    expect(await staff.commentAudit(consultation.id, comment.id)).toHaveLength(1);
    for (const r of results)
      if (r[0]?.outcome === 'conflict')
        expect(r[0].comment).toMatchObject({ version: 1, status: stored?.status });
  });

  it('audits every decision and contact read, per comment and per consultation, newest first across pages', async () => {
    const consultation = await aConsultation();
    const comments = await Promise.all(
      Array.from({ length: 30 }, (_, i) => aStored(consultation.id, 100 - i, {}, i === 0)),
    );
    const bulk = await moderate(
      deps(),
      moderator,
      consultation,
      { action: 'publish', items: comments.map((c) => ({ commentId: c.id, version: 0 })) },
      'bulk-1',
    );
    expect(bulk.every((r) => r.outcome === 'done')).toBe(true);
    const first = comments[0];
    if (first === undefined) throw new Error('no comment');
    expect(await readContact({ store: staff, clock }, admin, consultation, first.id, 'contact-1')).toEqual({
      email: 'citizen@example.cn',
    });
    await expect(
      readContact({ store: staff, clock }, moderator, consultation, first.id, 'contact-2'),
    ).rejects.toThrow(/admin or drafter/);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAudit({ store: staff, shards: 16 }, consultation.id, cursor);
      seen.push(...page.items.map((e) => `${e.at}#${e.id}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(31);
    expect([...seen].sort().reverse()).toEqual(seen);
    const trail = await staff.commentAudit(consultation.id, first.id);
    expect(trail.map((e) => e.action)).toEqual(['publish', 'read-contact']);
  });
});

describe('post-moderation on DynamoDB Local', () => {
  it('publishes a clean comment on receipt with its audit entry written in the intake transaction', async () => {
    // Prepare
    const consultation = await aConsultation({ moderation: 'post' });

    // Act
    const { receipt } = await submitComment(
      {
        store: table.store,
        clock: fixedClock(),
        contactRetentionDays: 180,
        idempotencyTtlHours: 24,
        reportCounterFailure: () => {},
        requestId: 'req-auto',
      },
      consultation.id,
      { articleId: 'art-5', stance: 'support', body: '支持加装安全门', publishName: false, lang: 'zh' },
      undefined,
    );

    // Assess: the comment's trail says how it became public.
    expect(receipt.status).toBe('published');
    const stored = await table.store.findCommentByReceipt(receipt.receipt);
    const trail = await staff.commentAudit(consultation.id, stored?.id ?? '');
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'auto-publish',
        actor: { sub: 'system:post-moderation', username: 'post-moderation' },
        to: 'published',
        requestId: 'req-auto',
      }),
    ]);
  });
});

describe('the moderation queue merges the 16 shards newest first', () => {
  it('pages through every pending comment exactly once, in order, and filters', async () => {
    // Prepare
    const consultation = await aConsultation();
    const comments: Comment[] = [];
    for (let i = 0; i < 45; i++)
      comments.push(
        await aStored(consultation.id, 200 - i, {
          articleId: i % 3 === 0 ? 'art-1' : 'art-5',
          body: i === 7 ? '建议增设 ＵＮＩＱＵＥ 标识' : `意见 ${i}`,
        }),
      );
    const queueDeps = { store: staff, consultations: table.store, shards: 16 };

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listQueue(
        queueDeps,
        consultation.id,
        QueueQuery.parse({ limit: '7', ...(cursor ? { cursor } : {}) }),
      );
      pages.push(page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 20);

    // Assess
    const expected = [...comments].sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1)).map((c) => c.id);
    expect(pages.flat()).toEqual(expected);
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    const byArticle = await listQueue(
      queueDeps,
      consultation.id,
      QueueQuery.parse({ article: 'art-1', limit: '100' }),
    );
    expect(byArticle.items.map((c) => c.id)).toEqual(
      expected.filter((id) => comments.find((c) => c.id === id)?.articleId === 'art-1'),
    );
    const byText = await listQueue(queueDeps, consultation.id, QueueQuery.parse({ q: 'unique' }));
    expect(byText.items.map((c) => c.id)).toEqual([comments[7]?.id]);
    const from = comments[10]?.submittedAt ?? '';
    const to = comments[20]?.submittedAt ?? '';
    const byDate = await listQueue(queueDeps, consultation.id, QueueQuery.parse({ from, to, limit: '100' }));
    expect(byDate.items.map((c) => c.id)).toEqual(
      comments
        .slice(10, 20)
        .map((c) => c.id)
        .reverse(),
    );
    expect(byDate.counts.pending).toBe(45);
  });

  it('shows the public only published comments, masked, with names only where consented', async () => {
    const consultation = await aConsultation();
    const shown = await aStored(consultation.id, 3, {
      body: '请联系我 13812345678',
      displayName: '王小明',
      publishName: true,
    });
    const hidden = await aStored(consultation.id, 2, { displayName: '李四', publishName: false });
    await aStored(consultation.id, 1);
    await moderate(
      deps(),
      moderator,
      consultation,
      { action: 'publish', items: [shown, hidden].map((c) => ({ commentId: c.id, version: 0 })) },
      'r',
    );
    const page = await listPublished({ store: staff, shards: 16 }, consultation.id, {});
    expect(page.items.map((c) => [c.id, c.displayName])).toEqual([
      [hidden.id, null],
      [shown.id, '王小明'],
    ]);
    expect(page.items[1]?.body).not.toContain('13812345678');
    expect(JSON.stringify(page)).not.toContain('citizen@example.cn');
  });
});

describe('windows on DynamoDB Local', () => {
  const notice = { zh: '公告', en: 'Notice' };
  const windowDeps = () => ({
    consultations: table.store,
    store: staff,
    drafts: { latest: async () => undefined },
    clock: fixedClock(),
    contactRetentionDays: 180,
  });

  it.each([
    ['one second before opening', -1, 0, 'window-not-open'],
    ['one second after opening', 1, 0, 'stored'],
    ['one second before closing', 0, -1, 'stored'],
    ['one second after closing', 0, 1, 'window-not-open'],
  ])('takes a comment %s: %s', async (_case, afterOpen, afterClose, expected) => {
    const consultation = await aConsultation({
      opensAt: '2026-12-01T01:00:00.000Z',
      closesAt: '2027-01-01T16:00:00.000Z',
    });
    const at =
      afterClose === 0
        ? new Date(Date.parse(consultation.opensAt) + afterOpen * 1000)
        : new Date(Date.parse(consultation.closesAt) + afterClose * 1000);
    const submit = submitComment(
      {
        store: table.store,
        clock: fixedClock(at),
        contactRetentionDays: 180,
        idempotencyTtlHours: 24,
        reportCounterFailure: () => {},
        requestId: 'test-request',
      },
      consultation.id,
      { articleId: 'art-5', stance: 'support', body: '支持', publishName: false, lang: 'zh' },
      undefined,
    );
    if (expected === 'stored')
      await expect(submit).resolves.toMatchObject({ receipt: { status: 'pending' } });
    else await expect(submit).rejects.toThrow(/window/);
  });

  it('recomputes the retention of contact details already received when the window changes', async () => {
    // Prepare
    const consultation = await aConsultation();
    const withContact = await Promise.all(
      Array.from({ length: 5 }, (_, i) => aStored(consultation.id, i + 1, {}, true)),
    );
    await aStored(consultation.id, 9);
    const request: WindowRequest = { action: 'extend', closesAt: '2027-02-01T16:00:00.000Z', notice };

    // Act
    const changed = await changeWindow(windowDeps(), admin, consultation, request, 'req-w');

    // Assess
    const contacts = (await table.itemsOf('contact')).filter((i) => i.consultationId === consultation.id);
    expect(contacts).toHaveLength(5);
    for (const item of contacts)
      expect(item.expiresAt).toBe(contactExpiryFor('2027-02-01T16:00:00.000Z', 180));
    expect(withContact).toHaveLength(5);
    const stored = await table.store.getConsultation(consultation.id);
    expect(stored).toMatchObject({
      closesAt: changed.closesAt,
      notices: [{ kind: 'extend', zh: '公告', en: 'Notice', at: NOW.toISOString() }],
    });
    const audit = await listAudit({ store: staff, shards: 16 }, consultation.id, undefined);
    expect(audit.items).toMatchObject([{ action: 'extend', requestId: 'req-w', actor: { sub: 'admin' } }]);
  });

  it('closes early, refuses comments from then on, reopens and concludes; a concurrent change loses', async () => {
    const consultation = await aConsultation();
    const closed = await changeWindow(
      windowDeps(),
      admin,
      consultation,
      { action: 'close-early', notice },
      'r1',
    );
    expect(closed.closesAt).toBe(NOW.toISOString());
    await expect(
      changeWindow(windowDeps(), admin, consultation, { action: 'close-early', notice }, 'r2'),
    ).rejects.toThrow(/Another administrator/);
    const later = fixedClock(new Date(NOW.getTime() + 1000));
    await expect(
      submitComment(
        {
          store: table.store,
          clock: later,
          contactRetentionDays: 180,
          idempotencyTtlHours: 24,
          reportCounterFailure: () => {},
          requestId: 'test-request',
        },
        consultation.id,
        { stance: 'support', body: '支持', publishName: false, lang: 'zh' },
        undefined,
      ),
    ).rejects.toThrow(/closed/);
    const laterDeps = { ...windowDeps(), clock: later };
    const reopened = await changeWindow(
      laterDeps,
      admin,
      closed,
      { action: 'reopen', closesAt: '2027-01-10T16:00:00.000Z', notice },
      'r3',
    );
    const closedAgain = await changeWindow(
      { ...laterDeps, clock: fixedClock(new Date(NOW.getTime() + 2000)) },
      admin,
      reopened,
      { action: 'close-early', notice },
      'r4',
    );
    const concluded = await changeWindow(
      { ...laterDeps, clock: fixedClock(new Date(NOW.getTime() + 3000)) },
      admin,
      closedAgain,
      { action: 'conclude', notice },
      'r5',
    );
    expect((await table.store.getConsultation(consultation.id))?.concludedAt).toBe(concluded.concludedAt);
    expect(concluded.notices?.map((n) => n.kind)).toEqual([
      'close-early',
      'reopen',
      'close-early',
      'conclude',
    ]);
  });
});
