import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization } from '../testing/fixtures.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import type { Actor } from './actor.ts';
import { issueTemporaryPassword, verifyPassword } from './passwords.ts';
import { reissueTotpKey, setTotpEnabled } from './totp.ts';

const operator: Actor = { accountId: null, label: 'operator', clientAddress: null };

describe.each(TEST_DATABASES)('changing credentials on %s', (kind) => {
  let test: TestContext;
  beforeAll(async () => {
    test = await createTestContext(kind);
  });
  afterAll(() => test.close());

  async function sessionCount(accountId: string): Promise<number> {
    const row = await test.ctx.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('accountId', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.count;
  }

  async function openSession(accountId: string, id: string): Promise<void> {
    const now = test.ctx.clock.now().toISOString();
    await test.ctx.db
      .insertInto('sessions')
      .values({
        id,
        accountId,
        stage: 'active',
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now,
        clientAddress: null,
      })
      .execute();
  }

  it('a temporary password replaces the old one, expires in 72 hours, ends sessions and is mailed', async () => {
    const { ctx } = test;
    const organization = await createOrganization(ctx, { name: 'Bluefin Logistics' });
    const account = await createAccount(ctx, { organizationId: organization.id, language: 'ja' });
    await openSession(account.id, `session-${account.id}`);

    const temporaryPassword = await ctx.db.transaction().execute((trx) =>
      issueTemporaryPassword(
        ctx,
        trx,
        {
          ...account,
          language: 'ja',
          timeZone: 'Asia/Tokyo',
          organizationName: organization.name,
        },
        { accountId: null, label: 'operator', clientAddress: '192.0.2.7' },
      ),
    );

    const row = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.passwordHash, temporaryPassword)).toBe(true);
    expect(await verifyPassword(row.passwordHash, account.password)).toBe(false);
    expect(row.passwordTemporary).toBe(true);
    expect(row.passwordExpiresAt).toBe('2026-12-06T08:00:00.000Z');
    expect(await sessionCount(account.id)).toBe(0);

    const mail = await ctx.db
      .selectFrom('outboxMails')
      .selectAll()
      .where('recipient', '=', account.email)
      .executeTakeFirstOrThrow();
    expect(mail.template).toBe('temporary_password');
    expect(mail.dedupeKey).toMatch(new RegExp(`^temporary-password:${account.id}:[0-9a-f-]{36}$`));
    const body = JSON.parse(ctx.secretBox.open(mail.body ?? '')) as { text: string };
    expect(body.text).toContain(temporaryPassword);

    const audit = await ctx.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('targetAccountId', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'password.temporary_issued',
      organizationId: organization.id,
      actor: 'operator',
      clientAddress: '192.0.2.7',
    });
    expect(audit.details).not.toContain(temporaryPassword);
  });

  it('a rolled-back issue leaves the password, the sessions and the outbox as they were', async () => {
    const { ctx } = test;
    const organization = await createOrganization(ctx);
    const account = await createAccount(ctx, { organizationId: organization.id });
    await openSession(account.id, `session-${account.id}`);

    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await issueTemporaryPassword(
          ctx,
          trx,
          { ...account, language: 'en', timeZone: 'UTC', organizationName: organization.name },
          operator,
        );
        throw new Error('the change around it failed');
      }),
    ).rejects.toThrow('the change around it failed');

    const row = await ctx.db
      .selectFrom('accounts')
      .select('passwordHash')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.passwordHash, account.password)).toBe(true);
    expect(await sessionCount(account.id)).toBe(1);
    const mails = await ctx.db
      .selectFrom('outboxMails')
      .select('id')
      .where('recipient', '=', account.email)
      .execute();
    expect(mails).toEqual([]);
  });

  it('reissuing the key forgets the authenticator, keeps two-factor on and ends sessions', async () => {
    const { ctx } = test;
    const organization = await createOrganization(ctx);
    const account = await createAccount(ctx, { organizationId: organization.id, totp: 'on' });
    await openSession(account.id, `session-${account.id}`);

    const found = await ctx.db
      .transaction()
      .execute((trx) => reissueTotpKey(ctx, trx, account.id, operator));

    const row = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(found).toBe(true);
    expect(row).toMatchObject({
      totpEnabled: true,
      totpSecret: null,
      totpPendingSecret: null,
      totpLastStep: null,
    });
    expect(await sessionCount(account.id)).toBe(0);
  });

  it('switching two-factor off erases the secret; the account acting on itself keeps its session', async () => {
    const { ctx } = test;
    const organization = await createOrganization(ctx);
    const account = await createAccount(ctx, { organizationId: organization.id, totp: 'on' });
    await openSession(account.id, `kept-${account.id}`);
    await openSession(account.id, `other-${account.id}`);
    const self: Actor = {
      accountId: account.id,
      label: account.email,
      clientAddress: null,
      sessionId: `kept-${account.id}`,
    };

    await ctx.db.transaction().execute((trx) => setTotpEnabled(ctx, trx, account.id, false, self));

    const row = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ totpEnabled: false, totpSecret: null });
    const sessions = await ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('accountId', '=', account.id)
      .execute();
    expect(sessions).toEqual([{ id: `kept-${account.id}` }]);
  });

  it('stores an authenticator secret sealed, never in clear', async () => {
    const { ctx } = test;
    const organization = await createOrganization(ctx);
    const account = await createAccount(ctx, { organizationId: organization.id, totp: 'on' });

    const row = await ctx.db
      .selectFrom('accounts')
      .select('totpSecret')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.totpSecret).not.toContain(account.totpSecret);
    expect(ctx.secretBox.open(row.totpSecret ?? '')).toBe(account.totpSecret);
  });

  it('answers false for an account that does not exist', async () => {
    const { ctx } = test;
    const missing = '00000000-0000-4000-8000-000000000000';

    expect(
      await ctx.db.transaction().execute((trx) => reissueTotpKey(ctx, trx, missing, operator)),
    ).toBe(false);
    expect(
      await ctx.db
        .transaction()
        .execute((trx) => setTotpEnabled(ctx, trx, missing, true, operator)),
    ).toBe(false);
  });
});
