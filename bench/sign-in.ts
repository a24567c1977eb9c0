/**
 * Sign-in benchmark: what a password sign-in costs beyond its argon2id hash, and whether the
 * server stays responsive while sign-ins saturate it.
 *
 *   node --import tsx bench/sign-in.ts
 *
 * On SQLite, in one process, it measures:
 *   1. CPU time (process.cpuUsage, all threads) of SIGN_IN_BENCH_COUNT sequential sign-ins
 *      through app.inject, after SIGN_IN_BENCH_WARM_UP (default 300) to reach a running
 *      server's state, alternating with as many bare argon2id verifies with the same
 *      parameters; and the event loop thread's own share. Target: sign-in / verify <= 1.10.
 *   2. Sign-ins per second at saturation: SIGN_IN_BENCH_CONCURRENCY clients (default 8)
 *      against the server listening on 127.0.0.1 for SIGN_IN_BENCH_SECONDS (default 8),
 *      next to the ceiling of (hashing cores / one hash's time).
 *   3. /healthz p99 latency idle, and during that saturation. Target: <= 2x idle.
 * Prints a Markdown section for docs/benchmarks.md. The clients share the server's
 * process, as a reverse proxy would not; their cost is small next to a hash.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { buildApp } from '../src/server/app.ts';
import { ARGON2_OPTIONS, hashPassword, verifyPassword } from '../src/server/auth/passwords.ts';
import { createAccount, createOrganization } from '../src/server/testing/fixtures.ts';
import { createTestContext } from '../src/server/testing/harness.ts';

const COUNT = Number(process.env.SIGN_IN_BENCH_COUNT ?? 100);
const WARM_UP = Number(process.env.SIGN_IN_BENCH_WARM_UP ?? 300);
const CONCURRENCY = Number(process.env.SIGN_IN_BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.SIGN_IN_BENCH_SECONDS ?? 8);
const HEALTH_SAMPLES_IDLE = 400;
const PASSWORD = 'benchmark-harbor-lantern-7';

function cpuMilliseconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** CPU time of the event loop's thread alone (Linux), or NaN where the kernel does not say. */
function eventLoopThreadMilliseconds(): number {
  try {
    const schedstat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
    return Number(schedstat.split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const test = await createTestContext('sqlite', { SIGN_IN_RATE_LIMIT: '100000' });
const app = await buildApp(test.ctx);
try {
  const organization = await createOrganization(test.ctx);
  const account = await createAccount(test.ctx, {
    organizationId: organization.id,
    password: PASSWORD,
  });
  const passwordHash = await hashPassword(PASSWORD);
  // What a browser sends to sign in: the same-origin header and a JSON body, without a
  // session yet. The answer's cookie is not parsed: a browser's cost, not the server's.
  const signIn = () =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'accept-language': 'en', 'sec-fetch-site': 'same-origin' },
      payload: { email: account.email, password: PASSWORD },
    });

  // Warm up as a running server is: JIT-compiled code, prepared statements, the thread pool.
  for (let round = 0; round < WARM_UP; round++) {
    const response = await signIn();
    if (response.statusCode !== 200) throw new Error(`sign-in answered ${response.statusCode}`);
  }
  for (let round = 0; round < 5; round++) await verifyPassword(passwordHash, PASSWORD);

  // 1. CPU per sign-in next to CPU per bare verify, alternating one by one so that the
  // machine's drift (other work on the same cores slows the memory-bound hash) falls on both.
  // The event loop's own share is read from the kernel's account of the main thread.
  let signInCpu = 0;
  let verifyCpu = 0;
  let signInLoop = 0;
  let verifyLoop = 0;
  const hashTimes: number[] = [];
  for (let index = 0; index < COUNT; index++) {
    let since = process.cpuUsage();
    let loopSince = eventLoopThreadMilliseconds();
    const response = await signIn();
    signInCpu += cpuMilliseconds(since);
    signInLoop += eventLoopThreadMilliseconds() - loopSince;
    if (response.statusCode !== 200) throw new Error(`sign-in answered ${response.statusCode}`);

    since = process.cpuUsage();
    loopSince = eventLoopThreadMilliseconds();
    hashTimes.push(await timed(() => verifyPassword(passwordHash, PASSWORD)));
    verifyCpu += cpuMilliseconds(since);
    verifyLoop += eventLoopThreadMilliseconds() - loopSince;
  }
  const cpuRatio = signInCpu / verifyCpu;
  const hashMilliseconds = percentile(hashTimes, 0.5);

  // 3a. /healthz idle.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const health = () => fetch(`${base}/healthz`).then((response) => response.arrayBuffer());
  const idle: number[] = [];
  for (let index = 0; index < HEALTH_SAMPLES_IDLE; index++) idle.push(await timed(health));

  // 2 and 3b. Saturation, with /healthz probed one request at a time alongside.
  const origin = test.ctx.config.publicUrl.origin;
  let signIns = 0;
  const failures: number[] = [];
  // One account per client, as many people signing in at once: a single login with five
  // attempts in flight would be throttled, which is the point of throttling.
  const accounts = await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      createAccount(test.ctx, { organizationId: organization.id, password: PASSWORD }),
    ),
  );
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async (email: string) => {
    while (performance.now() < deadline) {
      const response = await fetch(`${base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      await response.arrayBuffer();
      if (response.status === 200) signIns += 1;
      else failures.push(response.status);
    }
  };
  const busy: number[] = [];
  const prober = async () => {
    while (performance.now() < deadline) busy.push(await timed(health));
  };
  const started = performance.now();
  await Promise.all([...accounts.map((each) => worker(each.email)), prober()]);
  const elapsedSeconds = (performance.now() - started) / 1000;
  if (failures.length > 0) throw new Error(`sign-ins failed under load: ${failures.join(' ')}`);

  const cores = availableParallelism();
  const perSecond = signIns / elapsedSeconds;
  // The server hashes on all cores but one (passwords.ts).
  const hashSlots = Math.max(1, cores - 1);
  const ceiling = hashSlots / (hashMilliseconds / 1000);
  const idleP99 = percentile(idle, 0.99);
  const busyP99 = percentile(busy, 0.99);
  const { memoryCost, timeCost, parallelism } = ARGON2_OPTIONS;

  console.log(`## Sign-in

Measured ${new Date().toISOString().slice(0, 10)} with \`node --import tsx bench/sign-in.ts\` on
${cores} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, SQLite; argon2id
m=${memoryCost}, t=${timeCost}, p=${parallelism}.

| measure | result | target |
| --- | --- | --- |
| CPU per password sign-in / CPU per bare argon2id verify (${COUNT} each) | ${(signInCpu / COUNT).toFixed(1)} ms / ${(verifyCpu / COUNT).toFixed(1)} ms = **${cpuRatio.toFixed(2)}** | <= 1.10 |
| of which on the event loop's thread | ${(signInLoop / COUNT).toFixed(2)} ms / ${(verifyLoop / COUNT).toFixed(2)} ms | |
| one verify, wall time (median) | ${hashMilliseconds.toFixed(1)} ms | |
| sign-ins per second, ${CONCURRENCY} clients for ${SECONDS} s | **${perSecond.toFixed(1)}** (${signIns} sign-ins) | ceiling ${hashSlots} hashing cores / hash time = ${ceiling.toFixed(1)} |
| /healthz p99 idle (${idle.length} requests) | ${idleP99.toFixed(2)} ms | |
| /healthz p99 during saturation (${busy.length} requests) | ${busyP99.toFixed(2)} ms = **${(busyP99 / idleP99).toFixed(2)}x** idle | <= 2x |
`);
} finally {
  await app.close();
  await test.close();
}
