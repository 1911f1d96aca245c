import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClosedConsultation, aScheduledConsultation } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import {
  aPrincipal,
  aSessionCookie,
  aStaffApi,
  aStoredComment,
  CLIENT,
  commentId,
  expectProblem,
  type FakeIssuer,
  JUSTICE,
  STAFF_HEADERS,
  TRANSPORT,
} from './support.ts';

let issuer: FakeIssuer;
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());

const C = `/api/staff/consultations/${TRANSPORT}`;
const pending = commentId(1);
const published = commentId(2);
const foreign = commentId(3);
const notice = { zh: '公告', en: 'Notice' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function setup() {
  const api = aStaffApi(issuer);
  api.base.consultations.set('closed-consultation', { ...aClosedConsultation(), officeId: 'transport' });
  api.base.consultations.set('scheduled-consultation', {
    ...aScheduledConsultation(),
    officeId: 'transport',
  });
  api.addComment(aStoredComment(1));
  api.addComment(aStoredComment(2, { status: 'published', version: 1 }));
  api.addComment(aStoredComment(3, { consultationId: JUSTICE }));
  const cookie = await aSessionCookie(api.sessions, aPrincipal(['admin']));
  return { ...api, cookie };
}

function snapshot(api: Awaited<ReturnType<typeof setup>>) {
  return JSON.stringify([
    [...api.base.consultations.values()],
    [...api.base.comments.values()],
    [...api.base.contactExpiry.entries()],
    api.staff.audit,
    [...api.staff.deltas.entries()],
    [...api.responses.current.entries()],
    [...api.stats.counters.entries()],
  ]);
}

type Row = [
  name: string,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  status: number,
  kind: string,
  pointer?: string,
];

const ROWS: Row[] = [
  // Unknown things
  [
    'queue of an unknown consultation',
    'GET',
    '/api/staff/consultations/no-such-thing/comments',
    undefined,
    404,
    'not-found',
  ],
  [
    'queue of an impossible consultation id',
    'GET',
    '/api/staff/consultations/Bad_Id!/comments',
    undefined,
    404,
    'not-found',
  ],
  ['an unknown comment', 'GET', `${C}/comments/${commentId(99)}`, undefined, 404, 'not-found'],
  ['a malformed comment id', 'GET', `${C}/comments/xyz`, undefined, 404, 'not-found'],
  ['a comment of another consultation', 'GET', `${C}/comments/${foreign}`, undefined, 404, 'not-found'],
  [
    'contact of an unknown comment',
    'GET',
    `${C}/comments/${commentId(99)}/contact`,
    undefined,
    404,
    'not-found',
  ],
  [
    'contact of a comment of another consultation',
    'GET',
    `${C}/comments/${foreign}/contact`,
    undefined,
    404,
    'not-found',
  ],
  ['an unknown staff route', 'GET', '/api/staff/nothing-here', undefined, 404, 'not-found'],
  // Queue queries
  [
    'an unknown status',
    'GET',
    `${C}/comments?status=deleted`,
    undefined,
    422,
    'validation-failed',
    '/status',
  ],
  ['limit 0', 'GET', `${C}/comments?limit=0`, undefined, 422, 'validation-failed', '/limit'],
  ['limit 101', 'GET', `${C}/comments?limit=101`, undefined, 422, 'validation-failed', '/limit'],
  [
    'an unknown query parameter',
    'GET',
    `${C}/comments?sort=oldest`,
    undefined,
    422,
    'validation-failed',
    '/sort',
  ],
  [
    'a malformed article',
    'GET',
    `${C}/comments?article=Art 5`,
    undefined,
    422,
    'validation-failed',
    '/article',
  ],
  ['a malformed date', 'GET', `${C}/comments?from=yesterday`, undefined, 422, 'validation-failed', '/from'],
  [
    'a date range ending before it starts',
    'GET',
    `${C}/comments?from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z`,
    undefined,
    422,
    'validation-failed',
    '/to',
  ],
  ['a cursor that is not base64url', 'GET', `${C}/comments?cursor=%%%`, undefined, 400, 'malformed-request'],
  [
    'a cursor that is not JSON',
    'GET',
    `${C}/comments?cursor=${Buffer.from('nope').toString('base64url')}`,
    undefined,
    400,
    'malformed-request',
  ],
  [
    'a cursor of the wrong shape',
    'GET',
    `${C}/comments?cursor=${b64({ v: 1, q: 'x', p: { 0: 5 } })}`,
    undefined,
    400,
    'malformed-request',
  ],
  [
    'a cursor of another query',
    'GET',
    `${C}/comments?cursor=${b64({ v: 1, q: 'AAAAAAAAAAAAAAAA', p: {} })}`,
    undefined,
    400,
    'malformed-request',
  ],
  [
    'a malformed audit cursor',
    'GET',
    `${C}/audit?cursor=${b64({ v: 2 })}`,
    undefined,
    400,
    'malformed-request',
  ],
  // Moderation
  [
    'reject without a reason',
    'POST',
    `${C}/moderation`,
    { action: 'reject', items: [{ commentId: pending, version: 0 }] },
    422,
    'validation-failed',
    '/reason',
  ],
  [
    'reject with a blank reason',
    'POST',
    `${C}/moderation`,
    { action: 'reject', items: [{ commentId: pending, version: 0 }], reason: '   ' },
    422,
    'validation-failed',
    '/reason',
  ],
  [
    'an unknown reason code',
    'POST',
    `${C}/moderation`,
    { action: 'reject', items: [{ commentId: pending, version: 0 }], reasonCode: 'because' },
    422,
    'validation-failed',
    '/reasonCode',
  ],
  [
    'an unknown action',
    'POST',
    `${C}/moderation`,
    { action: 'delete', items: [{ commentId: pending, version: 0 }] },
    422,
    'validation-failed',
    '/action',
  ],
  [
    'no items',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [] },
    422,
    'validation-failed',
    '/items',
  ],
  [
    'a bulk decision over 100',
    'POST',
    `${C}/moderation`,
    {
      action: 'publish',
      items: Array.from({ length: 101 }, (_, i) => ({ commentId: commentId(1000 + i), version: 0 })),
    },
    422,
    'validation-failed',
    '/items',
  ],
  [
    'the same comment twice',
    'POST',
    `${C}/moderation`,
    {
      action: 'publish',
      items: [
        { commentId: pending, version: 0 },
        { commentId: pending, version: 0 },
      ],
    },
    422,
    'validation-failed',
    '/items/1/commentId',
  ],
  [
    'a negative version',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: pending, version: -1 }] },
    422,
    'validation-failed',
    '/items/0/version',
  ],
  [
    'an unknown field',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: pending, version: 0 }], force: true },
    422,
    'validation-failed',
    '/force',
  ],
  ['malformed JSON', 'POST', `${C}/moderation`, '{"action":', 400, 'malformed-request'],
  [
    'a decision on an unknown comment',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: commentId(99), version: 0 }] },
    404,
    'not-found',
  ],
  [
    'a decision on a comment of another consultation',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: foreign, version: 0 }] },
    404,
    'not-found',
  ],
  [
    'a decision on a stale version',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: pending, version: 3 }] },
    409,
    'edit-conflict',
  ],
  [
    'publishing a published comment',
    'POST',
    `${C}/moderation`,
    { action: 'publish', items: [{ commentId: published, version: 1 }] },
    409,
    'illegal-transition',
  ],
  [
    'reopening a pending comment',
    'POST',
    `${C}/moderation`,
    { action: 'reopen', items: [{ commentId: pending, version: 0 }] },
    409,
    'illegal-transition',
  ],
  // Windows
  [
    'a window ending before it starts',
    'POST',
    '/api/staff/consultations/scheduled-consultation/window',
    { action: 'reschedule', opensAt: '2026-12-14T09:00', closesAt: '2026-12-13T09:00', notice },
    422,
    'validation-failed',
    '/closesAt',
  ],
  [
    'a window ending in the past',
    'POST',
    `${C}/window`,
    { action: 'reschedule', closesAt: '2026-11-15T15:59', notice, shortWindowReason: 'test' },
    422,
    'validation-failed',
    '/closesAt',
  ],
  [
    'moving the opening of an open window',
    'POST',
    `${C}/window`,
    { action: 'reschedule', opensAt: '2026-11-20T09:00', closesAt: '2027-03-01T00:00', notice },
    422,
    'validation-failed',
    '/opensAt',
  ],
  [
    'a window under 30 days without a reason',
    'POST',
    `${C}/window`,
    { action: 'reschedule', closesAt: '2026-12-01T00:00', notice },
    422,
    'validation-failed',
    '/shortWindowReason',
  ],
  [
    'an extension that shortens',
    'POST',
    `${C}/window`,
    { action: 'extend', closesAt: '2026-11-20T00:00', notice },
    422,
    'validation-failed',
    '/closesAt',
  ],
  [
    'an extension without a closing time',
    'POST',
    `${C}/window`,
    { action: 'extend', notice },
    422,
    'validation-failed',
    '/closesAt',
  ],
  [
    'a window change without a notice',
    'POST',
    `${C}/window`,
    { action: 'close-early' },
    422,
    'validation-failed',
    '/notice',
  ],
  [
    'a notice missing its English',
    'POST',
    `${C}/window`,
    { action: 'close-early', notice: { zh: '提前截止' } },
    422,
    'validation-failed',
    '/notice/en',
  ],
  [
    'a time that is not a time',
    'POST',
    `${C}/window`,
    { action: 'extend', closesAt: '2027-02-30T25:00', notice },
    422,
    'validation-failed',
    '/closesAt',
  ],
  [
    'an unknown window action',
    'POST',
    `${C}/window`,
    { action: 'pause', notice },
    422,
    'validation-failed',
    '/action',
  ],
  [
    'closing a closed window early',
    'POST',
    '/api/staff/consultations/closed-consultation/window',
    { action: 'close-early', notice },
    409,
    'illegal-transition',
  ],
  [
    'concluding an open window',
    'POST',
    `${C}/window`,
    { action: 'conclude', notice },
    409,
    'illegal-transition',
  ],
  [
    'reopening an open window',
    'POST',
    `${C}/window`,
    { action: 'reopen', closesAt: '2027-03-01T00:00', notice },
    409,
    'illegal-transition',
  ],
  [
    'extending a closed window',
    'POST',
    '/api/staff/consultations/closed-consultation/window',
    { action: 'extend', closesAt: '2027-03-01T00:00', notice },
    409,
    'illegal-transition',
  ],
  [
    'reopening until a past time',
    'POST',
    '/api/staff/consultations/closed-consultation/window',
    { action: 'reopen', closesAt: '2026-11-15T10:00', notice },
    422,
    'validation-failed',
    '/closesAt',
  ],
  // Registration
  [
    'an unknown draft',
    'POST',
    '/api/staff/consultations',
    {
      id: 'x-rules-2027',
      draftId: 'nothing',
      office: 'transport',
      opensAt: '2026-12-01T09:00',
      closesAt: '2027-01-05T18:00',
    },
    422,
    'validation-failed',
    '/draftId',
  ],
  [
    'an id that exists',
    'POST',
    '/api/staff/consultations',
    {
      id: TRANSPORT,
      draftId: 'transit-safety',
      office: 'transport',
      opensAt: '2026-12-01T09:00',
      closesAt: '2027-01-05T18:00',
    },
    409,
    'edit-conflict',
  ],
  [
    'a malformed id',
    'POST',
    '/api/staff/consultations',
    {
      id: 'Bad Id',
      draftId: 'transit-safety',
      office: 'transport',
      opensAt: '2026-12-01T09:00',
      closesAt: '2027-01-05T18:00',
    },
    422,
    'validation-failed',
    '/id',
  ],
  [
    'a malformed office',
    'POST',
    '/api/staff/consultations',
    {
      id: 'x-rules-2027',
      draftId: 'transit-safety',
      office: 'Transport Bureau',
      opensAt: '2026-12-01T09:00',
      closesAt: '2027-01-05T18:00',
    },
    422,
    'validation-failed',
    '/office',
  ],
  [
    'a short window without a reason',
    'POST',
    '/api/staff/consultations',
    {
      id: 'x-rules-2027',
      draftId: 'transit-safety',
      office: 'transport',
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
    },
    422,
    'validation-failed',
    '/shortWindowReason',
  ],
  [
    'a registration ending before it starts',
    'POST',
    '/api/staff/consultations',
    {
      id: 'x-rules-2027',
      draftId: 'transit-safety',
      office: 'transport',
      opensAt: '2027-01-05T18:00',
      closesAt: '2026-12-01T09:00',
    },
    422,
    'validation-failed',
    '/closesAt',
  ],
  // Sign-out
  [
    'logout with everywhere=2',
    'POST',
    '/api/staff/auth/logout?everywhere=2',
    undefined,
    422,
    'validation-failed',
    '/everywhere',
  ],
  // Clusters (issue 9)
  [
    'a malformed cluster filter',
    'GET',
    `${C}/comments?cluster=abc`,
    undefined,
    422,
    'validation-failed',
    '/cluster',
  ],
  [
    'clusters with an unknown status',
    'GET',
    `${C}/clusters?status=deleted`,
    undefined,
    422,
    'validation-failed',
    '/status',
  ],
  ['clusters with limit 51', 'GET', `${C}/clusters?limit=51`, undefined, 422, 'validation-failed', '/limit'],
  [
    'clusters with an unknown parameter',
    'GET',
    `${C}/clusters?q=x`,
    undefined,
    422,
    'validation-failed',
    '/q',
  ],
  [
    'clusters of an unknown consultation',
    'GET',
    '/api/staff/consultations/no-such-thing/clusters',
    undefined,
    404,
    'not-found',
  ],
  ['a malformed cluster id', 'POST', `${C}/clusters/xyz/moderation`, { action: 'publish' }, 404, 'not-found'],
  [
    'a cluster decision with an unknown action',
    'POST',
    `${C}/clusters/${pending}/moderation`,
    { action: 'delete' },
    422,
    'validation-failed',
    '/action',
  ],
  [
    'a cluster decision with an unknown field',
    'POST',
    `${C}/clusters/${pending}/moderation`,
    { action: 'publish', items: [] },
    422,
    'validation-failed',
    '/items',
  ],
  [
    'a cluster rejection without a reason',
    'POST',
    `${C}/clusters/${commentId(98)}/moderation`,
    { action: 'reject' },
    422,
    'validation-failed',
    '/reason',
  ],
  [
    'a cluster rejection with an unknown reason code',
    'POST',
    `${C}/clusters/${pending}/moderation`,
    { action: 'reject', reasonCode: 'nope' },
    422,
    'validation-failed',
    '/reasonCode',
  ],
  [
    'a cluster decision from an unknown status',
    'POST',
    `${C}/clusters/${pending}/moderation`,
    { action: 'publish', status: 'gone' },
    422,
    'validation-failed',
    '/status',
  ],
  ['a re-cluster with a query', 'POST', `${C}/recluster?now=1`, undefined, 422, 'validation-failed', '/now'],
  [
    'a re-cluster of an unknown consultation',
    'POST',
    '/api/staff/consultations/no-such-thing/recluster',
    undefined,
    404,
    'not-found',
  ],
  // Responses (issue 10)
  ...(() => {
    const ok = {
      target: { kind: 'comment', commentId: pending },
      decision: 'adopted',
      reason: { zh: '采纳。' },
    };
    const rows: Row[] = [
      [
        'a response with an unknown decision',
        'POST',
        `${C}/responses`,
        { ...ok, decision: 'maybe' },
        422,
        'validation-failed',
        '/decision',
      ],
      [
        'a response without a reason',
        'POST',
        `${C}/responses`,
        { target: ok.target, decision: 'adopted' },
        422,
        'validation-failed',
        '/reason',
      ],
      [
        'a response with a blank reason',
        'POST',
        `${C}/responses`,
        { ...ok, reason: { zh: '   ' } },
        422,
        'validation-failed',
        '/reason/zh',
      ],
      [
        'a response reason over 2000 characters',
        'POST',
        `${C}/responses`,
        { ...ok, reason: { zh: '长'.repeat(2001) } },
        422,
        'validation-failed',
        '/reason/zh',
      ],
      [
        'a response with an unknown field',
        'POST',
        `${C}/responses`,
        { ...ok, by: 'someone' },
        422,
        'validation-failed',
        '/by',
      ],
      [
        'a response to an unknown target kind',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'office' } },
        422,
        'validation-failed',
        '/target/kind',
      ],
      [
        'a response to a malformed comment id',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'comment', commentId: 'x' } },
        422,
        'validation-failed',
        '/target/commentId',
      ],
      [
        'a response to an empty selection',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'comments', commentIds: [] } },
        422,
        'validation-failed',
        '/target/commentIds',
      ],
      [
        'a response to 101 comments',
        'POST',
        `${C}/responses`,
        {
          ...ok,
          target: { kind: 'comments', commentIds: Array.from({ length: 101 }, (_, i) => commentId(i + 10)) },
        },
        422,
        'validation-failed',
        '/target/commentIds',
      ],
      [
        'a response listing a comment twice',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'comments', commentIds: [pending, pending] } },
        422,
        'validation-failed',
        '/target/commentIds/1',
      ],
      [
        'a response to an article the draft lacks',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'article', articleId: 'art-999' } },
        422,
        'validation-failed',
        '/target/articleId',
      ],
      [
        'a response to a malformed cluster id',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'cluster', clusterId: '../x' } },
        422,
        'validation-failed',
        '/target/clusterId',
      ],
      [
        'a response to an unknown comment',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'comment', commentId: commentId(99) } },
        404,
        'not-found',
      ],
      [
        'a response to a comment of another consultation',
        'POST',
        `${C}/responses`,
        { ...ok, target: { kind: 'comment', commentId: foreign } },
        404,
        'not-found',
      ],
      [
        'a response on an unknown consultation',
        'POST',
        '/api/staff/consultations/no-such-thing/responses',
        ok,
        404,
        'not-found',
      ],
      [
        'response history with a scope but no target',
        'GET',
        `${C}/responses?scope=comment`,
        undefined,
        422,
        'validation-failed',
        '/target',
      ],
      [
        'response history of an unknown scope',
        'GET',
        `${C}/responses?scope=office&target=x`,
        undefined,
        422,
        'validation-failed',
        '/scope',
      ],
      [
        'statistics of an unknown consultation',
        'GET',
        '/api/staff/consultations/no-such-thing/stats',
        undefined,
        404,
        'not-found',
      ],
      [
        'an unknown stance filter',
        'GET',
        `${C}/comments?stance=angry`,
        undefined,
        422,
        'validation-failed',
        '/stance',
      ],
      [
        'a malformed cluster filter',
        'GET',
        `${C}/comments?cluster=a%20b`,
        undefined,
        422,
        'validation-failed',
        '/cluster',
      ],
    ];
    return rows;
  })(),
];

