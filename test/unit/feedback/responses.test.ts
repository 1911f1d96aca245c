import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPublicApi } from '../../../functions/public-api/app.ts';
import { feedbackFeed } from '../../../shared/feedback/feed.ts';
import { postComment } from '../../support/api.ts';
import { aSubmission, fixedClock, NOW } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import {
  aPrincipal,
  aSessionCookie,
  aStaffApi,
  CLIENT,
  expectProblem,
  type FakeIssuer,
  STAFF_HEADERS,
  TRANSPORT,
} from '../staff-api/support.ts';

let issuer: FakeIssuer;
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());

const C = `/api/staff/consultations/${TRANSPORT}`;

async function setup() {
  const staffApi = aStaffApi(issuer);
  const publicApi = createPublicApi({
    store: staffApi.base,
    clock: fixedClock(),
    contactRetentionDays: 180,
    idempotencyTtlHours: 24,
    logError: vi.fn(),
    published: { store: staffApi.staff, shards: 16 },
    feedback: {
      stats: staffApi.stats,
      responses: staffApi.responses,
      feed: feedbackFeed({ stats: staffApi.stats, reportFailure: vi.fn() }),
      getComment: (c, id) => staffApi.staff.getComment(c, id),
    },
  });
  const drafter = await aSessionCookie(staffApi.sessions, aPrincipal(['drafter']));
  const moderator = await aSessionCookie(staffApi.sessions, aPrincipal(['moderator']));
  const submit = async (overrides: Record<string, unknown>) => {
    const response = await postComment(publicApi, TRANSPORT, aSubmission(overrides));
    expect(response.status).toBe(202);
    const { receipt } = (await response.json()) as { receipt: string };
    const comment = staffApi.base.comments.get(receipt);
    if (comment === undefined) throw new Error('not stored');
    return comment;
  };
  const staffCall = async (cookie: string, path: string, body?: unknown) =>
    staffApi.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? { Cookie: cookie } : { ...STAFF_HEADERS, Cookie: cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const conclude = () => {
    const consultation = staffApi.base.consultations.get(TRANSPORT);
    if (consultation === undefined) throw new Error('missing');
    staffApi.base.consultations.set(TRANSPORT, { ...consultation, concludedAt: NOW.toISOString() });
  };
  return { ...staffApi, publicApi, drafter, moderator, submit, staffCall, conclude };
}

describe('statistics follow intake and moderation', () => {
  it('counts per article and stance for the drafter, published counts for everyone', async () => {
    // Prepare
    const t = await setup();
    const a = await t.submit({ articleId: 'art-5', stance: 'oppose' });
    await t.submit({ articleId: 'art-5', stance: 'oppose' });
    await t.submit({ stance: 'support', articleId: undefined });

    // Act
    const decided = await t.staffCall(t.moderator, `${C}/moderation`, {
      action: 'publish',
      items: [{ commentId: a.id, version: 0 }],
    });
    const stats = await (await t.staffCall(t.drafter, `${C}/stats`)).json();
    const publicStats = await (await t.publicApi.request(`/api/consultations/${TRANSPORT}/stats`)).json();
    const consultation = await (await t.publicApi.request(`/api/consultations/${TRANSPORT}`)).json();

    // Assess
    expect(decided.status).toBe(200);
    expect(stats).toMatchObject({ total: 3, byStatus: { pending: 2, published: 1, rejected: 0, spam: 0 } });
    expect(stats.articles).toEqual([
      expect.objectContaining({ articleId: null, total: 1, raw: expect.objectContaining({ support: 1 }) }),
      expect.objectContaining({
        articleId: 'art-5',
        total: 2,
        published: 1,
        raw: expect.objectContaining({ oppose: 2 }),
      }),
    ]);
    expect(stats.days).toEqual([{ day: '2026-11-15', count: 3 }]);
    expect(publicStats.publishedCounts).toEqual({ whole: 0, 'art-5': 1 });
    expect(consultation.publishedCounts).toEqual({ whole: 0, 'art-5': 1 });
  });
});

describe('responses', () => {
  it('keeps every earlier answer as history and audits each change', async () => {
    // Prepare
    const t = await setup();
    const comment = await t.submit({ articleId: 'art-5' });
    const target = { kind: 'comment', commentId: comment.id };

    // Act
    const first = await t.staffCall(t.drafter, `${C}/responses`, {
      target,
      decision: 'adopted',
      reason: { zh: '采纳，第五条已增加夜间安全员要求。' },
    });
    const second = await t.staffCall(t.drafter, `${C}/responses`, {
      target,
      decision: 'partly-adopted',
      reason: { zh: '部分采纳。', en: 'Partly adopted.' },
    });
    const history = await (
      await t.staffCall(t.drafter, `${C}/responses?scope=comment&target=${comment.id}`)
    ).json();
    const detail = await (await t.staffCall(t.drafter, `${C}/comments/${comment.id}`)).json();

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(history.items.map((r: { version: number; decision: string }) => [r.version, r.decision])).toEqual([
      [1, 'adopted'],
      [2, 'partly-adopted'],
    ]);
    expect(detail.response).toMatchObject({
      scope: 'comment',
      decision: 'partly-adopted',
      version: 2,
      by: { username: 'drafter' },
    });
    expect(t.staff.audit.filter((e) => e.action === 'respond').map((e) => [e.from, e.to])).toEqual([
      [undefined, 'adopted'],
      ['adopted', 'partly-adopted'],
    ]);
  });

  it('answers a selection one by one and an article for every comment on it', async () => {
    const t = await setup();
    const a = await t.submit({ articleId: 'art-5' });
    const b = await t.submit({ articleId: 'art-5' });
    const c = await t.submit({ articleId: 'art-1' });

    const selection = await t.staffCall(t.drafter, `${C}/responses`, {
      target: { kind: 'comments', commentIds: [a.id, c.id] },
      decision: 'noted',
      reason: { zh: '已研究。' },
    });
    await t.staffCall(t.drafter, `${C}/responses`, {
      target: { kind: 'article', articleId: 'art-5' },
      decision: 'not-adopted',
      reason: { zh: '上位法已有规定。' },
    });

    expect((await selection.json()).results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'done',
      'done',
    ]);
    const detailA = await (await t.staffCall(t.drafter, `${C}/comments/${a.id}`)).json();
    const detailB = await (await t.staffCall(t.drafter, `${C}/comments/${b.id}`)).json();
    expect(detailA.response).toMatchObject({ scope: 'comment', decision: 'noted' });
    expect(detailB.response).toMatchObject({ scope: 'article', decision: 'not-adopted' });
  });

  it('refuses a moderator (403) and changes nothing', async () => {
    const t = await setup();
    const comment = await t.submit({});
    const response = await t.staffCall(t.moderator, `${C}/responses`, {
      target: { kind: 'comment', commentId: comment.id },
      decision: 'adopted',
      reason: { zh: '采纳。' },
    });
    await expectProblem(response, 403, 'forbidden');
    expect(t.responses.current.size).toBe(0);
  });
});

