#!/usr/bin/env node
// The one test command: lint, unit and API suites (SQLite, and PostgreSQL when reachable),
// then the browser suite (when Chromium is installed). Says what it skipped and why, and
// ends with one line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const skipped = [];
const failedSteps = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(step, command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failedSteps.push(step);
  return result.status === 0;
}

async function postgresUrl() {
  const url = process.env.MAILROOM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch (error) {
    skipped.push(
      `PostgreSQL suites: no database at ${url.replace(/\/\/[^@]*@/, '//')} (${error.message})`,
    );
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

const reports = mkdtempSync(join(tmpdir(), 'mailroom-reports-'));

console.log('== lint: biome and tsc');
run('lint (biome ci)', 'npx', ['biome', 'ci', '.']);
run('type check (tsc)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);

const postgres = await postgresUrl();
console.log(`== unit and API tests on SQLite${postgres ? ' and PostgreSQL' : ''}`);
const vitestReport = join(reports, 'vitest.json');
run(
  'unit and API tests (vitest)',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  {
    ...(postgres && { MAILROOM_TEST_POSTGRES_URL: postgres }),
  },
);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  console.log('== browser tests in Chromium');
  run('browser app build (vite)', 'npm', ['run', 'build:web', '--silent']);
  const playwrightReport = join(reports, 'playwright.json');
  run('browser tests (playwright)', 'npx', ['playwright', 'test'], {
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    ...(postgres && { MAILROOM_TEST_POSTGRES_URL: postgres }),
  });
  if (existsSync(playwrightReport)) {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
} else {
  skipped.push(`browser tests: no Chromium at ${chromium} (apt-get install chromium)`);
}

for (const reason of skipped) console.log(`skipped: ${reason}`);
for (const step of failedSteps) console.log(`failed: ${step}`);
// A lint, type or build failure fails the run even when every test passed.
if (failedSteps.length > 0 && totals.failed === 0) totals.failed = 1;
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