describe('every staff route refuses bad input precisely and changes nothing', () => {
  it.each(ROWS)('%s', async (_name, method, path, body, status, kind, pointer) => {
    // Prepare
    const api = await setup();
    const before = snapshot(api);

    // Act
    const response = await api.app.request(path, {
      method,
      headers: method === 'POST' ? { ...STAFF_HEADERS, Cookie: api.cookie } : { Cookie: api.cookie },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

    // Assess
    const problem = await expectProblem(response, status, kind);
    if (pointer !== undefined) {
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    }
    expect(snapshot(api)).toBe(before);
    expect(api.sessions.sessions.size).toBe(1);
  });

  it('answers a stale single decision with the comment as it is now', async () => {
    const api = await setup();
    const response = await api.app.request(`${C}/moderation`, {
      method: 'POST',
      headers: { ...STAFF_HEADERS, Cookie: api.cookie },
      body: JSON.stringify({
        action: 'reject',
        reason: '无关',
        items: [{ commentId: published, version: 0 }],
      }),
    });
    const problem = await expectProblem(response, 409, 'edit-conflict');
    expect(problem.current).toMatchObject({ id: published, status: 'published', version: 1 });
  });

  it('refuses a body that is not JSON (415) and one too large (413)', async () => {
    const api = await setup();
    const send = (headers: Record<string, string>, body: string) =>
      api.app.request(`${C}/moderation`, {
        method: 'POST',
        headers: { ...STAFF_HEADERS, Cookie: api.cookie, ...headers },
        body,
      });
    await expectProblem(
      await send({ 'Content-Type': 'text/plain' }, 'publish'),
      415,
      'unsupported-media-type',
    );
    await expectProblem(
      await send({}, JSON.stringify({ action: 'publish', items: [], reason: 'x'.repeat(70_000) })),
      413,
      'payload-too-large',
    );
  });
});
