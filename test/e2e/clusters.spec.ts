import { expect, test } from '@playwright/test';
import { expectAccessible, runningYijian } from './support/pages.ts';
import { signIn } from './support/staff.ts';
import { SEEDED_THROUGH_THE_API } from './support/yijian.ts';

/**
 * Issue 9, tried as a new user would: the same letter pasted 500 times with small edits into the local stack
 * shows as one cluster of about 500 in the moderation queue, and a moderator publishes it in one action,
 * each comment audited on its own.
 */

const PORT = Number(process.env.E2E_PORT ?? 8690);
const ID = 'transit-safety-2026';
const QUEUE = `/staff/moderation/?c=${ID}`;
const yijian = runningYijian(PORT, SEEDED_THROUGH_THE_API);

const LETTER =
  '我是本市居民，长期乘坐地铁和公交车上下班。我支持草案第五条关于运营单位安全责任的规定，' +
  '但建议明确高峰时段站台限流的具体措施，并在车厢内增设紧急求助装置，定期公布安全检查结果，' +
  '让乘客能够及时了解公共交通的安全状况。希望有关部门认真考虑市民的意见。';
const OPENINGS = ['', '尊敬的立法部门：', '您好！', '各位领导：', '致市司法局：'];
const CLOSINGS = ['', '谢谢！', '此致敬礼。', '盼复。', '一位市民'];
const SWAPS: [string, string][] = [
  ['地铁和公交车', '公交车和地铁'],
  ['上下班', '通勤'],
  ['认真考虑', '充分考虑'],
  ['及时了解', '随时了解'],
  ['具体措施', '具体办法'],
];

/** Letter n: the same text with an opening, a closing, a word swapped and a number, as campaigns send. */
function letter(n: number): string {
  const [from, to] = SWAPS[n % SWAPS.length] ?? ['', ''];
  const body = n % 3 === 0 ? LETTER.replace(from, to) : LETTER;
  return `${OPENINGS[n % OPENINGS.length]}${body}${CLOSINGS[(n >> 2) % CLOSINGS.length]}（第${n}号）`;
}

const DISTINCT = [
  '建议第十二条增加对网约车平台的安全监管要求，明确平台对驾驶员背景审查的责任。',
  'The fines in article 30 are too low to deter operators who ignore safety inspections.',
  '希望在公交站台设置盲道和语音报站，方便视障人士出行。',
];

test('500 lightly edited copies of one letter show as one cluster of about 500, published in one action', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // Prepare: 500 letters and 3 distinct comments through the public API, each with its own key.
  const bodies = [...Array.from({ length: 500 }, (_, n) => letter(n + 1)), ...DISTINCT];
  const CONCURRENCY = 8;
  for (let i = 0; i < bodies.length; i += CONCURRENCY) {
    const statuses = await Promise.all(
      bodies.slice(i, i + CONCURRENCY).map(async (body, j) => {
        const res = await page.request.post(`/api/consultations/${ID}/comments`, {
          headers: { 'Idempotency-Key': `cluster-e2e-${i + j}` },
          data: { articleId: 'art-5', stance: 'suggest', body, publishName: false, lang: 'zh' },
        });
        return res.status();
      }),
    );
    expect(statuses.every((s) => s === 202)).toBe(true);
  }

  // Act: the moderator groups the queue by cluster.
  await signIn(page, yijian, 'moderator', QUEUE);
  await expect(page.locator('#mod-list .mod-item').first()).toBeVisible();
  const pendingBefore = Number(await page.locator('#count-pending').textContent());
  await page.locator('#group-clusters').check();
  const first = page.locator('#cluster-list .cluster-card').first();
  await expect(first).toBeVisible();

  // Assess: one cluster of about 500 (a few heavily edited copies may stand apart), the distinct ones alone.
  const size = Number(await first.getAttribute('data-size'));
  expect(size).toBeGreaterThanOrEqual(490);
  expect(size).toBeLessThanOrEqual(500);
  await expect(first.locator('.cluster-representative')).toContainText('站台限流');
  await expect(page.locator('#cluster-summary')).toContainText('条意见，合并相似意见后为');
  for (const text of DISTINCT)
    await expect(
      page.locator('#cluster-list .cluster-card').filter({ hasText: text.slice(0, 12) }),
    ).toHaveAttribute('data-size', '1');
  await expectAccessible(page);

  const clusterId = await first.getAttribute('data-cluster');
  // Act: publish the whole cluster with one click.
  await first.locator('button[data-action="publish"]').click();
  await expect(page.locator('#mod-status')).toContainText(`已处理 ${size} 条`, { timeout: 120_000 });

  // Assess: the cluster left the pending queue, the counts moved, and every comment has its own audit line.
  await expect(page.locator('#count-pending')).toHaveText(String(pendingBefore - size));
  await expect(page.locator('#cluster-list .cluster-card').first()).not.toHaveAttribute(
    'data-size',
    String(size),
  );
  const audit = await page.request.get(`/api/staff/consultations/${ID}/audit`);
  const entries = (
    (await audit.json()) as { items: { action: string; commentId?: string; clusterId?: string }[] }
  ).items;
  const clustered = entries.filter((e) => e.action === 'publish' && e.clusterId !== undefined);
  expect(clustered.length).toBe(50);
  expect(new Set(clustered.map((e) => e.commentId)).size).toBe(50);
  expect(clustered.every((e) => e.clusterId === clusterId)).toBe(true);
  const published = await page.request.get(`/api/consultations/${ID}/comments?article=art-5`);
  const items = ((await published.json()) as { items: { body: string }[] }).items;
  expect(items.some((c) => c.body.includes('站台限流'))).toBe(true);
});
