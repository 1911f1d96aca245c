import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { Yijian } from './yijian.ts';

/** The password `npm start` seeded for a staff account, from the accounts file it printed. */
export function seededPassword(yijian: Yijian, username: string): string {
  const text = readFileSync(join(yijian.dataDir, 'staff-accounts.txt'), 'utf8');
  for (const line of text.split('\n')) {
    const [, name, secret] = line.trim().split(/\s+/);
    if (name === username && secret) return secret;
  }
  throw new Error(`no seeded login for ${username}`);
}

/**
 * Signs in as a seeded account through the console's button and the built-in issuer's login page (whose
 * fields password managers must recognise); ends back on `path`.
 */
export async function signIn(page: Page, yijian: Yijian, username: string, path = '/staff/'): Promise<void> {
  await page.goto(path);
  await page.locator('#sign-in').click();
  await expect(page.locator('#username')).toBeVisible();
  await expect(page.locator('#username')).toHaveAttribute('autocomplete', 'username');
  await expect(page.locator('#password')).toHaveAttribute('autocomplete', 'current-password');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(seededPassword(yijian, username));
  await page.locator('button[type="submit"]').click();
  await expect(page.locator('#session-user')).toContainText(username);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
}
