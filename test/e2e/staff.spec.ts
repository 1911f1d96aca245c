import { type Browser, expect, type Page, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';
import { seededPassword, signIn } from './support/staff.ts';
import { SEEDED_THROUGH_THE_API } from './support/yijian.ts';

/**
 * The staff side end to end, against the real `npm start`: sign-in through the built-in issuer's own
 * login page, moderation of comments made through the public site, what the public then sees, and an
 * administrator closing the window early. The tests share one server and run in order; the last one
 * closes the sample consultation's window.
 */

const PORT = Number(process.env.E2E_PORT ?? 8690);
const ID = 'transit-safety-2026';
const DRAFT = `/consultations/${ID}/`;
const QUEUE = `/staff/moderation/?c=${ID}`;
const MANAGE = `/staff/consultations/?c=${ID}`;
const yijian = runningYijian(PORT, SEEDED_THROUGH_THE_API);
const RUN = Date.now().toString(36);

/** The seeded logins npm start keeps under its data directory (`role  username  password` lines). */
/** A citizen's comment through the public form; returns its receipt. */
async function commentAsCitizen(page: Page, article: string, body: string): Promise<string> {
  await page.goto(`${DRAFT}comment/?article=${article}`);
  await page.locator('input[name="stance"][value="suggest"]').check();
  await page.locator('#body').fill(body);
  await page.locator('#submit').click();
  await expect(page.locator('#receipt')).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return ((await page.locator('#receipt').textContent()) ?? '').trim();
}

async function citizenPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Shows the queue filtered down to comments containing `text`. */
async function filterQueue(page: Page, text: string): Promise<void> {
  await page.locator('#f-q').fill(text);
  await page.locator('#f-apply').click();
  await expect(page.locator('#queue-summary')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
  await expect(page.locator('#mod-list')).not.toHaveAttribute('aria-busy', /.*/);
}

test('a visitor who is not signed in sees only the sign-in button', async ({ page }) => {
  await page.goto('/staff/');
  await expect(page.locator('#sign-in')).toBeVisible();
  await expect(page.locator('#staff-main')).toBeHidden();
  await expect(page.locator('#sign-in')).toHaveAttribute(
    'href',
    /\/api\/staff\/auth\/login\?returnTo=%2Fstaff%2F/,
  );
  await expectAccessible(page);
});

test('a moderator signs in through the built-in issuer and sees the sample consultation', async ({
  page,
}) => {
  await signIn(page, yijian, 'moderator');
  await expect(page.locator('#session-roles')).toContainText('审核员');
  await expect(page.locator(`[data-consultation="${ID}"]`)).toContainText('示例市城市公共交通安全管理条例');
  // No token in the page: the session is an HttpOnly cookie the scripts cannot read.
  expect(await page.evaluate(() => document.cookie)).not.toContain('yijian-staff');
  await expectAccessible(page);
  await page.locator(`[data-consultation="${ID}"] a[href*="moderation"]`).click();
  await expect(page).toHaveURL(new RegExp(`/staff/moderation/\\?c=${ID}`));
  await expect(page.locator('#queue-summary')).toContainText('待审核');
  await expectAccessible(page);
});

test('a published comment appears under its article on the draft page', async ({ page, browser }) => {
  const citizen = await citizenPage(browser);
  const body = `公开测试${RUN}：建议第五条写明信息共享的时限。`;
  const receipt = await commentAsCitizen(citizen, 'art-5', body);

  await signIn(page, yijian, 'moderator', QUEUE);
  await filterQueue(page, `公开测试${RUN}`);
  const item = page.locator('#mod-list .mod-item', { hasText: receipt });
  await expect(item).toHaveCount(1);
  await item.locator('.open').click();
  await expect(page.locator('#detail-text')).toHaveText(body);
  // The article's text beside the comment, from the draft the comment was made on.
  await expect(page.locator('#detail-article')).toContainText('城市公共交通');
  await expectAccessible(page);
  await page.locator('#detail-publish').click();
  await expect(page.locator('#mod-status')).toContainText('已将 1 条意见公开');
  await expect(item).toHaveCount(0);

  await citizen.goto(DRAFT);
  const toggle = citizen.locator('#published-toggle-art-5');
  await expect(toggle).toBeVisible();
  // The article shows how many of its comments are public, as the API counts them.
  const api = await citizen.request.get(`/api/consultations/${ID}`);
  const { publishedCounts } = (await api.json()) as { publishedCounts: Record<string, number> };
  expect(publishedCounts['art-5']).toBeGreaterThan(0);
  await expect(toggle).toContainText(`（${publishedCounts['art-5']} 条）`);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(citizen.locator('#published-art-5')).toContainText(body);
  await expectAccessible(citizen);
  await citizen.goto(`/lookup/?r=${receipt}`);
  await expect(citizen.locator('#lookup-status')).toContainText('已公开');
});

test('a rejected comment never appears and the receipt lookup says why', async ({ page, browser }) => {
  const citizen = await citizenPage(browser);
  const body = `不公开测试${RUN}：这条意见与草案无关。`;
  const receipt = await commentAsCitizen(citizen, 'art-6', body);

  await signIn(page, yijian, 'moderator', QUEUE);
  await filterQueue(page, `不公开测试${RUN}`);
  await page.locator('#mod-list .mod-item', { hasText: receipt }).locator('.open').click();
  await page.locator('#detail-reject').click();
  const dialog = page.locator('#reject-dialog');
  await expect(dialog).toBeVisible();
  // Confirming without a reason is refused.
  await page.locator('#reject-confirm').click();
  await expect(page.locator('#reject-error')).toBeVisible();
  await page.locator('#reason-other').check();
  await page.locator('#reason-text').fill('与本草案内容无关');
  await expectAccessible(page);
  await page.locator('#reject-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('#mod-status')).toContainText('不予公开');

  await page.locator('#status-rejected').check();
  const decided = page.locator('#mod-list .mod-item', { hasText: receipt });
  await expect(decided).toHaveCount(1);
  await decided.locator('.open').click();
  await expect(page.locator('#detail-audit')).toContainText('moderator');
  await expect(page.locator('#detail-audit')).toContainText('与本草案内容无关');

  await citizen.goto(`/lookup/?r=${receipt}`);
  await expect(citizen.locator('#lookup-status')).toContainText('未采用公开');
  await expect(citizen.locator('#comment-reason')).toHaveText('与本草案内容无关');
  await expectAccessible(citizen);
  await citizen.goto(DRAFT);
  await expect(citizen.locator('#art-6')).toBeVisible();
  const toggle = citizen.locator('#published-toggle-art-6');
  if ((await toggle.count()) > 0) {
    await toggle.click();
    await expect(citizen.locator('#published-art-6 .published-status')).not.toHaveText('');
  }
  await expect(citizen.locator('body')).not.toContainText(body);
  const api = await citizen.request.get(`/api/consultations/${ID}/comments?article=art-6`);
  expect(JSON.stringify(await api.json())).not.toContain(`不公开测试${RUN}`);
});

test('the whole moderation flow works by keyboard alone', async ({ page, browser }) => {
  const citizen = await citizenPage(browser);
  const tag = `键盘${RUN}`;
  const receipts = [];
  for (const n of [1, 2, 3]) receipts.push(await commentAsCitizen(citizen, 'art-7', `${tag} 第${n}条意见`));

  // Sign in by keyboard: the sign-in link, then the issuer's form.
  await page.goto(QUEUE);
  await tabTo(page, '#sign-in');
  await page.keyboard.press('Enter');
  await expect(page.locator('#username')).toBeFocused();
  await page.keyboard.type('moderator');
  await page.keyboard.press('Tab');
  await page.keyboard.type(seededPassword(yijian, 'moderator'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#session-user')).toContainText('moderator');
  await expect(page.locator('#queue-summary')).not.toBeEmpty();
  const published = Number(await page.locator('#count-published').textContent());

  // Filter by text: typing shortcut letters into the field must not trigger them.
  await tabTo(page, '#f-q');
  await page.keyboard.type(`${tag} `);
  await page.keyboard.type('jkxprs');
  await page.keyboard.press('Backspace');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await expect(page.locator('#mod-list .mod-item')).toHaveCount(3);
  await expect(page.locator('#reject-dialog')).toBeHidden();
  await expect(page.locator('#count-published')).toHaveText(String(published));

  // ? shows the help; Escape closes it.
  await tabTo(page, '#mod-list .open');
  await page.keyboard.press('?');
  await expect(page.locator('#help-dialog')).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(page.locator('#help-dialog')).toBeHidden();

  // j/k move, x selects two, p publishes both.
  const items = page.locator('#mod-list .mod-item');
  await expect(items.nth(0)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('x');
  await page.keyboard.press('j');
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(items.nth(1).locator('.open')).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  await expect(page.locator('#selected-count')).toContainText('2');
  await page.keyboard.press('p');
  await expect(page.locator('#mod-status')).toContainText('已将 2 条意见公开');
  await expect(items).toHaveCount(1);
  await expect(page.locator('#count-published')).toHaveText(String(published + 2));

  // r asks for the reason in a dialog, answered by keyboard too.
  await expect(items.nth(0).locator('.open')).toBeFocused();
  await page.keyboard.press('r');
  await expect(page.locator('#reject-dialog')).toBeVisible();
  await page.keyboard.press('Space');
  await tabTo(page, '#reject-confirm');
  await page.keyboard.press('Enter');
  await expect(page.locator('#reject-dialog')).toBeHidden();
  await expect(page.locator('#mod-status')).toContainText('不予公开');
  await expect(items).toHaveCount(0);

  for (const receipt of receipts) {
    const res = await citizen.request.get(`/api/comments/${receipt}`);
    expect(['published', 'rejected']).toContain((await res.json()).status);
  }
});

test('a decision taken meanwhile by someone else comes back as a conflict with the current state', async ({
  page,
  browser,
}) => {
  const citizen = await citizenPage(browser);
  const tag = `冲突${RUN}`;
  const receipt = await commentAsCitizen(citizen, 'art-8', `${tag} 意见`);
  await signIn(page, yijian, 'moderator', QUEUE);
  await filterQueue(page, tag);
  await page.locator('#mod-list .mod-item', { hasText: receipt }).locator('.open').click();

  const other = await citizenPage(browser);
  await signIn(other, yijian, 'admin', QUEUE);
  await filterQueue(other, tag);
  await other.locator('#mod-list .mod-item', { hasText: receipt }).locator('.open').click();
  await other.locator('#detail-spam').click();
  await expect(other.locator('#mod-status')).toContainText('垃圾信息');

  await page.locator('#detail-publish').click();
  await expect(page.locator('#mod-status')).toContainText('已被他人处理');
  await expect(page.locator('#mod-status')).toContainText('垃圾信息');
  await expect(page.locator('#mod-list .mod-item', { hasText: receipt }).locator('.badge')).toHaveText(
    '垃圾信息',
  );
});

test('the queue pages through more than fifty comments with "load more"', async ({ page }) => {
  const tag = `分页${RUN}`;
  for (let n = 1; n <= 53; n++) {
    const res = await page.request.post(`/api/consultations/${ID}/comments`, {
      data: { articleId: 'art-9', stance: 'other', body: `${tag} 第${n}条`, publishName: false, lang: 'zh' },
    });
    expect(res.status()).toBe(202);
  }
  await signIn(page, yijian, 'moderator', QUEUE);
  await filterQueue(page, tag);
  const items = page.locator('#mod-list .mod-item');
  await expect(items).toHaveCount(50);
  // Newest first.
  await expect(items.first()).toContainText(`${tag} 第53条`);
  await page.locator('#load-more').click();
  await expect(items).toHaveCount(53);
  await expect(items.nth(50).locator('.open')).toBeFocused();
  await expect(items.last()).toContainText(`${tag} 第1条`);
  await expect(page.locator('#load-more')).toBeHidden();
});

test('staff pages are accessible in both languages, at 360 px too', async ({ page }) => {
  await signIn(page, yijian, 'admin');
  for (const path of [
    '/staff/',
    QUEUE,
    MANAGE,
    '/staff/consultations/',
    '/en/staff/',
    `/en${QUEUE}`,
    `/en${MANAGE}`,
  ]) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(path);
    await expect(page.locator('#staff-main')).toBeVisible();
    await expect(page.locator('#staff-main [aria-busy="true"]')).toHaveCount(0);
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await page.goto('/en/staff/');
  await expect(page.locator('#session-roles')).toContainText('Administrator');
});

test('a moderator cannot manage consultations; signing out ends the session', async ({ page }) => {
  await signIn(page, yijian, 'moderator', MANAGE);
  await expect(page.locator('#cons-problem')).toContainText('只有管理员');
  await page.goto('/staff/');
  await page.locator('#sign-out-everywhere').click();
  await expect(page.locator('#sign-in')).toBeFocused();
  expect((await page.request.get('/api/staff/me')).status()).toBe(401);
  // The issuer's own session must not sign the next person straight back in.
  await page.locator('#sign-in').click();
  await expect(page.locator('#password')).toBeVisible();
});

test('a drafting officer reads the queue without deciding, and reading contact details is audited', async ({
  page,
  browser,
}) => {
  const citizen = await citizenPage(browser);
  const tag = `联系${RUN}`;
  await citizen.goto(`${DRAFT}comment/?article=art-10`);
  await citizen.locator('input[name="stance"][value="oppose"]').check();
  await citizen.locator('#body').fill(`${tag} 意见`);
  await citizen.locator('#contact-email').fill('citizen@example.com');
  await citizen.locator('#submit').click();
  await expect(citizen.locator('#receipt')).not.toBeEmpty();

  await signIn(page, yijian, 'drafter', QUEUE);
  await expect(page.locator('#read-only-note')).toBeVisible();
  await expect(page.locator('#bulk-bar')).toBeHidden();
  await filterQueue(page, tag);
  await page.locator('#mod-list .mod-item .open').first().click();
  await expect(page.locator('#detail-text')).toContainText(tag);
  await expect(page.locator('#detail-publish')).toHaveCount(0);
  await expect(page.locator('#mod-list input[type="checkbox"]')).toHaveCount(0);
  await page.keyboard.press('p');
  await expect(page.locator('#mod-list .mod-item')).toHaveCount(1);
  await expect(page.locator('#detail-text')).not.toContainText('citizen@example.com');
  await page.locator('#detail-show-contact').click();
  await expect(page.locator('#detail-contact')).toContainText('citizen@example.com');
  await expect(page.locator('#detail-audit')).toContainText('查看联系方式');
  await expect(page.locator('#detail-audit')).toContainText('drafter');
  await expectAccessible(page);

  // A moderator decides but never sees contact details.
  const other = await citizenPage(browser);
  await signIn(other, yijian, 'moderator', QUEUE);
  await filterQueue(other, tag);
  await other.locator('#mod-list .mod-item .open').first().click();
  await expect(other.locator('#detail-publish')).toBeVisible();
  await expect(other.locator('#detail-show-contact')).toHaveCount(0);
});

test('an administrator registers a consultation for an imported draft; a short window needs a reason', async ({
  page,
}) => {
  await signIn(page, yijian, 'admin', '/staff/consultations/');
  const id = `e2e-${RUN}`;
  await page.locator('#r-id').fill(id);
  await expect(page.locator('#r-draft option[value="transit-safety"]')).toHaveCount(1);
  await page.locator('#r-draft').selectOption('transit-safety');
  await page.locator('#r-office').fill('transport');
  // Datetime inputs take Beijing time; ten days from tomorrow is under the 30-day norm.
  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  await page.locator('#r-opens').fill(`${day(1)}T09:00`);
  await page.locator('#r-closes').fill(`${day(11)}T17:00`);
  await expect(page.locator('#r-days')).toContainText('10.3');
  await expect(page.locator('#r-reason-field')).toBeVisible();
  await page.locator('#register-submit').click();
  await expect(page.locator('#register-errors')).toBeFocused();
  await expect(page.locator('#r-reason')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.locator('#r-reason').fill('上位法修改后须在施行前完成配套规章（e2e）');
  await page.locator('#register-submit').click();
  await expect(page).toHaveURL(new RegExp(`/staff/consultations/\\?c=${id}$`));
  await expect(page.locator('#cons-status')).toContainText('尚未开始');
  await expect(page.locator('#cons-opens')).toContainText(`${day(1)} 09:00`);
  await expect(page.locator('#cons-office')).toContainText('transport');

  // The office-scoped moderator of that office sees it; its queue knows the draft's articles.
  const moderator = await page.context().browser()?.newContext();
  const other = await moderator?.newPage();
  if (!other) throw new Error('no browser');
  await signIn(other, yijian, 'moderator-transport', `/staff/moderation/?c=${id}`);
  await expect(other.locator('#f-article option[value="art-5"]')).toHaveText('第五条');
});

test('an administrator closes the window early and the form refuses comments with the notice', async ({
  page,
  browser,
}) => {
  await signIn(page, yijian, 'admin', MANAGE);
  await expect(page.locator('#cons-status')).toContainText('征求意见中');
  await page.locator('#action-close-early').check();
  await expect(page.locator('#w-closes-field')).toBeHidden();
  // Without notices nothing is sent.
  await page.locator('#window-submit').click();
  await expect(page.locator('#window-errors')).toBeFocused();
  const zh = `因立法计划调整，本次征求意见提前截止（${RUN}）。`;
  const en = `The comment period closed early because the legislative plan changed (${RUN}).`;
  await page.locator('#w-notice-zh').fill(zh);
  await page.locator('#w-notice-en').fill(en);
  await page.locator('#window-submit').click();
  await expect(page.locator('#window-status')).toContainText('已保存');
  await expect(page.locator('#cons-status')).toContainText('已截止');
  await expect(page.locator('#cons-notices')).toContainText(zh);
  await expectAccessible(page);

  const citizen = await citizenPage(browser);
  await citizen.goto(DRAFT);
  await expect(citizen.locator('#consultation-notices')).toContainText(zh);
  await expect(citizen.locator('#closed-notice')).toContainText(zh);
  await expect(citizen.locator('#comment-whole')).toBeHidden();
  await citizen.goto(`/en${DRAFT}`);
  await expect(citizen.locator('#consultation-notices')).toContainText(en);
  await citizen.goto(`${DRAFT}comment/?article=art-5`);
  await expect(citizen.locator('#closed-notice')).toContainText(zh);
  await expect(citizen.locator('#submit')).toBeDisabled();
  const refused = await citizen.request.post(`/api/consultations/${ID}/comments`, {
    data: { stance: 'support', body: '截止后提交', publishName: false, lang: 'zh' },
  });
  expect(refused.status()).toBe(409);
});

/** Presses Tab until `selector` has the focus (a keyboard user's way there). */
async function tabTo(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector).first();
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
