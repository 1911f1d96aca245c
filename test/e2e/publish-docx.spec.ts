import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type DocxBlock, makeDocx, ORDINANCE_V1, ORDINANCE_V2 } from '../fixtures/drafts/make-docx.ts';
import { expectAccessible } from './support/pages.ts';
import { Yijian } from './support/yijian.ts';

/**
 * The "done when", as a drafting office and a citizen would try it: the office's .docx of a draft
 * ordinance (Chinese only; the translation follows later) becomes a published draft page with one command,
 * and a revised draft, imported the same way, shows what changed article by article.
 *
 * The importer writes into the real site content; afterAll removes what it wrote, even after a failure.
 */

const ROOT = join(import.meta.dirname, '../..');
const DRAFT_ID = 'e2e-ebike';
const CONSULTATION_ID = 'e2e-ebike-2026';
const DRAFT_DIR = join(ROOT, 'site/src/content/drafts', DRAFT_ID);
const CONSULTATION_FILE = join(ROOT, 'site/src/content/consultations', `${CONSULTATION_ID}.json`);
const TITLE = '示例市电动自行车管理条例';
const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

// Its own port, offset from E2E_PORT, so that it can run beside the other e2e suites and other checkouts.
const yijian = new Yijian(Number(process.env.E2E_PORT ?? 8690) + 200);
const DRAFT = `${yijian.baseUrl}/consultations/${CONSULTATION_ID}/`;
const DRAFT_EN = `${yijian.baseUrl}/en/consultations/${CONSULTATION_ID}/`;
test.describe.configure({ mode: 'serial' });

function removeImportedContent(): void {
  rmSync(DRAFT_DIR, { recursive: true, force: true });
  rmSync(CONSULTATION_FILE, { force: true });
}

/** Where the office's .docx files arrive. */
let workDir = '';

test.beforeAll(() => {
  // Left over from an interrupted run, the consultation would already be on version 2 and refuse version 1.
  removeImportedContent();
  workDir = mkdtempSync(join(tmpdir(), 'yijian-docx-'));
});

