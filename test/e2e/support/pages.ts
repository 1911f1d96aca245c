import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { Yijian } from './yijian.ts';

/** Fails with the list of WCAG 2.1 A/AA violations axe finds on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** A real `npm start` on its own port for the tests of one file, which then run in order. */
export function runningYijian(port: number, env: Readonly<Record<string, string>> = {}): Yijian {
  const yijian = new Yijian(port, undefined, env);
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await yijian.start();
  });
  test.afterAll(async () => {
    await yijian.stop();
  });
  return yijian;
}
