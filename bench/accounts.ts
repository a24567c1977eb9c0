/**
 * Account list benchmark: whether a page of the account list costs the same however many
 * accounts an organization has and however deep the page is, and whether the CSV export
 * streams in flat memory.
 *
 *   node --import tsx bench/accounts.ts
 *   MAILROOM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/accounts.ts
 *
 * On SQLite, and on PostgreSQL when MAILROOM_TEST_POSTGRES_URL is set (a scratch database is
 * created and dropped), it fills one organization with 100,000 accounts, one with 10,000,
 * one with 1,000, and 89 more with 1,000 each (so 100,000 accounts in other organizations),
 * inserted in batches with one fixed password hash. Then, through the list service, with
 * the two queries compared called in turns, p99 taken as the median of nine rounds' p99s:
 *   1. first page p99, 1,000 vs 100,000 accounts, for each sort. Target: ratio <= 1.3.
 *   2. last page vs first page of 100,000 (a cursor near the end). Target: <= 1.3.
 *   3. search by email prefix (10 matches), 1,000 vs 100,000. Target: <= 1.3.
 * And through the HTTP app listening on 127.0.0.1:
 *   4. the CSV export of 10,000 and of 100,000 accounts: time, and the peak growth of the
 *      JavaScript heap and of the resident set during it. Target: flat (growth of 100,000
 *      within 1.5x of 10,000's).
 * It prints the query plans of a first and a deep page and a Markdown section for
 * docs/benchmarks.md. Bounded: it stops with an error after BENCH_LIMIT_MINUTES (default 15).
 */
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CompiledQuery } from 'kysely';
import {
  type AccountFilter,
  type AccountSort,
  accountPageQuery,
  listAccounts,
} from '../src/server/accounts/account-list.ts';
import { buildApp } from '../src/server/app.ts';
import { DUMMY_HASH } from '../src/server/auth/passwords.ts';
import { systemClock } from '../src/server/clock.ts';
import type { AppContext } from '../src/server/context.ts';
import { randomToken, sha256 } from '../src/server/crypto.ts';
import type { AccountTable } from '../src/server/db/schema.ts';
import { newId } from '../src/server/ids.ts';
import { createTestContext } from '../src/server/testing/harness.ts';

// ACCOUNT_BENCH_SCALE=0.1 runs the same measurements on a tenth of the accounts, quickly.
const SCALE = Number(process.env.ACCOUNT_BENCH_SCALE ?? 1);
const BIG = Math.round(100_000 * SCALE);
const MEDIUM = Math.round(10_000 * SCALE);
const SMALL = 1_000;
const OTHER_ORGANIZATIONS = Math.round(89 * SCALE);
const BATCH = 500;
const ROUNDS = 9;
// A page takes well under a millisecond, so a p99 of few calls is one garbage collection
// pause or one scheduler hiccup; a thousand calls a round spread those over both sides.
const RUNS = Number(process.env.ACCOUNT_BENCH_RUNS ?? 1000);
const WARM_UP = 30;
const PAGE = 50;
const LIMIT_MS = Number(process.env.BENCH_LIMIT_MINUTES ?? 15) * 60_000;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const deadline = Date.now() + LIMIT_MS;
function checkDeadline(): void {
  if (Date.now() > deadline) throw new Error(`benchmark exceeded ${LIMIT_MS / 60_000} minutes`);
}

const SURNAMES = ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Ito', 'Smith', 'Garcia', 'Müller'];
const GIVEN = ['Aoi', 'Haruto', 'Yui', 'Ren', 'Emma', 'Liam', 'Noah', 'Mia', 'Sora', 'Kenji'];

/** A fixed pseudo-random sequence (mulberry32), so every run inserts the same accounts. */
function* sequence(seed: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    yield (mixed ^ (mixed >>> 14)) >>> 0;
  }
}

