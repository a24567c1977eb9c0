import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATABASES, type TestApp } from '../testing/harness.ts';
import { type Mailbox, startMailbox } from './mailbox.ts';
import { enqueueMail, type OutgoingMail } from './outbox.ts';
import { MailWorker } from './worker.ts';

function emailChangedMail(to: string, language: 'en' | 'ja'): OutgoingMail {
  return {
    dedupeKey: `email-changed:${to}`,
    to,
    language,
    timeZone: 'Asia/Tokyo',
    content: {
      template: 'email_changed',
      params: { name: '佐藤 花子', oldEmail: 'hanako@old.test', newEmail: 'hanako@new.test' },
    },
  };
}

describe.each(TEST_DATABASES)('the built-in mailbox on %s', (kind) => {
  let test: TestApp;
  let mailbox: Mailbox | undefined;
  let worker: MailWorker | undefined;

  async function start(env: Record<string, string> = {}) {
    test = await createTestApp(kind, env);
    mailbox = await startMailbox(test.ctx, 0);
    worker = new MailWorker(test.ctx, { smtpUrl: mailbox.smtpUrl });
  }

  async function send(mail: OutgoingMail) {
    await enqueueMail(test.ctx, test.ctx.db, mail);
    await worker?.runOnce();
  }

  function get(url: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) {
    return test.app.inject({ method: 'GET', url, remoteAddress, headers });
  }

  afterEach(async () => {
    await worker?.stop();
    await mailbox?.close();
    await test.close();
    worker = undefined;
    mailbox = undefined;
  });

  it('listens on the loopback interface and stores every mail it receives', async () => {
    await start();
    await send(emailChangedMail('hanako@old.test', 'ja'));

    const rows = await test.ctx.db.selectFrom('mailboxMessages').selectAll().execute();
    expect(mailbox?.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      envelopeFrom: 'no-reply@localhost',
      envelopeTo: 'hanako@old.test',
      subject: '[Mailroom] アカウントのメールアドレスが変更されました',
      receivedAt: '2026-12-03T08:00:00.000Z',
    });
    expect(rows[0]?.source).toMatch(/^Content-Type: text\/plain/m);
  });

  it('lists the mails newest first and shows one with its text, Japanese intact', async () => {
    await start();
    await send(emailChangedMail('hanako@old.test', 'ja'));
    test.clock.advance(60_000);
    await send(emailChangedMail('hanako@new.test', 'en'));

    const list = await get('/api/mailbox');
    const { messages } = list.json() as { messages: Array<Record<string, string>> };
    const oldest = await get(`/api/mailbox/${messages[1]?.id}`);

    expect(list.statusCode).toBe(200);
    expect(messages.map((message) => [message.to, message.receivedAt])).toEqual([
      ['hanako@new.test', '2026-12-03T08:01:00.000Z'],
      ['hanako@old.test', '2026-12-03T08:00:00.000Z'],
    ]);
    expect(messages[0]).toEqual({
      id: expect.any(String),
      receivedAt: '2026-12-03T08:01:00.000Z',
      from: 'no-reply@localhost',
      to: 'hanako@new.test',
      subject: '[Mailroom] The email address of your account was changed',
    });
    expect(oldest.statusCode).toBe(200);
    expect(oldest.json()).toMatchObject({
      to: 'hanako@old.test',
      subject: '[Mailroom] アカウントのメールアドレスが変更されました',
      text: expect.stringContaining('佐藤 花子 様'),
    });
    expect(oldest.json().text).toContain('変更後: hanako@new.test');
  });

  it('answers 404 for a mail that is not there', async () => {
    await start();

    const response = await get('/api/mailbox/00000000-0000-4000-8000-000000000000');

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it.each(['203.0.113.9', '::ffff:192.0.2.1', '10.0.0.7'])(
    'answers 404 to a request from %s, another machine',
    async (remoteAddress) => {
      await start();
      await send(emailChangedMail('hanako@old.test', 'en'));
      const [stored] = await test.ctx.db.selectFrom('mailboxMessages').select('id').execute();

      const list = await get('/api/mailbox', remoteAddress);
      const one = await get(`/api/mailbox/${stored?.id}`, remoteAddress);

      expect([list.statusCode, one.statusCode]).toEqual([404, 404]);
      expect(list.json().error.code).toBe('not_found');
      expect(one.body).not.toContain('hanako');
    },
  );

  it('is not fooled by a forwarded-for header behind a trusted proxy', async () => {
    await start({ TRUST_PROXY: 'true' });

    const remoteClaimingLoopback = await get('/api/mailbox', '203.0.113.9', {
      'x-forwarded-for': '127.0.0.1',
    });
    const forwardedThroughLocalProxy = await get('/api/mailbox', '127.0.0.1', {
      'x-forwarded-for': '203.0.113.9',
    });

    expect(remoteClaimingLoopback.statusCode).toBe(404);
    expect(forwardedThroughLocalProxy.statusCode).toBe(404);
  });

  it('is not there at all when a relay is configured', async () => {
    test = await createTestApp(kind, { SMTP_URL: 'smtp://127.0.0.1:2525' });

    const response = await get('/api/mailbox');

    expect(response.statusCode).toBe(404);
  });
});
