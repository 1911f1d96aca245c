import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible, runningYijian } from './support/pages.ts';
import { signIn } from './support/staff.ts';

/**
 * Issue 10 §4 end to end against the real `npm start`: a citizen comments through the public form, a
 * drafter signs in through the built-in issuer, goes from the moderation page to the export page, exports
 * the internal XLSX, follows its progress to done, downloads it through the browser, and the file opens
 * with exceljs holding the citizen's comment.
 */

const PORT = Number(process.env.E2E_PORT ?? 8690);
const ID = 'transit-safety-2026';
const DRAFT = `/consultations/${ID}/`;
const QUEUE = `/staff/moderation/?c=${ID}`;
const yijian = runningYijian(PORT);
const RUN = Date.now().toString(36);

test('a drafter exports the internal XLSX, follows it to done, and downloads a file with the citizen’s comment', async ({
  browser,
  page,
}) => {
  const body = `导出测试意见 ${RUN}：建议夜间公交配备安全员。`;
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto(`${DRAFT}comment/?article=art-5`);
  await citizen.locator('input[name="stance"][value="suggest"]').check();
  await citizen.locator('#body').fill(body);
  await citizen.locator('#submit').click();
  await expect(citizen.locator('#receipt')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  await signIn(page, yijian, 'drafter', QUEUE);
  await page.locator('#mod-export-link').click();
  await expect(page).toHaveURL(new RegExp(`/staff/exports/\\?c=${ID}$`));
  await expect(page.locator('#exp-app')).toBeVisible();
  await expectAccessible(page);

  await page.locator('#format-xlsx').check();
  await page.locator('#variant-internal').check();
  await page.locator('#exp-start').click();
  const job = page.locator('#exp-jobs li').first();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(job.locator('progress')).toBeVisible();
  await expect(job.locator('.job-progress')).toHaveText(/已处理 (\d+) \/ \1 条/);
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), job.locator('.job-download').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync(path)).buffer);
  const sheet = workbook.getWorksheet('意见 Comments');
  if (sheet === undefined) throw new Error('no comments sheet');
  const texts: string[] = [];
  sheet.eachRow((row) => {
    texts.push((Array.isArray(row.values) ? row.values : []).map((v) => String(v ?? '')).join('\t'));
  });
  expect(texts[0]).toContain('意见内容 Comment');
  expect(texts.filter((t) => t.includes(body))).toHaveLength(1);
  expect(texts.find((t) => t.includes(body))).toContain('待审核');
});

test('the file route refuses anyone not signed in', async ({ page, request }) => {
  const response = await request.get('/api/staff/exports/01JEXP0000000000000000NONE/file');
  expect(response.status()).toBe(401);
  await page.goto(`/en/staff/exports/?c=${ID}`);
  await expect(page.locator('#sign-in')).toBeVisible();
  await expect(page.locator('#staff-main')).toBeHidden();
});
