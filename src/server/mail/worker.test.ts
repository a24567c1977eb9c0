import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { openDatabase } from '../db/database.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import { enqueueMail, type OutgoingMail } from './outbox.ts';
import { startTestRelay, type TestRelay, unusedPort } from './test-relay.ts';
import { MailWorker, retryDelayMs } from './worker.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

function temporaryPasswordMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    dedupeKey: 'temporary-password:account-1:issue-1',
    to: 'hanako@sato.test',
    language: 'en',
    timeZone: 'Asia/Tokyo',
    content: {
      template: 'temporary_password',
      params: {
        name: 'Hanako Sato',
        temporaryPassword: 'pT7-x9Qe-42Lm',
        expiresAt: '2026-12-06T08:30:00.000Z',
        organizationName: 'Sato Trading',
      },
    },
    ...overrides,
  };
}

describe.each(TEST_DATABASES)('the mail worker on %s', (kind) => {
  let test: TestContext;
  let relay: TestRelay | undefined;
  const workers: MailWorker[] = [];

  function workerFor(smtpUrl: string, ctx: AppContext = test.ctx, batchSize?: number) {
    const worker = new MailWorker(ctx, { smtpUrl, batchSize });
    workers.push(worker);
    return worker;
  }

  function outboxRow() {
    return test.ctx.db.selectFrom('outboxMails').selectAll().executeTakeFirstOrThrow();
  }

  beforeEach(async () => {
    test = await createTestContext(kind);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await relay?.close();
    relay = undefined;
    await test.close();
  });

  it('delivers a queued mail exactly once, however often it runs', async () => {
    relay = await startTestRelay();
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    const attempted = [await worker.runOnce(), await worker.runOnce(), await worker.runOnce()];
    test.clock.advance(2 * HOUR);
    attempted.push(await worker.runOnce());

    expect(attempted).toEqual([1, 0, 0, 0]);
    expect(relay.received).toHaveLength(1);
    const [mail] = relay.received;
    expect(mail?.envelopeTo).toEqual(['hanako@sato.test']);
    expect(mail?.envelopeFrom).toBe('no-reply@localhost');
    expect(mail?.message.from?.value).toEqual([
      { name: 'Mailroom', address: 'no-reply@localhost' },
    ]);
    expect(mail?.message.subject).toBe('[Mailroom] Your temporary password');
    expect(mail?.message.messageId).toMatch(/^<[0-9a-f]{40}@localhost>$/);
    expect(await outboxRow()).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentAt: '2026-12-03T08:00:00.000Z',
      claimedUntil: null,
    });
  });

  it('gives a mail the same Message-ID whenever it is sent, and another mail another one', async () => {
    relay = await startTestRelay();
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail({ dedupeKey: 'second' }));
    await worker.runOnce();

    // Another database, the same dedupe key: as if the first attempt's outcome was lost.
    const other = await createTestContext('sqlite');
    try {
      await enqueueMail(other.ctx, other.ctx.db, temporaryPasswordMail());
      await workerFor(relay.url, other.ctx).runOnce();
    } finally {
      await other.close();
    }

    const ids = relay.received.map((mail) => mail.message.messageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(2);
  });

  it('keeps retrying while the relay is down, with growing delays, and delivers once it is back', async () => {
    const port = await unusedPort();
    const worker = workerFor(`smtp://127.0.0.1:${port}`);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    expect(await worker.runOnce()).toBe(1);
    const afterFirst = await outboxRow();
    expect(afterFirst).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: '2026-12-03T08:00:30.000Z',
    });
    expect(afterFirst.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(afterFirst.body).not.toBeNull();

    expect(await worker.runOnce()).toBe(0);
    test.clock.advance(30 * SECOND);
    expect(await worker.runOnce()).toBe(1);
    expect(await outboxRow()).toMatchObject({
      attempts: 2,
      nextAttemptAt: '2026-12-03T08:01:30.000Z',
    });

    relay = await startTestRelay({ port });
    test.clock.advance(60 * SECOND);
    expect(await worker.runOnce()).toBe(1);

    expect(relay.received).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: 'sent', attempts: 3, body: null });
  });

  it('retries a mail the relay defers with a 4xx reply', async () => {
    relay = await startTestRelay();
    relay.replyToRecipients('451 4.3.0 try again later');
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    await worker.runOnce();
    const deferred = await outboxRow();
    relay.replyToRecipients(null);
    test.clock.advance(30 * SECOND);
    await worker.runOnce();

    expect(deferred).toMatchObject({ status: 'pending', attempts: 1 });
    expect(deferred.lastError).toContain('451');
    expect(relay.received).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up on a 5xx reply at once, records the reply, and never retries', async () => {
    relay = await startTestRelay();
    relay.replyToRecipients('550 5.1.1 no such mailbox here');
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    expect(await worker.runOnce()).toBe(1);
    relay.replyToRecipients(null);
    test.clock.advance(24 * HOUR);
    expect(await worker.runOnce()).toBe(0);

    const row = await outboxRow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(row.lastError).toContain('550 5.1.1 no such mailbox here');
    expect(relay.received).toHaveLength(0);
  });

  it('gives up a mail the relay has refused for three days', async () => {
    const worker = workerFor(`smtp://127.0.0.1:${await unusedPort()}`);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    await worker.runOnce();
    test.clock.advance(72 * HOUR);
    await worker.runOnce();

    const row = await outboxRow();
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^given up after 2 attempts: /);
  });

  it('sends a mail claimed by a worker that died once its lease runs out, not before', async () => {
    relay = await startTestRelay();
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());
    // What a worker killed in the middle of sending leaves behind: a claim, no outcome.
    await test.ctx.db
      .updateTable('outboxMails')
      .set({ claimedUntil: '2026-12-03T08:10:00.000Z' })
      .execute();

    expect(await worker.runOnce()).toBe(0);
    test.clock.advance(10 * 60 * SECOND + 1);
    expect(await worker.runOnce()).toBe(1);

    expect(relay.received).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: 'sent' });
  });

  it('sends nothing for a change whose transaction rolled back', async () => {
    relay = await startTestRelay();
    const worker = workerFor(relay.url);

    await test.ctx.db
      .transaction()
      .execute(async (trx) => {
        await enqueueMail(test.ctx, trx, temporaryPasswordMail());
        throw new Error('the account could not be saved');
      })
      .catch(() => undefined);

    expect(await worker.runOnce()).toBe(0);
    expect(relay.received).toHaveLength(0);
  });

  it('delivers a Japanese subject and body intact, the expiry in the recipient time zone', async () => {
    relay = await startTestRelay();
    await enqueueMail(
      test.ctx,
      test.ctx.db,
      temporaryPasswordMail({ language: 'ja', content: temporaryPasswordMail().content }),
    );
    await workerFor(relay.url).runOnce();

    const message = relay.received[0]?.message;
    expect(message?.subject).toBe('[Mailroom] 仮パスワードのお知らせ');
    expect(message?.text).toContain('Hanako Sato 様');
    expect(message?.text).toContain('仮パスワード: pT7-x9Qe-42Lm');
    expect(message?.text).toContain('有効期限: 2026-12-06 17:30 (Asia/Tokyo)');
    expect(message?.text).toContain('このメールは Mailroom から自動送信されています。');
  });

  it('keeps the temporary password only sealed while queued and erases the body once sent', async () => {
    relay = await startTestRelay();
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());
    const queued = await outboxRow();

    await workerFor(relay.url).runOnce();
    const sent = await outboxRow();

    expect(queued.body).toMatch(/^v1\./);
    expect(JSON.stringify(queued)).not.toContain('pT7-x9Qe-42Lm');
    expect(relay.received[0]?.message.text).toContain('pT7-x9Qe-42Lm');
    expect(sent.body).toBeNull();
  });

  it('keeps a line break in a parameter out of the mail headers', async () => {
    relay = await startTestRelay();
    await enqueueMail(test.ctx, test.ctx.db, {
      dedupeKey: 'group-admin-request:1',
      to: test.ctx.config.supportEmail,
      language: 'en',
      timeZone: 'UTC',
      content: {
        template: 'group_admin_request',
        params: {
          clientNumber: 'CL00042\r\nBcc: intruder@evil.test',
          organizationName: 'Sato Trading',
          requester: 'admin@sato.test',
          target: 'taro@sato.test',
          change: 'grant',
          reason: 'Taro takes over.',
          requestId: 'request-1',
        },
      },
    });
    await workerFor(relay.url).runOnce();

    const mail = relay.received[0];
    expect(mail?.envelopeTo).toEqual([test.ctx.config.supportEmail]);
    expect(mail?.message.bcc).toBeUndefined();
    expect(mail?.message.headers.has('bcc')).toBe(false);
  });

  it('logs each outcome with the mail id and template, never the address or the password', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    relay = await startTestRelay();
    const ctx = { ...test.ctx, logger };
    await enqueueMail(ctx, ctx.db, temporaryPasswordMail());
    await enqueueMail(ctx, ctx.db, temporaryPasswordMail({ dedupeKey: 'second' }));
    relay.replyToRecipients('550 5.1.1 hanako@sato.test unknown');
    await workerFor(relay.url, ctx, 1).runOnce();
    relay.replyToRecipients(null);
    await workerFor(relay.url, ctx).runOnce();

    const outcomes = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outcomes.map((line) => line.msg)).toEqual(['mail failed', 'mail sent']);
    for (const line of outcomes) {
      expect(line).toMatchObject({ template: 'temporary_password', mailId: expect.any(String) });
    }
    expect(lines.join('')).not.toContain('hanako@sato.test');
    expect(lines.join('')).not.toContain('pT7-x9Qe-42Lm');
  });

  it('finishes the batch in flight before stop() resolves', async () => {
    relay = await startTestRelay();
    const worker = workerFor(relay.url);
    await enqueueMail(test.ctx, test.ctx.db, temporaryPasswordMail());

    worker.start();
    await waitUntil(
      async () => (await outboxRow()).claimedUntil !== null || relay?.received.length,
    );
    await worker.stop();

    expect(await outboxRow()).toMatchObject({ status: 'sent', claimedUntil: null });
  });

  it.runIf(kind === 'postgres')(
    'never sends a mail twice when two instances work the same outbox at once',
    async () => {
      relay = await startTestRelay();
      const second = openDatabase(test.database);
      try {
        const secondCtx: AppContext = { ...test.ctx, db: second.db };
        for (let index = 0; index < 50; index++) {
          await enqueueMail(
            test.ctx,
            test.ctx.db,
            temporaryPasswordMail({ dedupeKey: `mail-${index}`, to: `user${index}@sato.test` }),
          );
        }
        const first = workerFor(relay.url, test.ctx, 5);
        const other = workerFor(relay.url, secondCtx, 5);

        let byFirst = 0;
        let byOther = 0;
        for (let pass = 0; pass < 30 && byFirst + byOther < 50; pass++) {
          const [a, b] = await Promise.all([first.runOnce(), other.runOnce()]);
          byFirst += a;
          byOther += b;
        }

        const recipients = relay.received.map((mail) => mail.envelopeTo.join());
        expect(recipients).toHaveLength(50);
        expect(new Set(recipients).size).toBe(50);
        expect(byFirst).toBeGreaterThan(0);
        expect(byOther).toBeGreaterThan(0);
        const unsent = await test.ctx.db
          .selectFrom('outboxMails')
          .select('id')
          .where('status', '!=', 'sent')
          .execute();
        expect(unsent).toEqual([]);
      } finally {
        await second.close();
      }
    },
  );
});

describe('the delay before the next attempt', () => {
  it('is 30 seconds after the first failure, doubles after each further one, and stops at 1 hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((attempts) => retryDelayMs(attempts) / SECOND)).toEqual([
      30, 60, 120, 240, 1920, 3600, 3600,
    ]);
  });
});

async function waitUntil(condition: () => Promise<unknown>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
