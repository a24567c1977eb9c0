import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import { enqueueMail, type OutgoingMail, type SealedBody } from './outbox.ts';

const mail: OutgoingMail = {
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
};

describe.each(TEST_DATABASES)('the outbox on %s', (kind) => {
  let test: TestContext;
  beforeEach(async () => {
    test = await createTestContext(kind);
  });
  afterEach(() => test.close());

  it('queues a mail once per dedupe key', async () => {
    const { ctx } = test;

    const first = await enqueueMail(ctx, ctx.db, mail);
    const second = await enqueueMail(ctx, ctx.db, { ...mail, to: 'someone-else@sato.test' });

    const rows = await ctx.db.selectFrom('outboxMails').selectAll().execute();
    expect([first, second]).toEqual([true, false]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipient: 'hanako@sato.test',
      template: 'temporary_password',
      subject: '[Mailroom] Your temporary password',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '2026-12-03T08:00:00.000Z',
    });
  });

  it('keeps the body sealed at rest: the temporary password is not in the stored row', async () => {
    const { ctx } = test;

    await enqueueMail(ctx, ctx.db, mail);

    const row = await ctx.db.selectFrom('outboxMails').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('pT7-x9Qe-42Lm');
    const body = JSON.parse(ctx.secretBox.open(row.body ?? '')) as SealedBody;
    expect(body.text).toContain('Temporary password: pT7-x9Qe-42Lm');
    expect(body.text).toContain('2026-12-06 17:30 (Asia/Tokyo)');
  });

  it('queues nothing when the transaction of the change rolls back', async () => {
    const { ctx } = test;

    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await enqueueMail(ctx, trx, mail);
        throw new Error('the change failed after the mail was queued');
      }),
    ).rejects.toThrow('the change failed');

    const rows = await ctx.db.selectFrom('outboxMails').select('id').execute();
    expect(rows).toEqual([]);
  });
});
