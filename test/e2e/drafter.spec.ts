import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';
import { signIn } from './support/staff.ts';

/**
 * The drafting side end to end (issue 10), against the real `npm start`: citizens comment, a drafting
 * officer sees where the draft drew comments, finds one by a Chinese phrase and answers it; an administrator
 * concludes the consultation; the citizen then sees the answer under their receipt and anyone can read the
 * adoption report. The tests share one server and run in order.
 */

const PORT = Number(process.env.E2E_PORT ?? 8690);
const ID = 'transit-safety-2026';
const DRAFT = `/consultations/${ID}/`;
const DASHBOARD = `/staff/dashboard/?c=${ID}`;
const QUEUE = `/staff/moderation/?c=${ID}`;
const MANAGE = `/staff/consultations/?c=${ID}`;
const REPORT = `/consultations/${ID}/report/`;
const SHOTS = join(import.meta.dirname, '../../test-results/drafter');
const yijian = runningYijian(PORT);
const RUN = Date.now().toString(36);
const PHRASE = '电动自行车';
const EBIKE = `建议第五条明确${PHRASE}不得在地铁站台充电（${RUN}）。`;
const ANSWER = `采纳。第五条已增加禁止在站台为${PHRASE}充电的规定。`;
let receipt = '';

async function commentAsCitizen(
  page: Page,
  article: string,
  body: string,
  stance = 'suggest',
): Promise<string> {
  await page.goto(`${DRAFT}comment/?article=${article}`);
  await page.locator(`input[name="stance"][value="${stance}"]`).check();
  await page.locator('#body').fill(body);
  await page.locator('#submit').click();
  await expect(page.locator('#receipt')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return ((await page.locator('#receipt').textContent()) ?? '').trim();
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('citizens comment on the draft', async ({ page }) => {
  receipt = await commentAsCitizen(page, 'art-5', EBIKE);
  await commentAsCitizen(page, 'art-5', `第五条的规定过严（${RUN}）。`, 'oppose');
  await commentAsCitizen(page, 'art-2', `支持第二条（${RUN}）。`, 'support');
});

test('a drafting officer sees where the draft drew comments', async ({ page }) => {
  await signIn(page, yijian, 'drafter', DASHBOARD);
  const art5 = page.locator('#heat-art-5');
  await expect(art5).toBeVisible();
  await expect(art5).toHaveAttribute('data-count', '2');
  await expect(art5).toHaveClass(/heat-5/);
  await expect(page.locator('#heat-art-2')).toHaveAttribute('data-count', '1');
  await expect(page.locator('#dash-counts-table')).toContainText('第五条');
  await expect(page.locator('#dash-top li').first()).toContainText('第五条');
  await expect(page.locator('#dash-chart canvas')).toHaveCount(1);
  await page.locator('#dash-days').locator('xpath=..').locator('summary').click();
  await expect(page.locator('#dash-days table tbody tr')).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: join(SHOTS, 'dashboard-1280.png'), fullPage: true });
  await page.screenshot({ path: join(SHOTS, 'dashboard-1280-first-screen.png') });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.reload();
  await expect(page.locator('#heat-art-5')).toBeVisible();
  await noHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'dashboard-360.png'), fullPage: true });
  await page.screenshot({ path: join(SHOTS, 'dashboard-360-first-screen.png') });

  // The heat map leads to the article's comments.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('#heat-art-5 a').click();
  await expect(page).toHaveURL(/\/staff\/moderation\/\?c=transit-safety-2026&article=art-5/);

  // The English dashboard.
  await page.goto(`/en${DASHBOARD}`);
  await expect(page.locator('#heat-art-5 .heat-count')).toHaveText('2 comments');
  await expectAccessible(page);
});

