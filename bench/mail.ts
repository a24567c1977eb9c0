/**
 * Mail benchmark: how fast one mail worker moves the outbox to an SMTP server.
 *
 *   node --import tsx bench/mail.ts
 *   MAILROOM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/mail.ts
 *
 * On SQLite, and on PostgreSQL when MAILROOM_TEST_POSTGRES_URL is set (a scratch database is
 * created and dropped), it measures two things against an SMTP server on 127.0.0.1:
 *   - a burst: MAIL_BENCH_COUNT mails (default 2,000) queued, then one worker started;
 *     mails per second from queue to server, and each mail's delay from queued to received;
 *   - a trickle: mails queued one by one at a steady rate while the worker polls every
 *     second, as in production; the delay from queued to received.
 * Prints a Markdown section for docs/benchmarks.md. Bounded: each phase stops after 2 min.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/server/clock.ts';
import type { AppContext } from '../src/server/context.ts';
import { enqueueMail, type OutgoingMail } from '../src/server/mail/outbox.ts';
import { MailWorker } from '../src/server/mail/worker.ts';
import { createTestContext } from '../src/server/testing/harness.ts';

const BURST = Number(process.env.MAIL_BENCH_COUNT ?? 2000);
const TRICKLE = 300;
const TRICKLE_PER_SECOND = 50;
const PHASE_LIMIT_MS = 120_000;

interface BurstResult {
  enqueuePerSecond: number;
  sentPerSecond: number;
  delays: number[];
}

/** Arrival times by recipient; the sink does not parse, so as not to compete for the CPU. */
interface Sink {
  url: string;
  arrivals: Map<string, number>;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const arrivals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        for (const recipient of session.envelope.rcptTo)
          arrivals.set(recipient.address, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function mail(index: number, phase: string): OutgoingMail {
  return {
    dedupeKey: `bench:${phase}:${index}`,
    to: `${phase}-${index}@bench.test`,
    language: index % 2 === 0 ? 'en' : 'ja',
    timeZone: 'Asia/Tokyo',
    content: {
      template: 'temporary_password',
      params: {
        name: `Bench Account ${index}`,
        temporaryPassword: `bench-password-${index}`,
        expiresAt: new Date(Date.now() + 72 * 3600_000).toISOString(),
        organizationName: 'Bench Trading',
      },
    },
  };
}

/** Resolves when the sink has received `count` mails; rejects after the phase limit. */
function received(sink: Sink, count: number): Promise<void> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (sink.arrivals.size >= count) return resolve();
      if (Date.now() > deadline) {
        return reject(new Error(`only ${sink.arrivals.size} of ${count} mails arrived`));
      }
      setTimeout(check, 5);
    };
    check();
  });
}

function delaysOf(sink: Sink, queuedAt: Map<string, number>): number[] {
  return [...sink.arrivals].map(([recipient, at]) => at - (queuedAt.get(recipient) ?? at));
}

async function burst(ctx: AppContext): Promise<BurstResult> {
  const sink = await startSink();
  const queuedAt = new Map<string, number>();

  const enqueueStart = performance.now();
  for (let index = 0; index < BURST; index++) {
    const next = mail(index, 'burst');
    await ctx.db.transaction().execute((trx) => enqueueMail(ctx, trx, next));
    queuedAt.set(next.to, Date.now());
  }
  const enqueueSeconds = (performance.now() - enqueueStart) / 1000;

  const worker = new MailWorker(ctx, { smtpUrl: sink.url });
  const start = Date.now();
  worker.start();
  try {
    await received(sink, BURST);
  } finally {
    await worker.stop();
    await sink.close();
  }
  const last = Math.max(...sink.arrivals.values());
  return {
    enqueuePerSecond: BURST / enqueueSeconds,
    sentPerSecond: BURST / ((last - start) / 1000),
    delays: delaysOf(sink, queuedAt),
  };
}

async function trickle(ctx: AppContext): Promise<number[]> {
  const sink = await startSink();
  const queuedAt = new Map<string, number>();
  const worker = new MailWorker(ctx, { smtpUrl: sink.url, pollIntervalMs: 1000 });
  worker.start();
  try {
    for (let index = 0; index < TRICKLE; index++) {
      const next = mail(index, 'trickle');
      await ctx.db.transaction().execute((trx) => enqueueMail(ctx, trx, next));
      queuedAt.set(next.to, Date.now());
      await new Promise((resolve) => setTimeout(resolve, 1000 / TRICKLE_PER_SECOND));
    }
    await received(sink, TRICKLE);
  } finally {
    await worker.stop();
    await sink.close();
  }
  return delaysOf(sink, queuedAt);
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

async function run(kind: 'sqlite' | 'postgres'): Promise<string> {
  const test = await createTestContext(kind);
  // Real time: the delays are what a person waiting for the mail would see.
  const ctx: AppContext = { ...test.ctx, clock: systemClock };
  try {
    const burstResult = await burst(ctx);
    const trickleDelays = await trickle(ctx);
    return [
      `| ${kind} | ${BURST.toLocaleString('en')} queued at once | ${Math.round(burstResult.enqueuePerSecond)} | ${Math.round(burstResult.sentPerSecond)} | ${seconds(percentile(burstResult.delays, 0.5))} | ${seconds(percentile(burstResult.delays, 0.99))} |`,
      `| ${kind} | ${TRICKLE} queued at ${TRICKLE_PER_SECOND}/s, polling every 1 s | | | ${seconds(percentile(trickleDelays, 0.5))} | ${seconds(percentile(trickleDelays, 0.99))} |`,
    ].join('\n');
  } finally {
    await test.close();
  }
}

function machine(): string {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  return `${availableParallelism()} CPUs (${cpu ?? 'unknown model'}), Node ${process.version}`;
}

const kinds: Array<'sqlite' | 'postgres'> = process.env.MAILROOM_TEST_POSTGRES_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];
const rows: string[] = [];
for (const kind of kinds) rows.push(await run(kind));

process.stdout.write(
  [
    '## Mail',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    '',
    '| database | load | queued per second | sent per second | queued to received p50 | p99 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'),
);
