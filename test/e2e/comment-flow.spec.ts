import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';

const PORT = Number(process.env.E2E_PORT ?? 8690);
const DRAFT = '/consultations/transit-safety-2026/';
const yijian = runningYijian(PORT);
const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

async function lookUp(page: Page, receipt: string, input = receipt) {
  await page.goto('/lookup/');
  await page.locator('#receipt-input').fill(input);
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-status')).toContainText(receipt);
}

let receipt = '';

test('a citizen reads the draft, comments on article 5 and gets a receipt', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toBeVisible();
  await page
    .getByRole('link', { name: /示例市城市公共交通安全管理条例/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`${DRAFT}$`));
  await expect(page.locator('h1')).toContainText('示例市城市公共交通安全管理条例');
  await expect(page.locator('#art-5')).toContainText('第五条');
  await expectAccessible(page);

  await page.locator('#comment-art-5').click();
  await expect(page).toHaveURL(/comment\/\?article=art-5/);
  await expect(page.locator('#target')).toHaveValue('art-5');
  await page.locator('input[name="stance"][value="suggest"]').check();
  const body = '建议第五条明确各部门信息共享的时限。<script>window.pwned = 1</script>';
  await page.locator('#body').fill(body);
  await expect(page.locator('#body-counter')).toContainText(String([...body].length));
  await expectAccessible(page);
  await page.locator('#submit').click();

  await expect(page).toHaveURL(/\/receipt\/\?r=/);
  // The receipt page fills the number in from its query string once its script has run.
  await expect(page.locator('#receipt')).toHaveText(RECEIPT);
  receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});

test('the receipt can be looked up, typed in lower case without dashes', async ({ page }) => {
  await lookUp(page, receipt, receipt.toLowerCase().replace(/-/g, ''));
  await expect(page.locator('#lookup-status')).toContainText('待审核');
  await expectAccessible(page);
});

test('a second npm start on the same port fails with a clear message', async () => {
  const second = await yijian.startSecondInstance();
  expect(second.code).not.toBe(0);
  expect(second.output).toContain(`Port ${PORT}`);
  expect(second.output).toContain('already in use');
});

test('the receipt survives a restart of the server', async ({ page }) => {
  await yijian.stop();
  await yijian.start();
  await lookUp(page, receipt);
  await expect(page.locator('#lookup-status')).toContainText('待审核');
});

test('an English reader comments on the whole draft', async ({ page }) => {
  await page.goto(`/en${DRAFT}`);
  await expect(page.locator('h1')).toContainText('Shili City Urban Public Transport Safety Regulations');
  await page.locator('#comment-whole').click();
  await expect(page.locator('#target')).toHaveValue('');
  await page.locator('input[name="stance"][value="support"]').check();
  await page.locator('#body').fill('The draft is clear; please keep the night-bus safety officer rule.');
  await page.locator('#display-name').fill('Li Hua');
  await page.locator('#publish-name').check();
  await page.locator('#submit').click();
  await expect(page).toHaveURL(/\/en\/receipt\/\?r=/);
  await expect(page.locator('#receipt')).toHaveText(RECEIPT);
});

test('the form explains what is wrong before anything is sent', async ({ page }) => {
  await page.goto(`${DRAFT}comment/?article=art-12`);
  await page.locator('#submit').click();
  await expect(page.locator('#body')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/comment\//);
});

test('the form translates the API’s field error codes instead of showing its English detail', async ({
  page,
}) => {
  // The server's own checks are tested in test/unit; here only the form's reading of a problem document.
  await page.route('**/api/consultations/*/comments', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://yijian.dev/problems/validation-failed',
        title: 'The comment is not valid',
        status: 422,
        detail: 'The comment is not valid; see errors.',
        errors: [{ pointer: '/body', code: 'lone-surrogate', detail: 'body contains an unpaired surrogate' }],
      }),
    }),
  );
  await page.goto(`${DRAFT}comment/?article=art-5`);
  await page.locator('input[name="stance"][value="support"]').check();
  await page.locator('#body').fill('同意。');
  await page.locator('#submit').click();

  await expect(page.locator('#body-error')).toContainText('无法识别的字符');
  await expect(page.locator('#form-error')).not.toContainText('unpaired');
  await expect(page.locator('#form-error')).not.toContainText('not valid');
  await expect(page.locator('#body')).toHaveAttribute('aria-invalid', 'true');
});

test('the counter counts characters as the server does', async ({ page }) => {
  await page.goto(`${DRAFT}comment/`);
  // Three emoji (six UTF-16 units) and two invisible zero-width spaces: three characters.
  await page.locator('#body').fill('😀\u200b😀\u200b😀');
  await expect(page.locator('#body-counter')).toContainText('已输入 3 字');
});

test('pages fit a 360 px phone without horizontal scrolling and work by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', DRAFT, `${DRAFT}comment/?article=art-5`, '/lookup/', '/en/', `/en${DRAFT}`]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await page.goto(`${DRAFT}comment/?article=art-5`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.tagName);
  expect(focused).toBe('A');
});