describe('after the consultation is concluded', () => {
  it('shows the citizen the answer under their receipt, and not before', async () => {
    const t = await setup();
    const comment = await t.submit({ articleId: 'art-5' });
    await t.staffCall(t.drafter, `${C}/responses`, {
      target: { kind: 'comment', commentId: comment.id },
      decision: 'adopted',
      reason: { zh: '采纳。', en: 'Adopted.' },
    });

    const before = await (await t.publicApi.request(`/api/comments/${comment.receipt}`)).json();
    t.conclude();
    const after = await (await t.publicApi.request(`/api/comments/${comment.receipt}`)).json();

    expect(before.response).toBeUndefined();
    expect(after.response).toEqual({
      scope: 'comment',
      decision: 'adopted',
      reason: { zh: '采纳。', en: 'Adopted.' },
      at: NOW.toISOString(),
    });
  });

  it('publishes the adoption report: per article counts and answers, no private data', async () => {
    const t = await setup();
    const published = await t.submit({
      articleId: 'art-5',
      body: '建议第五条增加电动自行车的规定，联系我 13912345678。',
      displayName: '王先生',
      publishName: false,
      contact: { email: 'wang@example.cn' },
    });
    const unpublished = await t.submit({ articleId: 'art-5', body: '未公开的意见。' });
    await t.staffCall(t.moderator, `${C}/moderation`, {
      action: 'publish',
      items: [{ commentId: published.id, version: 0 }],
    });
    for (const id of [published.id, unpublished.id])
      await t.staffCall(t.drafter, `${C}/responses`, {
        target: { kind: 'comment', commentId: id },
        decision: 'partly-adopted',
        reason: { zh: '部分采纳。' },
      });
    await t.staffCall(t.drafter, `${C}/responses`, {
      target: { kind: 'article', articleId: 'art-5' },
      decision: 'adopted',
      reason: { zh: '第五条已修改。' },
    });

    const early = await t.publicApi.request(`/api/consultations/${TRANSPORT}/report`);
    await expectProblem(early, 404, 'not-found');
    t.conclude();
    const response = await t.publicApi.request(`/api/consultations/${TRANSPORT}/report`);
    const text = await response.text();
    const report = JSON.parse(text);

    expect(response.status).toBe(200);
    expect(report.totals).toEqual({ received: 2, published: 1, distinct: 2 });
    const art5 = report.articles.find((a: { articleId: string }) => a.articleId === 'art-5');
    expect(art5).toMatchObject({ received: 2, published: 1, response: { decision: 'adopted' } });
    expect(art5.answered).toHaveLength(2);
    const excerpts = art5.answered.map((a: { excerpt: string | null }) => a.excerpt);
    expect(excerpts).toContain(null);
    expect(excerpts.find((e: string | null) => e !== null)).toContain('电动自行车');
    for (const secret of ['13912345678', 'wang@example.cn', '王先生', '未公开的意见', 'drafter', 'receipt'])
      expect(text).not.toContain(secret);
  });
});
