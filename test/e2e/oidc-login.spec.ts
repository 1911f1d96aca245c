import { createHash, randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';

const PORT = Number(process.env.E2E_PORT ?? 8690);
const yijian = runningYijian(PORT);

/** The password npm start printed for a seeded account (`role  username  password`). */
function printedPassword(username: string): string {
  const line = yijian.output.split('\n').find((l) => l.trim().split(/\s+/)[1] === username);
  const password = line?.trim().split(/\s+/)[2];
  if (password === undefined)
    throw new Error(`npm start printed no login for ${username}:\n${yijian.output}`);
  return password;
}

/** Opens the issuer's login page the way the staff API's sign-in redirect does (code + PKCE). */
async function openLogin(page: Page) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${yijian.baseUrl}/oidc/auth`);
  url.search = new URLSearchParams({
    client_id: 'yijian-staff',
    response_type: 'code',
    scope: 'openid profile yijian',
    redirect_uri: `${yijian.baseUrl}/api/staff/auth/callback`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  }).toString();
  await page.goto(url.href);
  await expect(page).toHaveURL(/\/oidc\/interaction\/[\w-]+$/);
}

test('the login page is bilingual, accessible, fits 360 px and names its fields for password managers', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openLogin(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('h1')).toContainText('工作人员登录');
  await expect(page.locator('h1 [lang="en"]')).toHaveText('Staff sign-in');
  await expect(page.getByLabel(/用户名/)).toHaveAttribute('autocomplete', 'username');
  await expect(page.getByLabel(/密码/)).toHaveAttribute('autocomplete', 'current-password');
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.getByLabel(/用户名/).fill('moderator');
  await page.getByLabel(/密码/).fill('not the password');
  await page.getByRole('button', { name: /登录/ }).click();
  await expect(page.getByRole('alert')).toContainText('用户名或密码不正确');
  await expect(page.getByRole('alert')).toContainText('Wrong username or password');
  await expect(page.getByLabel(/用户名/)).toHaveValue('moderator');
  await expectAccessible(page);
});

test('a moderator signs in by keyboard alone and comes back to the staff callback with a code', async ({
  page,
}) => {
  await openLogin(page);
  await page.keyboard.type('moderator');
  await page.keyboard.press('Tab');
  await page.keyboard.type(printedPassword('moderator'));
  const callback = page.waitForRequest((request) => request.url().includes('/api/staff/auth/callback'));
  await page.keyboard.press('Enter');
  const url = new URL((await callback).url());
  expect(url.searchParams.get('code')).toBeTruthy();
  expect(url.searchParams.get('iss')).toBe(`${yijian.baseUrl}/oidc`);
});