test('the officer finds a comment by a Chinese phrase and answers it', async ({ page }) => {
  await signIn(page, yijian, 'drafter', QUEUE);
  await page.locator('#f-q').fill(PHRASE);
  await page.locator('#f-apply').click();
  await expect(page.locator('#mod-list > li')).toHaveCount(1);
  await expect(page.locator('#detail-text')).toHaveText(EBIKE);
  await expect(page.locator('#answer-current-line')).toContainText('尚未答复');
  await page.locator('#answer-decision-adopted').check();
  await page.locator('#answer-reason-zh').fill(ANSWER);
  await page
    .locator('#answer-reason-en')
    .fill('Adopted: article 5 now forbids charging e-bikes on platforms.');
  await page.locator('#answer-panel-save').click();
  await expect(page.locator('#answer-current-line')).toContainText('采纳');
  await expect(page.locator('#answer-current-line')).toContainText(ANSWER);
  await expectAccessible(page);

  // And answers article 2 as a whole from the dashboard.
  await page.goto(DASHBOARD);
  await page.locator('#heat-art-2 button').click();
  await page.locator('#answer-noted').check();
  await page.locator('#answer-zh').fill('已研究，作为细化实施办法的参考。');
  await page.locator('#answer-save').click();
  await expect(page.locator('#heat-art-2 .heat-answer')).toContainText('已研究');
});

test('after an administrator concludes the consultation, the receipt shows the answer and the report is public', async ({
  page,
  browser,
}) => {
  const citizen = await newPage(browser);
  await citizen.goto(`/lookup/?r=${receipt}`);
  await expect(citizen.locator('#lookup-status dl')).toBeVisible();
  await expect(citizen.locator('#comment-response')).toHaveCount(0);
  await citizen.goto(REPORT);
  await expect(citizen.locator('#report-body')).toContainText('尚未办结');

  await signIn(page, yijian, 'admin', MANAGE);
  // The e-bike comment is published (the report quotes published comments only).
  const found = await page.request.get(
    `/api/staff/consultations/${ID}/comments?q=${encodeURIComponent(PHRASE)}`,
  );
  const [ebike] = ((await found.json()) as { items: { id: string; version: number }[] }).items;
  if (!ebike) throw new Error('the e-bike comment is not in the queue');
  const published = await page.request.post(`/api/staff/consultations/${ID}/moderation`, {
    headers: { 'X-Yijian-Staff': '1' },
    data: { action: 'publish', items: [{ commentId: ebike.id, version: ebike.version }] },
  });
  expect(published.status()).toBe(200);
  for (const action of ['close-early', 'conclude'] as const) {
    await page.locator(`#action-${action}`).check();
    await page
      .locator('#w-notice-zh')
      .fill(`本次征求意见${action === 'conclude' ? '已办结' : '提前截止'}（${RUN}）。`);
    await page
      .locator('#w-notice-en')
      .fill(`The consultation ${action === 'conclude' ? 'is concluded' : 'closed early'} (${RUN}).`);
    await page.locator('#window-submit').click();
    await expect(page.locator('#window-status')).toContainText('已保存');
  }

  await citizen.goto(`/lookup/?r=${receipt}`);
  await expect(citizen.locator('#comment-response')).toContainText(ANSWER);
  await citizen.goto(`/en/lookup/?r=${receipt}`);
  await expect(citizen.locator('#comment-response')).toContainText('Adopted: article 5');

  await citizen.goto(REPORT);
  await expect(citizen.locator('#report-art-5')).toContainText(ANSWER);
  await expect(citizen.locator('#report-art-5')).toContainText(EBIKE.slice(0, 10));
  await expect(citizen.locator('#report-art-2')).toContainText('已研究');
  await expect(citizen.locator('#report-download')).toHaveAttribute('href', /^blob:/);
  await expectAccessible(citizen);
  await citizen.screenshot({ path: join(SHOTS, 'report-1280.png'), fullPage: true });
  await citizen.setViewportSize({ width: 360, height: 800 });
  await citizen.reload();
  await expect(citizen.locator('#report-art-5')).toBeVisible();
  await noHorizontalScroll(citizen);
  await citizen.screenshot({ path: join(SHOTS, 'report-360.png'), fullPage: true });
  await citizen.screenshot({ path: join(SHOTS, 'report-360-first-screen.png') });
  const download = citizen.waitForEvent('download');
  await citizen.locator('#report-download').click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8')).toContain(ANSWER);

  await citizen.setViewportSize({ width: 1280, height: 900 });
  await citizen.goto(`/en${REPORT}`);
  await expect(citizen.locator('#report-art-5')).toContainText('Adopted: article 5');
  await expectAccessible(citizen);
});
