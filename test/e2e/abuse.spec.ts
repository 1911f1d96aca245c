import { expect, type Page, test } from '@playwright/test';
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
