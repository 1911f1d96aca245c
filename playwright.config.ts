import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 8690);

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the real `npm start`,
 * which the tests themselves start and restart (see test/e2e/support/yijian.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  // Submitting a comment includes the proof of work, which the form solves first (about a second on a
  // mid-range phone, several while the suite loads this 2-core machine), then the first write of a fresh
  // DynamoDB Local: 5 s was not always enough for the receipt to appear.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
});