async function insertOrganization(ctx: AppContext, tag: string): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('organizations')
    .values({
      id,
      clientNumber: `CL-${tag}`,
      name: `Organization ${tag}`,
      plan: 'pro',
      virusCheckOption: true,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

/** `count` accounts `user000000@<tag>.example` ... in batches, one transaction per 20. */
async function insertAccounts(
  ctx: AppContext,
  organizationId: string,
  tag: string,
  count: number,
): Promise<void> {
  const random = sequence(count + tag.length);
  const next = () => random.next().value as number;
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const now = new Date().toISOString();
  const roles = ['service_user', 'report_viewer', 'accountant'] as const;

  const rows: AccountTable[] = [];
  for (let index = 0; index < count; index++) {
    const signedIn = next() % 10 < 7;
    rows.push({
      id: newId(),
      organizationId,
      email: `user${String(index).padStart(6, '0')}@${tag}.example`,
      name: `${SURNAMES[next() % SURNAMES.length]} ${GIVEN[next() % GIVEN.length]} ${index}`,
      role: roles[next() % roles.length] ?? 'service_user',
      language: next() % 2 === 0 ? 'en' : 'ja',
      timeZone: 'Asia/Tokyo',
      passwordHash: DUMMY_HASH,
      passwordTemporary: false,
      passwordExpiresAt: null,
      totpEnabled: false,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
      deliveryReport: true,
      virusAlert: false,
      locked: next() % 50 === 0,
      lastSignInAt: signedIn ? new Date(base + (next() % 28_000_000) * 1000).toISOString() : null,
      createdAt: now,
      updatedAt: now,
    });
  }
  for (let start = 0; start < rows.length; start += BATCH * 20) {
    checkDeadline();
    await ctx.db.transaction().execute(async (trx) => {
      for (let batch = start; batch < Math.min(start + BATCH * 20, rows.length); batch += BATCH) {
        await trx
          .insertInto('accounts')
          .values(rows.slice(batch, batch + BATCH))
          .execute();
      }
    });
  }
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

interface Latency {
  p50: number;
  p99: number;
}

/**
 * p50 and p99 in milliseconds of two queries, called in turns so that the load of other
 * processes weighs on both alike: ROUNDS rounds of RUNS calls each after WARM_UP unmeasured
 * ones. The p99 is the median of the rounds' p99s, so that one burst of another process's
 * work on a shared machine does not decide the figure; the p50 is over every call.
 */
async function timePair(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
): Promise<[Latency, Latency]> {
  for (let index = 0; index < WARM_UP; index++) {
    await first();
    await second();
  }
  const all: [number[], number[]] = [[], []];
  const roundP99s: [number[], number[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    const samples: [number[], number[]] = [[], []];
    for (let index = 0; index < RUNS; index++) {
      for (const [which, run] of [first, second].entries()) {
        const start = process.hrtime.bigint();
        await run();
        samples[which]?.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    for (const which of [0, 1] as const) {
      all[which].push(...samples[which]);
      roundP99s[which].push(percentile(samples[which], 0.99));
    }
    checkDeadline();
  }
  const latency = (which: 0 | 1) => ({
    p50: percentile(all[which], 0.5),
    p99: percentile(roundP99s[which], 0.5),
  });
  return [latency(0), latency(1)];
}

/** `0.62 / 1.95`: p50 and p99 in milliseconds. */
const ms = (latency: Latency) => `${latency.p50.toFixed(2)} / ${latency.p99.toFixed(2)}`;

const filterBy = (sort: AccountSort, q?: string): AccountFilter => ({ sort, order: 'asc', q });

/** The cursor that opens the last page, found by walking the whole list page by page. */
async function lastPageCursor(
  ctx: AppContext,
  organizationId: string,
  filter: AccountFilter,
): Promise<{ cursor: string; seen: number }> {
  let seen = 0;
  let cursor: string | undefined;
  let opening: string | undefined;
  do {
    const page = await listAccounts(ctx, organizationId, filter, { after: cursor }, PAGE);
    seen += page.accounts.length;
    opening = cursor;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (!opening) throw new Error('the list has a single page');
  return { cursor: opening, seen };
}

async function explain(ctx: AppContext, compiled: CompiledQuery): Promise<string> {
  if (ctx.dialect === 'sqlite') {
    const plan = await ctx.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    return plan.rows.map((row) => row.detail).join('; ');
  }
  const plan = await ctx.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
  );
  // The nodes and their index conditions; costs and literal ids only make the line long.
  return plan.rows
    .map((row) => row['QUERY PLAN'].trim().replace(/\s*\(cost=[^)]*\)/, ''))
    .filter((line) => /Scan|Append|Sort Key|Index Cond/.test(line))
    .map((line) => line.replace(/'[0-9a-f-]{36}'::text/g, '?').replace(/^->\s*/, ''))
    .join(' / ');
}

interface CsvRun {
  seconds: number;
  bytes: number;
  /** The largest live heap seen, after a collection, above the one before the export. */
  liveHeapGrowthMiB: number;
  rssGrowthMiB: number;
}

const MEBIBYTE = 1024 * 1024;

/** Downloads the CSV over HTTP as a browser would; returns its size and the time taken. */
async function download(url: string, cookie: string): Promise<{ seconds: number; bytes: number }> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok || !response.body) throw new Error(`CSV export answered ${response.status}`);
  let bytes = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes };
}

/**
 * Times one download, then downloads again while collecting garbage every 100 ms and
 * recording the heap that survives: what the export holds, not what it has yet to free.
 */
async function exportCsv(url: string, cookie: string): Promise<CsvRun> {
  const { seconds, bytes } = await download(url, cookie);

  collectGarbage();
  const baseline = process.memoryUsage();
  let liveHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sampler = setInterval(() => {
    collectGarbage();
    const usage = process.memoryUsage();
    liveHeap = Math.max(liveHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 100);
  try {
    await download(url, cookie);
  } finally {
    clearInterval(sampler);
  }
  return {
    seconds,
    bytes,
    liveHeapGrowthMiB: (liveHeap - baseline.heapUsed) / MEBIBYTE,
    rssGrowthMiB: (peakRss - baseline.rss) / MEBIBYTE,
  };
}

/** A session for a group administrator of the organization, straight in the database. */
async function groupAdminSession(ctx: AppContext, organizationId: string, tag: string) {
  const accountId = newId();
  const now = new Date();
  await ctx.db
    .insertInto('accounts')
    .values({
      id: accountId,
      organizationId,
      email: `admin@${tag}.example`,
      name: 'Bench Admin',
      role: 'group_admin',
      language: 'en',
      timeZone: 'Asia/Tokyo',
      passwordHash: DUMMY_HASH,
      passwordTemporary: false,
      passwordExpiresAt: null,
      totpEnabled: false,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
      deliveryReport: false,
      virusAlert: false,
      locked: false,
      lastSignInAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .execute();
  const token = randomToken();
  await ctx.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      accountId,
      stage: 'active',
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      clientAddress: null,
    })
    .execute();
  return `mailroom_session=${token}`;
}

interface Figures {
  kind: string;
  fillSeconds: number;
  rows: string[];
  csv: string[];
  plans: string[];
  failures: string[];
}

async function measure(kind: 'sqlite' | 'postgres'): Promise<Figures> {
  const test = await createTestContext(kind, { LOG_LEVEL: 'silent' });
  const ctx: AppContext = { ...test.ctx, clock: systemClock };
  const figures: Figures = { kind, fillSeconds: 0, rows: [], csv: [], plans: [], failures: [] };
  const check = (what: string, ratio: number, limit: number) => {
    if (ratio > limit)
      figures.failures.push(`${kind}: ${what} ratio ${ratio.toFixed(2)} > ${limit}`);
  };
  try {
    const fillStart = Date.now();
    const big = await insertOrganization(ctx, 'big');
    const medium = await insertOrganization(ctx, 'medium');
    const small = await insertOrganization(ctx, 'small');
    await insertAccounts(ctx, big, 'big', BIG);
    await insertAccounts(ctx, medium, 'medium', MEDIUM);
    await insertAccounts(ctx, small, 'small', SMALL);
    for (let index = 0; index < OTHER_ORGANIZATIONS; index++) {
      const tag = `other${index}`;
      await insertAccounts(ctx, await insertOrganization(ctx, tag), tag, SMALL);
    }
    figures.fillSeconds = (Date.now() - fillStart) / 1000;
    process.stderr.write(`${kind}: ${BIG * 2 + MEDIUM} accounts in ${figures.fillSeconds} s\n`);

    for (const sort of ['email', 'name', 'lastSignInAt'] as const) {
      const filter = filterBy(sort);
      const [smallFirst, bigFirst] = await timePair(
        () => listAccounts(ctx, small, filter, {}, PAGE),
        () => listAccounts(ctx, big, filter, {}, PAGE),
      );
      const { cursor, seen } = await lastPageCursor(ctx, big, filter);
      if (seen !== BIG) figures.failures.push(`${kind}: walking by ${sort} saw ${seen} accounts`);
      const [, bigLast] = await timePair(
        () => listAccounts(ctx, big, filter, {}, PAGE),
        () => listAccounts(ctx, big, filter, { after: cursor }, PAGE),
      );
      const sizeRatio = bigFirst.p99 / smallFirst.p99;
      const depthRatio = bigLast.p99 / bigFirst.p99;
      check(`first page by ${sort}, 100,000 vs 1,000`, sizeRatio, 1.3);
      check(`last vs first page by ${sort}`, depthRatio, 1.3);
      figures.rows.push(
        `| ${kind} | by ${sort} | ${ms(smallFirst)} | ${ms(bigFirst)} | ${sizeRatio.toFixed(2)} | ${ms(bigLast)} | ${depthRatio.toFixed(2)} |`,
      );
      process.stderr.write(`${figures.rows.at(-1)}\n`);
    }

    const search = filterBy('email', 'user00042');
    const [smallSearch, bigSearch] = await timePair(
      () => listAccounts(ctx, small, search, {}, PAGE),
      () => listAccounts(ctx, big, search, {}, PAGE),
    );
    const found = await listAccounts(ctx, big, search, {}, PAGE);
    if (found.accounts.length !== 10)
      figures.failures.push(`${kind}: search found ${found.accounts.length}`);
    const searchRatio = bigSearch.p99 / smallSearch.p99;
    check('email prefix search, 100,000 vs 1,000', searchRatio, 1.3);
    figures.rows.push(
      `| ${kind} | email prefix (10 matches) | ${ms(smallSearch)} | ${ms(bigSearch)} | ${searchRatio.toFixed(2)} | | |`,
    );

    const deep = { value: 'user099950@big.example', id: '' };
    const lateSignIn = { value: '2026-11-20T00:00:00.000Z', id: '' };
    for (const [label, filter, position] of [
      ['first page by email', filterBy('email'), undefined],
      ['deep page by email', filterBy('email'), deep],
      ['first page by last sign-in', filterBy('lastSignInAt'), undefined],
      ['deep page by last sign-in', filterBy('lastSignInAt'), lateSignIn],
      ['email or name prefix', search, undefined],
    ] as const) {
      const compiled = accountPageQuery(ctx, big, filter, position, false, PAGE + 1).compile();
      figures.plans.push(`- ${label}: \`${await explain(ctx, compiled)}\``);
    }

    const app = await buildApp(ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const runs: CsvRun[] = [];
      for (const [organizationId, tag, count] of [
        [medium, 'medium', MEDIUM],
        [big, 'big', BIG],
      ] as const) {
        const cookie = await groupAdminSession(ctx, organizationId, tag);
        const run = await exportCsv(`http://127.0.0.1:${port}/api/accounts.csv`, cookie);
        runs.push(run);
        figures.csv.push(
          `| ${kind} | ${count.toLocaleString('en')} | ${run.seconds.toFixed(2)} | ${(run.bytes / MEBIBYTE).toFixed(1)} MiB | ${run.liveHeapGrowthMiB.toFixed(1)} MiB | ${run.rssGrowthMiB.toFixed(1)} MiB |`,
        );
        process.stderr.write(`${figures.csv.at(-1)}\n`);
        checkDeadline();
      }
      const [small10k, big100k] = runs;
      if (small10k && big100k) {
        // Growth under 4 MiB is within what one batch of rows and the sockets hold anyway.
        const heapRatio =
          Math.max(big100k.liveHeapGrowthMiB, 4) / Math.max(small10k.liveHeapGrowthMiB, 4);
        check('CSV live heap growth, 100,000 vs 10,000', heapRatio, 1.5);
      }
    } finally {
      await app.close();
    }
  } finally {
    await test.close();
  }
  return figures;
}

const kinds: Array<'sqlite' | 'postgres'> = process.env.MAILROOM_TEST_POSTGRES_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];
const results: Figures[] = [];
for (const kind of kinds) results.push(await measure(kind));

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const lines = [
  '## Account list',
  '',
  `Measured ${date} on ${availableParallelism()} CPUs (${cpu}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the end.`,
  '',
  `Milliseconds, p50 / p99 (the p99 is the median of ${ROUNDS} rounds of ${RUNS.toLocaleString('en-US')} calls); ratios of p99s.`,
  '',
  '| database | page | 1,000 accounts | 100,000 accounts | ratio | last page of 100,000 | last / first |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...results.flatMap((result) => result.rows),
  '',
  '| database | accounts exported | seconds | file | live heap peak growth | RSS peak growth |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.flatMap((result) => result.csv),
  '',
  'Query plans (100,000 accounts):',
  '',
  ...results.flatMap((result) => [`${result.kind}:`, '', ...result.plans, '']),
  `Filling took ${results.map((result) => `${result.fillSeconds.toFixed(0)} s on ${result.kind}`).join(', ')}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const failures = results.flatMap((result) => result.failures);
if (failures.length > 0) {
  process.stderr.write(`targets missed:\n${failures.join('\n')}\n`);
  process.exitCode = 1;
}
