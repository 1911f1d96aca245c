import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/staff/principal.ts';
import { aReport } from '../../support/attribution.ts';
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

const REPORTS = `/api/staff/consultations/${TRANSPORT}/attribution-reports`;
const report = aReport({ commentId: commentId(2), hasContact: true });
const foreignReport = aReport({
  id: '01JCXYZR000000000000000002',
  receipt: 'RSTU-VWXY-Z235',
  consultationId: JUSTICE,
  commentId: commentId(3),
});

async function setup(roles: Role[] = ['moderator']) {
  const api = aStaffApi(issuer);
  api.addComment(
    aStoredComment(2, { status: 'published', version: 1, displayName: '王小明', publishName: true }),
  );
  api.addComment(aStoredComment(3, { consultationId: JUSTICE, status: 'published', version: 1 }));
  await api.reports.storeReport({
    report,
    contact: { name: '张三', phone: '13800138000' },
    contactExpiresAt: 1,
    idempotency: null,
  });
  await api.reports.storeReport({
    report: foreignReport,
    contact: null,
    contactExpiresAt: 1,
    idempotency: null,
  });
  const cookie = await aSessionCookie(api.sessions, aPrincipal(roles));
  const snapshot = () =>
    JSON.stringify([[...api.base.comments.values()], [...api.reports.reports.values()], api.staff.audit]);
  const get = (path: string) => api.app.request(path, { headers: { Cookie: cookie } });
  const post = (path: string, body: unknown) =>
    api.app.request(path, {
      method: 'POST',
      headers: { ...STAFF_HEADERS, Cookie: cookie },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { ...api, cookie, snapshot, get, post };
}

describe('staff routes of reports of false attribution', () => {
  it('lists the open reports with the reported comment and the counts per status', async () => {
    const api = await setup();

    const response = await api.get(REPORTS);

    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      items: [
        {
          report: expect.objectContaining({
            id: report.id,
            status: 'received',
            hasContact: true,
            version: 0,
          }),
          comment: expect.objectContaining({ id: commentId(2), displayName: '王小明', articleId: 'art-5' }),
        },
      ],
      nextCursor: null,
      counts: { received: 1, name_hidden: 0, dismissed: 0 },
    });
    // Neither the reporter's contact nor their receipt.
    expect(JSON.stringify(body)).not.toMatch(/张三|13800138000|RSTU-VWXY/);
  });

  it('hides the name: the report, the comment and the audit trail change; the comment’s audit shows it', async () => {
    const api = await setup();

    const response = await api.post(`${REPORTS}/${report.id}/decision`, {
      action: 'hide-name',
      version: 0,
      note: '已隐藏署名',
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      report: { status: 'name_hidden', version: 1, note: '已隐藏署名' },
      comment: { id: commentId(2), publishName: false, falseAttribution: { reportId: report.id } },
    });
    const detail = await api.get(`/api/staff/consultations/${TRANSPORT}/comments/${commentId(2)}`);
    expect(((await detail.json()) as { audit: unknown[] }).audit).toEqual([
      expect.objectContaining({ action: 'hide-name', reportId: report.id, reason: '已隐藏署名' }),
    ]);
    const open = (await (await api.get(REPORTS)).json()) as { items: unknown[]; counts: unknown };
    expect(open).toMatchObject({ items: [], counts: { received: 0, name_hidden: 1, dismissed: 0 } });
  });

  it('answers a decision someone else took first with 409 and the report as it is now', async () => {
    const api = await setup();
    await api.post(`${REPORTS}/${report.id}/decision`, { action: 'dismiss', version: 0, note: '本人所写' });
    const before = api.snapshot();

    const late = await api.post(`${REPORTS}/${report.id}/decision`, { action: 'hide-name', version: 0 });

    const problem = await expectProblem(late, 409, 'edit-conflict');
    expect(problem.current).toMatchObject({ id: report.id, status: 'dismissed', note: '本人所写' });
    expect(api.snapshot()).toBe(before);
  });

  it('gives a drafting officer the reporter’s contact and audits the read; a moderator gets 403', async () => {
    const drafter = await setup(['drafter']);
    const read = await drafter.get(`${REPORTS}/${report.id}/contact`);
    expect(await read.json()).toEqual({ name: '张三', phone: '13800138000' });
    expect(drafter.staff.audit).toEqual([
      expect.objectContaining({ action: 'read-reporter-contact', reportId: report.id }),
    ]);

    const moderator = await setup(['moderator']);
    await expectProblem(await moderator.get(`${REPORTS}/${report.id}/contact`), 403, 'forbidden');
    expect(moderator.staff.audit).toEqual([]);
  });
});

