import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { decideReport, ReportDecisionRequest } from '../../../shared/attribution/decide-report.ts';
import { RECEIPT_PATTERN } from '../../../shared/comment/receipt.ts';
import { anAbuseGuards } from '../../support/api.ts';
import {
  aPublicApiWithReports,
  CONSULTATION,
  PENDING_ID,
  PUBLISHED_ID,
  postReport,
  reportPath,
} from '../../support/attribution.ts';
import { aSubmission, fixedClock, NOW } from '../../support/factories.ts';

const PROBLEM_JSON = 'application/problem+json';
const aReportBody = (overrides: Record<string, unknown> = {}) => ({
  reason: '这条意见不是我写的，署名却是我的名字。',
  ...overrides,
});

type Api = ReturnType<typeof aPublicApiWithReports>;

function expectNothingStored(api: Api) {
  expect(api.reports.reports.size).toBe(0);
  expect(api.reports.receipts.size).toBe(0);
  expect(api.reports.contacts.size).toBe(0);
  expect(api.reports.idempotency.size).toBe(0);
}

async function expectProblem(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM_JSON);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({
    type: `https://yijian.dev/problems/${kind}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  return problem;
}

async function hideName(api: Api, note?: string) {
  const consultation = api.base.consultations.get(CONSULTATION);
  const [report] = [...api.reports.reports.values()];
  if (consultation === undefined || report === undefined) throw new Error('nothing to decide');
  await decideReport(
    { reports: api.reports, staff: api.staff, clock: fixedClock() },
    { sub: 'm', username: 'moderator', name: 'm', roles: ['moderator'], office: null },
    consultation,
    report.id,
    ReportDecisionRequest.parse({ action: 'hide-name', version: 0, ...(note ? { note } : {}) }),
    'req',
  );
}

describe('POST …/comments/{commentId}/attribution-reports and GET /api/attribution-reports/{receipt}', () => {
  it('takes a report on a published comment, answers with a receipt, and the receipt shows the outcome', async () => {
    // Prepare
    const api = aPublicApiWithReports();

    // Act
    const posted = await postReport(
      api.app,
      aReportBody({ contact: { name: '王小明', email: 'wang@example.cn' } }),
    );
    const receipt = (await posted.json()) as { receipt: string };
    const before = await api.app.request(`/api/attribution-reports/${receipt.receipt}`);
    const beforeView = (await before.json()) as Record<string, unknown>;
    await hideName(api, '已隐藏署名。');
    const after = await api.app.request(`/api/attribution-reports/${receipt.receipt.toLowerCase()}`);
    const afterText = await after.text();

    // Assess
    expect(posted.status).toBe(202);
    expect(posted.headers.get('cache-control')).toBe('no-store');
    expect(receipt).toEqual({
      receipt: expect.stringMatching(RECEIPT_PATTERN),
      status: 'received',
      consultationId: CONSULTATION,
      commentId: PUBLISHED_ID,
      articleId: 'art-5',
      draftVersion: 1,
      submittedAt: NOW.toISOString(),
    });
    expect(beforeView).toMatchObject({ status: 'received', receipt: receipt.receipt });
    expect(after.status).toBe(200);
    expect(JSON.parse(afterText)).toEqual({
      ...receipt,
      status: 'name_hidden',
      updatedAt: NOW.toISOString(),
      note: '已隐藏署名。',
    });
    // Never the reason, the contact or the moderator.
    for (const secret of ['署名却是我的名字', '王小明', 'wang@example.cn', 'moderator'])
      expect(afterText).not.toContain(secret);
  });

  it('the published comment then shows no name and the marker', async () => {
    const api = aPublicApiWithReports();
    const list = async () =>
      (
        (await (await api.app.request(`/api/consultations/${CONSULTATION}/comments`)).json()) as {
          items: Record<string, unknown>[];
        }
      ).items;
    expect(await list()).toEqual([expect.objectContaining({ id: PUBLISHED_ID, displayName: '王小明' })]);
    expect((await list())[0]).not.toHaveProperty('reportedFalselyAttributed');

    await postReport(api.app, aReportBody());
    await hideName(api);

    const [item] = await list();
    expect(item).toMatchObject({ id: PUBLISHED_ID, displayName: null, reportedFalselyAttributed: true });
    expect(JSON.stringify(item)).not.toContain('王小明');
  });

  it('answers a retry with the same Idempotency-Key with the same receipt, marked as replayed', async () => {
    const api = aPublicApiWithReports();
    const headers = { 'Idempotency-Key': 'c1b7-report-1' };
    const first = await postReport(api.app, aReportBody(), headers);
    const again = await postReport(api.app, aReportBody(), headers);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(api.reports.reports.size).toBe(1);
  });

  it('answers 422 to the same Idempotency-Key with another report', async () => {
    const api = aPublicApiWithReports();
    await postReport(api.app, aReportBody(), { 'Idempotency-Key': 'k' });
    const other = await postReport(api.app, aReportBody({ reason: '另一份报告' }), {
      'Idempotency-Key': 'k',
    });
    await expectProblem(other, 422, 'idempotency-key-reused');
    expect(api.reports.reports.size).toBe(1);
  });
});

describe('a report refuses bad input precisely and stores nothing', () => {
  it.each([
    ['truncated JSON', '{"reason":'],
    ['plain text', '这不是我写的'],
    ['a JSON array', JSON.stringify([aReportBody()])],
    ['an empty body', ''],
    ['a duplicate key', '{"reason":"a","reason":"b"}'],
    ['a __proto__ key', '{"reason":"a","__proto__":{"x":1}}'],
    ['nesting deeper than 8', `{"reason":"a","contact":${'['.repeat(9)}${']'.repeat(9)}}`],
  ])('400 for %s', async (_case, body) => {
    const api = aPublicApiWithReports();
    await expectProblem(await postReport(api.app, body), 400, 'malformed-request');
    expectNothingStored(api);
  });

  it('400 for a malformed Idempotency-Key', async () => {
    const api = aPublicApiWithReports();
    const response = await postReport(api.app, aReportBody(), { 'Idempotency-Key': 'with space' });
    await expectProblem(response, 400, 'malformed-request');
    expectNothingStored(api);
  });

  it('415 for a form post', async () => {
    const api = aPublicApiWithReports();
    const response = await postReport(api.app, 'reason=x', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    await expectProblem(response, 415, 'unsupported-media-type');
    expectNothingStored(api);
  });

  it('413 for a body over 64 KB', async () => {
    const api = aPublicApiWithReports();
    const response = await postReport(api.app, aReportBody({ reason: 'a'.repeat(65 * 1024) }));
    await expectProblem(response, 413, 'payload-too-large');
    expectNothingStored(api);
  });

  it.each([
    ['no reason', { reason: undefined }, '/reason', 'required'],
    ['an empty reason', { reason: '' }, '/reason', 'blank'],
    ['a reason of spaces and zero-width characters', { reason: '\u3000 \u200b\n' }, '/reason', 'blank'],
    ['a reason over 1,000 characters', { reason: '冒'.repeat(1001) }, '/reason', 'too-long'],
    ['a reason that is not text', { reason: 42 }, '/reason', 'invalid-type'],
    ['control characters in the reason', { reason: 'a\u0007b' }, '/reason', 'control-characters'],
    ['a bidi override in the reason', { reason: 'a\u202Eb' }, '/reason', 'bidi-override'],
    ['an unknown field', { stance: 'oppose' }, '/stance', 'unknown-field'],
    ['a malformed e-mail', { contact: { email: 'not-an-address' } }, '/contact/email', 'invalid-format'],
    ['a malformed phone number', { contact: { phone: 'call me' } }, '/contact/phone', 'invalid-format'],
    [
      'a contact name over 40 characters',
      { contact: { name: '王'.repeat(41) } },
      '/contact/name',
      'too-long',
    ],
    ['an unknown contact field', { contact: { address: '某路1号' } }, '/contact/address', 'unknown-field'],
    ['a contact that is not an object', { contact: 'wang@example.cn' }, '/contact', 'invalid-type'],
  ])('422 for %s', async (_case, overrides, pointer, code) => {
    const api = aPublicApiWithReports();
    const problem = await expectProblem(
      await postReport(api.app, aReportBody(overrides)),
      422,
      'validation-failed',
    );
    expect(problem.errors).toEqual([{ pointer, code, detail: expect.any(String) }]);
    expectNothingStored(api);
  });

  it('accepts exactly 1,000 characters, emoji counted once each', async () => {
    const api = aPublicApiWithReports();
    const response = await postReport(api.app, aReportBody({ reason: '😀'.repeat(1000) }));
    expect(response.status).toBe(202);
  });

  it.each([
    ['a comment that is not published', reportPath(CONSULTATION, PENDING_ID)],
    ['an unknown comment', reportPath(CONSULTATION, '01JCXYZ0000000000000000099')],
    ['a comment of another consultation', reportPath('justice-rules-2026', PUBLISHED_ID)],
    ['an unknown consultation', reportPath('no-such-rules-2026', PUBLISHED_ID)],
    ['a comment id that cannot be one', reportPath(CONSULTATION, '%3Cscript%3E')],
    ['a consultation id that cannot be one', reportPath('NOT_AN_ID', PUBLISHED_ID)],
  ])('404 for %s', async (_case, path) => {
    const api = aPublicApiWithReports();
    await expectProblem(await postReport(api.app, aReportBody(), {}, path), 404, 'not-found');
    expectNothingStored(api);
  });

  it.each([
    ['not a receipt', 'hello', 400, 'malformed-request'],
    ['a receipt with letters receipts never use', 'ABCD-EFGH-IJKL', 400, 'malformed-request'],
    ['an unknown receipt', 'ABCD-EFGH-JKMN', 404, 'not-found'],
  ])('GET answers %s with %s', async (_case, receipt, status, kind) => {
    const api = aPublicApiWithReports();
    await expectProblem(await api.app.request(`/api/attribution-reports/${receipt}`), status, kind);
  });

  it('a comment’s receipt is not a report’s receipt', async () => {
    const api = aPublicApiWithReports();
    await expectProblem(await api.app.request('/api/attribution-reports/ABCD-EFGH-JKM2'), 404, 'not-found');
  });
});

describe('the OpenAPI document with reports', () => {
  it('documents both routes and passes Redocly’s recommended rules', async () => {
    const { app } = aPublicApiWithReports();
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const post = document.paths['/api/consultations/{id}/comments/{commentId}/attribution-reports']?.post;
    expect(post?.requestBody).toBeDefined();
    expect(document.paths['/api/attribution-reports/{receipt}']?.get).toBeDefined();

    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/api/openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual(
      [],
    );
  });
});

describe('reports are limited per client like comments', () => {
  /** The socket address @hono/node-server hands the app as `c.env.incoming`. */
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
  const withLimits = (env: Record<string, string> = {}) =>
    aPublicApiWithReports(fixedClock(), (store) => anAbuseGuards(store, { PROOF_OF_WORK: 'off', ...env }));
  const report = (api: Api, address: string, reason = '不是我写的') =>
    api.app.request(
      reportPath(),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(aReportBody({ reason })),
      },
      from(address),
    );

  it('answers the sixth report in a minute from one client with 429 and stores nothing of it; another client gets through', async () => {
    const api = withLimits();
    for (let i = 0; i < 5; i++) expect((await report(api, '203.0.113.1', `理由${i}`)).status).toBe(202);

    const refused = await report(api, '203.0.113.1', '第六份');

    const problem = await expectProblem(refused, 429, 'rate-limited');
    expect(problem).toMatchObject({ code: 'rate-limited', limit: 'comments-per-minute' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(api.reports.reports.size).toBe(5);
    expect((await report(api, '198.51.100.2')).status).toBe(202);
  });

  it('counts reports and comments of one client together', async () => {
    const api = withLimits({ RATE_LIMIT_COMMENTS_PER_MINUTE: '1' });
    const comment = await api.app.request(
      `/api/consultations/${CONSULTATION}/comments`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(aSubmission()),
      },
      from('203.0.113.9'),
    );
    expect(comment.status).toBe(202);
    await expectProblem(await report(api, '203.0.113.9'), 429, 'rate-limited');
    expect(api.reports.reports.size).toBe(0);
  });

  it('limits report lookups with the receipt lookups', async () => {
    const api = withLimits({ RATE_LIMIT_LOOKUPS_PER_MINUTE: '2' });
    const lookup = () => api.app.request('/api/attribution-reports/ABCD-EFGH-JKMN', {}, from('203.0.113.1'));
    expect((await api.app.request('/api/comments/ABCD-EFGH-JKMN', {}, from('203.0.113.1'))).status).toBe(404);
    expect((await lookup()).status).toBe(404);
    await expectProblem(await lookup(), 429, 'rate-limited');
  });
});