test.afterAll(async () => {
  try {
    await yijian.stop();
  } finally {
    removeImportedContent();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
  const status = spawnSync('git', ['status', '--porcelain', '--', 'site/src/content'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(status.stdout).toBe('');
});

/** Writes the office's .docx, as it would arrive, and runs the one publishing command on it. */
async function importDocx(name: string, blocks: readonly DocxBlock[], ...extra: string[]) {
  const file = join(workDir, name);
  writeFileSync(file, await makeDocx(blocks));
  const env = { ...process.env };
  delete env.YIJIAN_CONTENT_DIR;
  const result = spawnSync(
    'npm',
    [
      'run',
      'draft:import',
      '--',
      file,
      '--id',
      DRAFT_ID,
      ...extra,
      '--consultation',
      CONSULTATION_ID,
      '--office-zh',
      '示例市交通运输局',
      '--office-en',
      'Shili City Transport Bureau',
    ],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

let receipt = '';

test('one command turns the office’s .docx into a published consultation', async () => {
  test.setTimeout(240_000);
  const imported = await importDocx(`${TITLE}（征求意见稿）.docx`, ORDINANCE_V1);
  expect(imported.code, imported.output).toBe(0);
  expect(imported.output).toContain('16 articles');
  expect(imported.output).toContain(`consultation ${CONSULTATION_ID} publishes ${DRAFT_ID} version 1`);
  await yijian.start();
  expect(yijian.output).toContain(`Registered consultation ${CONSULTATION_ID}`);
});

test('the home page lists the draft, and its page is structured article by article', async ({ page }) => {
  await page.goto(`${yijian.baseUrl}/`);
  await page
    .getByRole('link', { name: new RegExp(TITLE) })
    .first()
    .click();
  await expect(page).toHaveURL(DRAFT);
  await expect(page.locator('h1')).toContainText(TITLE);
  await expect(page.locator('h1')).toContainText('征求意见稿');
  await expect(page.locator('#ch-1-heading')).toContainText('第一章');
  await expect(page.locator('#draft-text section.chapter')).toHaveCount(5);
  await expect(page.locator('#draft-text section.section')).toHaveCount(2);
  // Every article has its anchor, in order, and a way to comment on it.
  const articles = page.locator('#draft-text article[id^="art-"]');
  await expect(articles).toHaveCount(16);
  expect(await articles.evaluateAll((all) => all.map((a) => a.id))).toEqual(
    Array.from({ length: 16 }, (_, i) => `art-${i + 1}`),
  );
  await expect(page.locator('#draft-text article[id^="art-"] .comment-link')).toHaveCount(16);
  await expect(page.locator('#art-6 > ol.items')).toContainText('（二）向购买者出具销售凭证');
  await expect(page.locator('#art-6 ol.subitems')).toContainText('1．登记上牌的规定');
  // 第十六条 followed a manual line break inside 第十五条's paragraph in Word.
  await expect(page.locator('#art-16')).toContainText('第十六条');
  await expect(page.locator('#art-16')).toContainText('2027年1月1日');
  await expect(page.locator('#explanatory-note')).toContainText('起草的必要性');
  await expect(page.locator('#toc')).not.toContainText('目　　录');
  await expectAccessible(page);
});

test('the English page shows the Chinese text under a notice until the translation is published', async ({
  page,
}) => {
  await page.goto(`${yijian.baseUrl}/en/`);
  await page
    .getByRole('link', { name: new RegExp(TITLE) })
    .first()
    .click();
  await expect(page).toHaveURL(DRAFT_EN);
  await expect(page.locator('#translation-pending')).toHaveText(
    'The English translation of this draft has not been published yet; the authoritative Chinese text is shown below.',
  );
  await expect(page.locator('h1')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#art-1 .para').first()).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#draft-text article[id^="art-"]')).toHaveCount(16);
  await expect(page.locator('#comment-art-10')).toContainText('Comment on this article');
  await expectAccessible(page);

  await page.locator('#comment-whole').click();
  await expect(page).toHaveURL(`${DRAFT_EN}comment/`);
  await expect(page.locator('#translation-pending')).toBeVisible();
});

test('a citizen comments on an article through the form and gets a receipt', async ({ page }) => {
  await page.goto(DRAFT);
  await page.locator('#comment-art-10').click();
  await expect(page).toHaveURL(`${DRAFT}comment/?article=art-10`);
  await expect(page.locator('#target')).toHaveValue('art-10');
  await page.locator('input[name="stance"][value="suggest"]').check();
  await page.locator('#body').fill('建议第十条明确未满十六周岁的人员乘坐电动自行车时同样应当佩戴安全头盔。');
  await page.locator('#submit').click();
  await expect(page).toHaveURL(/\/receipt\/\?r=/);
  await expect(page.locator('#receipt')).toHaveText(RECEIPT);
  receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
});

test('one command publishes the revised draft, and the draft page offers both versions', async ({ page }) => {
  test.setTimeout(240_000);
  await yijian.stop();
  const imported = await importDocx(`${TITLE}（第二次征求意见稿）.docx`, ORDINANCE_V2, '--version', '2');
  expect(imported.code, imported.output).toBe(0);
  expect(imported.output).toContain(`consultation ${CONSULTATION_ID} publishes ${DRAFT_ID} version 2`);
  await yijian.start();

  await page.goto(DRAFT);
  await expect(page.locator('h1')).toContainText('第二次征求意见稿');
  await expect(page.locator('#versions .version-link')).toHaveCount(2);
  await expect(page.locator('#version-2')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('#version-2')).toContainText('第二次征求意见稿');
  await expect(page.locator('#version-1')).toHaveAttribute(
    'href',
    '/consultations/e2e-ebike-2026/versions/1/',
  );

  // The comment stays on the version and article it was made on.
  await page.goto(`${yijian.baseUrl}/lookup/`);
  await page.locator('#receipt-input').fill(receipt);
  await page.locator('#lookup-submit').click();
  await expect(page.locator('#lookup-status')).toContainText('第十条（第一次征求意见稿）');
});

test('the changes page shows what changed, article by article', async ({ page }) => {
  await page.goto(DRAFT);
  await page.locator('#changes-link').click();
  await expect(page).toHaveURL(`${DRAFT}changes/`);
  const modified = page.locator('#changes li.change[data-kind="modified"]');
  expect(await modified.count()).toBeGreaterThanOrEqual(1);
  const reworded = modified.filter({ has: page.locator('ins') }).filter({ has: page.locator('del') });
  await expect(reworded.first()).toBeVisible();
  await expect(reworded.first().locator('ins').first()).not.toBeEmpty();
  await expect(reworded.first().locator('del').first()).not.toBeEmpty();
  await expect(page.locator('#changes li.change[data-kind="inserted"]')).toContainText(
    '公示所售车型的产品信息',
  );
  await expect(page.locator('#changes li.change[data-kind="deleted"]')).toContainText('最高时速');
  await expectAccessible(page);

  await page.goto(`${DRAFT_EN}changes/`);
  await expect(page.locator('#translation-pending')).toBeVisible();
  await expect(page.locator('#changes li.change[data-kind="modified"] del').first()).toBeVisible();
  await expectAccessible(page);
});