describe('staff report routes refuse bad input and change nothing', () => {
  const decide = `${REPORTS}/${report.id}/decision`;
  it.each<[string, 'GET' | 'POST', string, unknown, number, string, string | undefined]>([
    [
      'an unknown action',
      'POST',
      decide,
      { action: 'delete', version: 0 },
      422,
      'validation-failed',
      '/action',
    ],
    ['no version', 'POST', decide, { action: 'hide-name' }, 422, 'validation-failed', '/version'],
    [
      'a negative version',
      'POST',
      decide,
      { action: 'hide-name', version: -1 },
      422,
      'validation-failed',
      '/version',
    ],
    [
      'a dismissal without a note',
      'POST',
      decide,
      { action: 'dismiss', version: 0 },
      422,
      'validation-failed',
      '/note',
    ],
    [
      'a note over 500 characters',
      'POST',
      decide,
      { action: 'dismiss', version: 0, note: '理'.repeat(501) },
      422,
      'validation-failed',
      '/note',
    ],
    [
      'an unknown field',
      'POST',
      decide,
      { action: 'hide-name', version: 0, publish: true },
      422,
      'validation-failed',
      '/publish',
    ],
    ['malformed JSON', 'POST', decide, '{"action":', 400, 'malformed-request', undefined],
    [
      'a report of another consultation',
      'POST',
      `${REPORTS}/${foreignReport.id}/decision`,
      { action: 'hide-name', version: 0 },
      404,
      'not-found',
      undefined,
    ],
    [
      'an unknown report',
      'POST',
      `${REPORTS}/01JCXYZR000000000000000099/decision`,
      { action: 'hide-name', version: 0 },
      404,
      'not-found',
      undefined,
    ],
    [
      'a malformed report id',
      'POST',
      `${REPORTS}/..%2F..%2Fx/decision`,
      { action: 'hide-name', version: 0 },
      404,
      'not-found',
      undefined,
    ],
    [
      'an unknown consultation',
      'POST',
      `/api/staff/consultations/no-such-2026/attribution-reports/${report.id}/decision`,
      { action: 'hide-name', version: 0 },
      404,
      'not-found',
      undefined,
    ],
    ['an unknown status', 'GET', `${REPORTS}?status=pending`, undefined, 422, 'validation-failed', '/status'],
    [
      'a cursor that is not ours',
      'GET',
      `${REPORTS}?cursor=abc`,
      undefined,
      422,
      'validation-failed',
      '/cursor',
    ],
    [
      'an unknown query parameter',
      'GET',
      `${REPORTS}?article=art-5`,
      undefined,
      422,
      'validation-failed',
      '/article',
    ],
    [
      'the contact of another consultation’s report',
      'GET',
      `${REPORTS}/${foreignReport.id}/contact`,
      undefined,
      404,
      'not-found',
      undefined,
    ],
  ])('%s', async (_case, method, path, body, status, kind, pointer) => {
    const api = await setup(['admin']);
    const before = api.snapshot();

    const response = method === 'GET' ? await api.get(path) : await api.post(path, body);

    const problem = await expectProblem(response, status, kind);
    if (pointer !== undefined)
      expect((problem.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([pointer]);
    expect(api.snapshot()).toBe(before);
  });
});
