import { expect, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';

// Its own port, so that it can run beside the main e2e suite.
const yijian = runningYijian(Number(process.env.E2E_PORT ?? 8690) + 100);
const DRAFT = '/consultations/transit-safety-2026/';
const url = (path: string) => `${yijian.baseUrl}${path}`;

test('the draft page shows the second draft and marks it as the current version', async ({ page }) => {
  await page.goto(url(DRAFT));
  await expect(page.locator('h1')).toContainText('第二次征求意见稿');
  const current = page.locator('#versions a[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('第二次征求意见稿');
  await expect(page.locator('#version-1')).not.toHaveAttribute('aria-current', /.*/);
  await expect(page.locator('#art-5')).toContainText('第五条');
});

test('the version switcher leads to the first draft, read-only', async ({ page }) => {
  await page.goto(url(DRAFT));
  await page.locator('#version-1').click();
  await expect(page).toHaveURL(url(`${DRAFT}versions/1/`));
  await expect(page.locator('#old-version-banner')).toContainText('这是旧版本');
  await expect(page.locator('#versions a[aria-current="page"]')).toContainText('第一次征求意见稿');
  // The first draft as published: 55 articles, article 47 still there, and nothing to comment with.
  await expect(page.locator('#draft-text article.article')).toHaveCount(55);
  await expect(page.locator('#art-47')).toContainText('从其规定');
  await expect(page.locator('[data-comment-action]')).toHaveCount(0);
  await expect(page.locator('a[href*="/comment/"]')).toHaveCount(0);
  await expect(page.locator('.change-badge')).toHaveCount(0);
  await expectAccessible(page);

  await page.locator('#view-current').click();
  await expect(page).toHaveURL(url(DRAFT));
  await expect(page.locator('#comment-art-5')).toHaveCount(1);
});

test('a changed article on the draft page links to its entry on the changes page', async ({ page }) => {
  await page.goto(url(DRAFT));
  await expect(page.locator('#art-15 .change-badge')).toContainText('新增');
  await expect(page.locator('#art-16 .change-badge')).toHaveCount(0); // only renumbered
  const badge = page.locator('#art-5 .change-badge');
  await expect(badge).toContainText('本版修改');
  await badge.click();
  await expect(page).toHaveURL(url(`${DRAFT}changes/#change-art-5`));
  await expect(page.locator('#change-art-5')).toBeInViewport();
});

test('the changes page lists modified, renumbered, inserted and deleted articles', async ({ page }) => {
  await page.goto(url(`${DRAFT}changes/`));
  await expect(page.locator('h1')).toContainText('第二次征求意见稿修改情况');
  await expect(page.locator('#change-summary [data-kind="modified"] dd')).toHaveText('12 条');
  await expect(page.locator('#unchanged-count')).toHaveText('其余 14 条未修改');

  const art5 = page.locator('#change-art-5');
  await expect(art5).toHaveAttribute('data-kind', 'modified');
  await expect(art5.locator('.label-old')).toHaveText('第五条');
  await expect(art5.locator('.label-new')).toHaveText('第五条');
  await expect(art5.locator('ins').first()).toContainText('区交通运输主管部门');
  await expect(art5.locator('del').first()).toContainText('有关');
  // Insertions and deletions are announced in words, not by colour alone.
  await expect(art5.locator('ins .visually-hidden').first()).toHaveText('插入：');
  await expect(art5.locator('del .visually-hidden').first()).toHaveText('删除：');
  await expect(art5.getByRole('link', { name: '在第二次征求意见稿中查看第五条' })).toHaveAttribute(
    'href',
    `${DRAFT}#art-5`,
  );
  await expect(art5.getByRole('link', { name: '在第一次征求意见稿中查看原第五条' })).toHaveAttribute(
    'href',
    `${DRAFT}versions/1/#art-5`,
  );

  const renumbered = page.locator('#change-art-23');
  await expect(renumbered).toHaveAttribute('data-kind', 'renumbered');
  await expect(renumbered.locator('.label-old')).toHaveText('第二十二条');
  await expect(renumbered.locator('.label-new')).toHaveText('第二十三条');

  const moved = page.locator('#change-art-22');
  await expect(moved).toContainText('原第十七条');
  await expect(moved).toContainText('位置调整');

  const inserted = page.locator('#change-art-15');
  await expect(inserted).toHaveAttribute('data-kind', 'inserted');
  await expect(inserted).toContainText('拒绝驾驶');

  const deleted = page.locator('#change-old-art-47');
  await expect(deleted).toHaveAttribute('data-kind', 'deleted');
  await expect(deleted.locator('del')).toContainText('从其规定');

  await expect(page.locator('#change-art-30')).toHaveAttribute('data-kind', 'split');
  await expect(page.locator('#change-art-54')).toHaveAttribute('data-kind', 'merged');
  // Entries follow the new reading order.
  const order = await page.locator('#changes > li.change').evaluateAll((items) => items.map((li) => li.id));
  expect(order.indexOf('change-art-5')).toBeLessThan(order.indexOf('change-art-15'));
  expect(order.indexOf('change-art-15')).toBeLessThan(order.indexOf('change-old-art-47'));
  await expectAccessible(page);
});

test('the English changes page compares the English texts', async ({ page }) => {
  await page.goto(url(`/en${DRAFT}changes/`));
  const art33 = page.locator('#change-art-33');
  await expect(art33).toHaveAttribute('data-kind', 'modified');
  await expect(art33.locator('.label-old')).toHaveText('Article 31');
  await expect(art33.locator('.label-new')).toHaveText('Article 33');
  await expect(art33.locator('ins').first()).toBeVisible();
  await expect(art33.locator('del').first()).toBeVisible();
  await expectAccessible(page);
});

test('the changes page fits a 360 px phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(url(`${DRAFT}changes/`));
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
});
