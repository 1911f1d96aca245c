import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect, type Page, test } from '@playwright/test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { expectAccessible, runningYijian } from './support/pages.ts';

const PORT = Number(process.env.E2E_PORT ?? 8690);
const FORM = '/consultations/transit-safety-2026/comment/';
const API_POST = '**/api/consultations/transit-safety-2026/comments';
runningYijian(PORT);

async function fillComment(page: Page, body: string) {
  await page.goto(FORM);
  await page.locator('input[name="stance"][value="oppose"]').check();
  await page.locator('#body').fill(body);
}

test('the widget solves the proof of work and the comment carries it', async ({ page }) => {
  const sent: (string | null)[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') sent.push(request.headers()['x-altcha'] ?? null);
  });
  await fillComment(page, '工作量证明：表单在本机完成计算后提交。');
  await page.locator('#submit').click();

  await expect(page).toHaveURL(/\/receipt\/\?r=/);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^[A-Za-z0-9+/=]{100,}$/);
});

test('the draft survives a reload of the page until a receipt arrives', async ({ page }) => {
  await fillComment(page, '刷新页面后，已填写的内容仍然保留。');
  await page.locator('#proposed-wording').fill('建议修改为：……');

  await page.reload();

  await expect(page.locator('#body')).toHaveValue('刷新页面后，已填写的内容仍然保留。');
  await expect(page.locator('#proposed-wording')).toHaveValue('建议修改为：……');
  await expect(page.locator('input[name="stance"][value="oppose"]')).toBeChecked();
  await expect(page.locator('#form-status')).toContainText('已恢复');
  await page.locator('#submit').click();
  await expect(page).toHaveURL(/\/receipt\/\?r=/);
  // Once the receipt is there the draft is gone.
  await page.goto(FORM);
  await expect(page.locator('#body')).toHaveValue('');
});

test('the form retries a 503 transparently with the same Idempotency-Key', async ({ page }) => {
  const keys: string[] = [];
  let failed = 0;
  await page.route(API_POST, async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    // The first attempt reaches the server and is stored, but its answer is lost behind a 503.
    if (failed === 0) {
      failed++;
      await route.fetch();
      await route.fulfill({
        status: 503,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
        body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'x' }),
      });
      return;
    }
    await route.continue();
  });
  await fillComment(page, '服务器短暂不可用时，表单会用同一个幂等键自动重试。');
  await page.locator('#submit').click();

  await expect(page).toHaveURL(/\/receipt\/\?r=/);
  expect(keys).toHaveLength(2);
  expect(keys[0]).not.toBe('');
  expect(keys[1]).toBe(keys[0]);
});

test('a filled honeypot is refused and nothing is stored', async ({ page }) => {
  await fillComment(page, '机器人会填写隐藏字段。');
  await page.locator('#website').fill('http://spam.example', { force: true });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('#submit').click();

  const response = await answer;
  expect(response.status()).toBe(400);
  await expect(page.locator('#form-error')).toContainText('提交被拒绝');
  await expect(page).toHaveURL(new RegExp(FORM.replace(/\//g, '\\/')));
});

test('over the per-client limit the form says when to try again and keeps the text', async ({
  page,
  request,
}) => {
  // Fixed one-minute windows: start well inside one, so that the form's attempt falls in the same window.
  const intoMinute = new Date().getSeconds();
  if (intoMinute > 45) await page.waitForTimeout((61 - intoMinute) * 1000);
  // Five requests from this machine fill the minute's allowance (refused ones count too).
  for (let i = 0; i < 5; i++) {
    await request.post(`/api/consultations/transit-safety-2026/comments`, { data: {} });
  }
  await fillComment(page, '提交过于频繁时，表单保留内容并告诉我何时再试。');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('#submit').click();

  const response = await answer;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.locator('#form-error')).toContainText(/请在北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 之后/);
  await expect(page.locator('#body')).toHaveValue('提交过于频繁时，表单保留内容并告诉我何时再试。');
  await expectAccessible(page);
});

/** One HTTP request from a chosen loopback address, so that the server sees two different clients. */
function fromAddress(
  localAddress: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        method,
        localAddress,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

test('hammering the comment endpoint from one client gives 429s, never a failure, while another client gets through', async () => {
  const path = '/api/consultations/transit-safety-2026/comments';

  // Act: 40 requests at once from 127.0.0.1.
  const hammered = await Promise.all(
    Array.from({ length: 40 }, () => fromAddress('127.0.0.1', 'POST', path, {})),
  );

  // Assess: refusals, each a problem document saying when to come back; nothing failed.
  expect(hammered.filter((r) => r.status >= 500)).toEqual([]);
  const limited = hammered.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(35);
  for (const r of limited) {
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.headers['content-type']).toContain('application/problem+json');
  }

  // Another client, 127.0.0.2, solves its proof of work and its comment is stored.
  const challengeAnswer = await fromAddress('127.0.0.2', 'GET', '/api/challenge');
  expect(challengeAnswer.status).toBe(200);
  const challenge = JSON.parse(challengeAnswer.text);
  const solution = await solveChallenge({ challenge, deriveKey });
  const stored = await fromAddress(
    '127.0.0.2',
    'POST',
    path,
    {
      articleId: 'art-5',
      stance: 'support',
      body: '另一位市民：同意第五条。',
      publishName: false,
      lang: 'zh',
    },
    { 'x-altcha': Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') },
  );
  expect(stored.status, stored.text).toBe(202);
  expect(JSON.parse(stored.text)).toMatchObject({ status: expect.any(String) });
});
