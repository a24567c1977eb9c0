import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/*
 * The browser suite: the real app on its embedded defaults (SQLite, built-in mailbox, demo
 * data) in a fresh data folder, driven through Debian's Chromium.
 */

// Another port lets two runs of the suite share one machine.
const port = Number(process.env.MAILROOM_E2E_PORT) || 3107;
const baseURL = `http://localhost:${port}`;

// Workers load this file again; they must use the folder the first load made.
process.env.MAILROOM_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'mailroom-e2e-'));

if (!existsSync('dist/web/index.html')) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 120_000,
  // Password hashing makes each sign-in take a moment, longer on a busy machine.
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'playwright-report/results.json' },
    ],
  ],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    locale: 'en-US',
    timezoneId: 'UTC',
  },
  projects: [
    { name: 'foundation', testMatch: 'foundation.spec.ts' },
    // The accessibility checks reuse the session the foundation test leaves behind.
    { name: 'a11y', testMatch: 'a11y.spec.ts', dependencies: ['foundation'] },
    // Account settings: each test signs in a group administrator of its own, added with the
    // operator's command line, so it needs nothing from the other projects.
    { name: 'accounts', testMatch: /accounts(-a11y)?\.spec\.ts$/ },
  ],
  webServer: {
    command: 'node --import tsx src/server/main.ts',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: process.env.MAILROOM_E2E_DATA_DIR,
      PUBLIC_URL: baseURL,
      // The embedded setup whatever the calling shell has set: SQLite, the built-in
      // mailbox that the test reads the temporary password from, and the demo data.
      DATABASE_URL: '',
      SMTP_URL: '',
      SECRET_KEY: '',
      DEMO_DATA: 'true',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
  },
});
