import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import { DEMO_ADMIN_EMAIL, loadDemoData } from './seed.ts';

async function tableSizes(test: TestContext) {
  const { db } = test.ctx;
  const size = async (
    table: 'organizations' | 'accounts' | 'serverConfigurations' | 'outboxMails',
  ) => (await db.selectFrom(table).select('id').execute()).length;
  return {
    organizations: await size('organizations'),
    accounts: await size('accounts'),
    serverConfigurations: await size('serverConfigurations'),
    mails: await size('outboxMails'),
  };
}

describe.each(TEST_DATABASES)('the demo data on %s', (kind) => {
  let test: TestContext;
  beforeAll(async () => {
    test = await createTestContext(kind);
  });
  afterAll(() => test.close());

  it('creates Demo Company with its server configurations and an account of every role', async () => {
    const signIn = await loadDemoData(test.ctx);

    expect(signIn).toEqual({
      adminEmail: DEMO_ADMIN_EMAIL,
      note: 'its temporary password is in the built-in mailbox at http://localhost:3000/mailbox',
    });
    const { db } = test.ctx;
    const organization = await db.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
    expect(organization).toMatchObject({
      name: 'Demo Company',
      clientNumber: 'CL00001',
      plan: 'pro',
      virusCheckOption: true,
    });
    const configurations = await db
      .selectFrom('serverConfigurations')
      .select('name')
      .where('organizationId', '=', organization.id)
      .orderBy('name')
      .execute();
    expect(configurations.map((row) => row.name)).toEqual(['sandbox', 'transactional-email']);

    const accounts = await db
      .selectFrom('accounts')
      .select(['email', 'name', 'role', 'language', 'timeZone', 'deliveryReport', 'virusAlert'])
      .where('organizationId', '=', organization.id)
      .execute();
    const roles = accounts.map((account) => account.role);
    expect(roles.filter((role) => role === 'group_admin')).toHaveLength(1);
    expect(roles.filter((role) => role === 'service_user')).toHaveLength(2);
    expect(roles.filter((role) => role === 'report_viewer')).toHaveLength(2);
    expect(roles.filter((role) => role === 'accountant')).toHaveLength(1);
    expect(new Set(accounts.map((account) => account.language))).toEqual(new Set(['en', 'ja']));
    expect(accounts.find((account) => account.email === DEMO_ADMIN_EMAIL)).toMatchObject({
      name: 'Demo Administrator',
      language: 'en',
      timeZone: 'Asia/Tokyo',
    });
    expect(accounts.some((a) => a.role === 'service_user' && a.virusAlert)).toBe(true);
    expect(accounts.some((a) => a.deliveryReport)).toBe(true);
  });

  it('mails every demo account a temporary password', async () => {
    const mails = await test.ctx.db
      .selectFrom('outboxMails')
      .select(['recipient', 'template'])
      .orderBy('recipient')
      .execute();
    const accounts = await test.ctx.db
      .selectFrom('accounts')
      .select('email')
      .orderBy('email')
      .execute();

    expect(mails.map((mail) => mail.recipient)).toEqual(accounts.map((account) => account.email));
    expect(mails.every((mail) => mail.template === 'temporary_password')).toBe(true);
  });

  it('creates nothing on a second start and names the demo administrator again', async () => {
    const before = await tableSizes(test);

    const signIn = await loadDemoData(test.ctx);

    expect(signIn?.adminEmail).toBe(DEMO_ADMIN_EMAIL);
    expect(await tableSizes(test)).toEqual(before);
  });

  it('leaves a database with real organizations alone and says so', async () => {
    const other = await createTestContext(kind, { SMTP_URL: 'smtp://relay.example:25' });
    try {
      const now = other.clock.now().toISOString();
      await other.ctx.db
        .insertInto('organizations')
        .values({
          id: 'real',
          clientNumber: 'CL00001',
          name: 'Real client',
          plan: 'standard',
          virusCheckOption: false,
          createdAt: now,
          updatedAt: now,
        })
        .execute();

      expect(await loadDemoData(other.ctx)).toBeNull();
      expect((await tableSizes(other)).accounts).toBe(0);
    } finally {
      await other.close();
    }
  });
});
