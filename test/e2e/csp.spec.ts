import { expect, type Page, test } from '@playwright/test';
import { runningYijian } from './support/pages.ts';

const PORT = Number(process.env.E2E_PORT ?? 8690);
runningYijian(PORT);

/** Console messages and CSP violation events a page raises while it loads and settles. */
async function violationsOf(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy']).toBeDefined();
  // Every page shows its title once its scripts ran (Scalar renders the API's title itself).
  await page.waitForFunction(() => /意见|Yijian/.test(document.body.textContent ?? ''));
  return problems;
}

const PAGES = [
  ['/', "script-src 'self';"],
  ['/consultations/transit-safety-2026/', "script-src 'self';"],
  ['/lookup/', "script-src 'self';"],
  ['/api/docs', "script-src 'self' 'unsafe-eval' 'sha256-"],
] as const;

for (const [path, scriptSource] of PAGES) {
  test(`${path} loads under its Content-Security-Policy without a violation`, async ({ page }) => {
    const csp: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === path)
        csp.push(response.headers()['content-security-policy'] ?? '');
    });
    expect(await violationsOf(page, path)).toEqual([]);
    expect(csp[0]).toContain(scriptSource);
    expect(csp[0]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
}
