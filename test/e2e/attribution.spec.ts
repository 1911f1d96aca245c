import { type Browser, expect, type Page, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';
import { signIn } from './support/staff.ts';

/**
 * Reports of false attribution end to end (issue 9 §5), against the real `npm start`: a citizen's comment
 * with a published name is published by a moderator, a reader reports it from the draft page, the moderator
 * withholds the name from the console's reports page, the draft page then shows no name and the marker,
 * and the reporter's receipt lookup shows the outcome.
 */

const PORT = Number(process.env.E2E_PORT ?? 8690);
const ID = 'transit-safety-2026';
const DRAFT = `/consultations/${ID}/`;
const QUEUE = `/staff/moderation/?c=${ID}`;
const REPORTS = `/staff/reports/?c=${ID}`;
const yijian = runningYijian(PORT);
const RUN = Date.now().toString(36);
const NAME = `张冒名${RUN.slice(-4)}`;
const BODY = `冒名测试${RUN}：建议第五条增加夜间安全员。`;

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The published comment under article 5 on the draft page, opened. */
async function openPublished(page: Page) {
  await page.goto(DRAFT);
  const toggle = page.locator('#published-toggle-art-5');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const item = page.locator('#published-art-5 .published-comment', { hasText: BODY });
  await expect(item).toHaveCount(1);
  return item;
}

let reportReceipt = '';

test('a citizen’s comment with a published name is published by a moderator', async ({ page, browser }) => {
  const citizen = await freshPage(browser);
  await citizen.goto(`${DRAFT}comment/?article=art-5`);
  await citizen.locator('input[name="stance"][value="suggest"]').check();
  await citizen.locator('#body').fill(BODY);
  await citizen.locator('#display-name').fill(NAME);
  await citizen.locator('#publish-name').check();
  await citizen.locator('#submit').click();
  await expect(citizen.locator('#receipt')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

  await signIn(page, yijian, 'moderator', QUEUE);
  await page.locator('#f-q').fill(`冒名测试${RUN}`);
  await page.locator('#f-apply').click();
  const item = page.locator('#mod-list .mod-item', { hasText: BODY });
  await expect(item).toHaveCount(1);
  await item.locator('.open').click();
  await page.locator('#detail-publish').click();
  await expect(page.locator('#mod-status')).toContainText('已将 1 条意见公开');

  const reader = await freshPage(browser);
  const published = await openPublished(reader);
  await expect(published.locator('.pc-name')).toHaveText(NAME);
});

test('a reader reports it through the form on the comment, with errors per field, and gets a receipt', async ({
  page,
}) => {
  const item = await openPublished(page);
  const control = item.locator('.pc-report');
  await expect(control).toHaveAccessibleName(new RegExp(`^报告冒名\\s?：${NAME}的意见$`));
  await control.click();
  const dialog = page.locator('#report-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.locator('#report-comment-text')).toHaveText(BODY);
  await expect(page.locator('#report-reason')).toBeFocused();
  await expect(page.locator('#report-pi-notice')).toContainText('不会公开');
  await expectAccessible(page);

  // Nothing typed: the reason is required; a malformed e-mail is refused beside its field.
  await page.locator('#report-contact-email').fill('not-an-address');
  await page.locator('#report-submit').click();
  await expect(page.locator('#report-error')).toBeFocused();
  await expect(page.locator('#report-reason-error')).toHaveText('请填写理由。');
  await expect(page.locator('#report-reason')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#report-contact-email-error')).toContainText('电子邮箱');
  await expectAccessible(page);

  // Escape closes the dialog, the focus returns to the control, and what was typed is kept.
  await page.locator('#report-reason').fill('这条意见不是我写的，我从未授权他人以我的名义提交。');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(control).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#report-reason')).toHaveValue(/不是我写的/);

  await page.locator('#report-contact-email').fill('real.person@example.cn');
  await page.locator('#report-submit').click();
  await expect(page.locator('#report-done-heading')).toBeFocused();
  reportReceipt = ((await page.locator('#report-receipt').textContent()) ?? '').trim();
  expect(reportReceipt).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.locator('#report-lookup-link').click();
  await expect(page).toHaveURL(new RegExp(`/lookup/\\?report=${reportReceipt}`));
  await expect(page.locator('#report-status')).toContainText('已收到，待核实');
  // The reason and the contact are never shown back.
  await expect(page.locator('body')).not.toContainText('real.person@example.cn');
  await expect(page.locator('body')).not.toContainText('不是我写的');
});

test('the moderator sees the open report with its comment and withholds the name', async ({ page }) => {
  await signIn(page, yijian, 'moderator', QUEUE);
  await expect(page.locator('#mod-reports-link')).toContainText(/待处理 \d+ 件/);
  await page.locator('#mod-reports-link').click();
  await expect(page).toHaveURL(new RegExp(`/staff/reports/\\?c=${ID}`));
  const report = page.locator('#rep-list > li', { hasText: BODY });
  await expect(report).toHaveCount(1);
  await expect(report).toContainText('这条意见不是我写的');
  await expect(report).toContainText(`${NAME}（公开）`);
  // A moderator may not see the reporter's contact; the console does not offer it.
  await expect(report.locator('.report-show-contact')).toHaveCount(0);
  await expect(report).not.toContainText('real.person@example.cn');
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Dismissing without a note is refused; withholding the name needs none, but this one has a note.
  await report.locator('.report-dismiss').click();
  await expect(report.locator('.field-error')).toHaveText('驳回报告需要填写说明。');
  await report.locator('textarea').fill('经核实，署名人未提交该意见。');
  await report.locator('.report-hide').click();
  await expect(page.locator('#rep-status')).toContainText('已隐藏署名并标注该意见');
  await expect(page.locator('#rep-list > li', { hasText: BODY })).toHaveCount(0);

  await page.locator('#rep-status-name_hidden').check();
  const decided = page.locator('#rep-list > li', { hasText: BODY });
  await expect(decided).toContainText('moderator');
  await expect(decided).toContainText(`${NAME}（经冒名报告核实，署名已隐藏）`);
  await expectAccessible(page);
});

test('the public comment then shows no name and the marker; the reporter’s receipt shows the outcome', async ({
  page,
}) => {
  const item = await openPublished(page);
  await expect(item.locator('.pc-marker')).toContainText('经举报系冒用他人名义提交，署名已隐藏');
  await expect(item.locator('.pc-marker [lang="en"]')).toContainText('name withheld');
  await expect(item).not.toContainText(NAME);
  await expectAccessible(page);
  const api = await page.request.get(`/api/consultations/${ID}/comments?article=art-5`);
  expect(JSON.stringify(await api.json())).not.toContain(NAME);

  await page.goto(`/lookup/?report=${reportReceipt.toLowerCase()}`);
  await expect(page.locator('#report-status')).toContainText('已隐藏署名并标注');
  await expect(page.locator('#report-note')).toHaveText('经核实，署名人未提交该意见。');
  await expectAccessible(page);
  await page.goto(`/en/lookup/?report=${reportReceipt}`);
  await expect(page.locator('#report-status')).toContainText('Name withheld');
  await page.setViewportSize({ width: 360, height: 740 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
});

test('an administrator reveals a reporter’s contact, and the reveal is in the comment’s audit trail', async ({
  page,
}) => {
  await signIn(page, yijian, 'admin', `${REPORTS}`);
  await page.locator('#rep-status-name_hidden').check();
  const decided = page.locator('#rep-list > li', { hasText: BODY });
  await decided.locator('.report-show-contact').click();
  await expect(decided.locator('.contact-shown')).toHaveText('real.person@example.cn');

  await page.goto(QUEUE);
  await page.locator('#status-published').check();
  await page.locator('#f-q').fill(`冒名测试${RUN}`);
  await page.locator('#f-apply').click();
  await page.locator('#mod-list .mod-item', { hasText: BODY }).locator('.open').click();
  await expect(page.locator('#detail-audit')).toContainText(
    '隐藏署名并标注（冒名报告）：待处理 → 已隐藏署名',
  );
  await expect(page.locator('#detail-audit')).toContainText('经核实，署名人未提交该意见。');
  await expect(page.locator('#detail-audit')).toContainText('查看冒名报告人的联系方式');
});
