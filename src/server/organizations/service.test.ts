import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import {
  addAccount,
  addGroupAdmin,
  createOrganization,
  createServerConfiguration,
  grantGroupAdmin,
  listOrganizations,
  OPERATOR,
  type Organization,
  revokeGroupAdmin,
  updateOrganization,
} from './service.ts';

/** The error a promise rejects with, to assert its code and fields. */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function rowCounts(ctx: AppContext) {
  const count = async (table: 'organizations' | 'accounts' | 'outboxMails' | 'auditEvents') =>
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
    ).count;
  return {
    organizations: await count('organizations'),
    accounts: await count('accounts'),
    mails: await count('outboxMails'),
    audit: await count('auditEvents'),
  };
}

async function openSession(ctx: AppContext, accountId: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('sessions')
    .values({
      id: `session-${accountId}-${Math.random()}`,
      accountId,
      stage: 'active',
      createdAt: now,
      lastSeenAt: now,
      expiresAt: '2999-01-01T00:00:00.000Z',
      clientAddress: null,
    })
    .execute();
}

async function sessionsOf(ctx: AppContext, accountId: string): Promise<number> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('accountId', '=', accountId)
    .execute();
  return rows.length;
}

async function accountByEmail(ctx: AppContext, email: string) {
  return ctx.db
    .selectFrom('accounts')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

describe.each(TEST_DATABASES)('organizations on %s', (kind) => {
  let test: TestContext;
  let ctx: AppContext;
  let pro: Organization;

  beforeAll(async () => {
    test = await createTestContext(kind);
    ctx = test.ctx;
    pro = await createOrganization(ctx, { name: 'Acme', plan: 'pro', virusCheckOption: true });
  });
  afterAll(() => test.close());

  describe('creating an organization', () => {
    it('gives organizations consecutive client numbers and audits the creation', async () => {
      const next = await createOrganization(ctx, {
        name: '  Globex  ',
        plan: 'standard',
        virusCheckOption: false,
      });

      expect(pro.clientNumber).toBe('CL00001');
      expect(next).toMatchObject({ clientNumber: 'CL00002', name: 'Globex', plan: 'standard' });
      const audit = await ctx.db
        .selectFrom('auditEvents')
        .selectAll()
        .where('organizationId', '=', next.id)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ action: 'organization.created', actor: 'operator' });
    });

    it('gives concurrent creations different client numbers', async () => {
      const created = await Promise.all(
        ['One', 'Two', 'Three', 'Four'].map((name) =>
          createOrganization(ctx, { name, plan: 'standard', virusCheckOption: false }),
        ),
      );

      const numbers = created.map((organization) => organization.clientNumber);
      expect(new Set(numbers).size).toBe(4);
      expect(numbers.every((number) => /^CL\d{5}$/.test(number))).toBe(true);
    });

    it('refuses the virus check option without the Pro plan and writes nothing', async () => {
      const before = await rowCounts(ctx);

      const error = await refusal(
        createOrganization(ctx, { name: 'Initech', plan: 'standard', virusCheckOption: true }),
      );

      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual([
        { field: 'virusCheckOption', rule: 'option_forbidden_by_plan' },
      ]);
      expect(await rowCounts(ctx)).toEqual(before);
    });

    it('names every bad field at once', async () => {
      const error = await refusal(
        createOrganization(ctx, { name: ' ', plan: 'gold' as 'pro', virusCheckOption: false }),
      );

      expect(error.fields.map((field) => [field.field, field.rule])).toEqual([
        ['name', 'required'],
        ['plan', 'not_allowed'],
      ]);
    });

    it('lists organizations oldest first with their number of accounts', async () => {
      const organization = await createOrganization(ctx, {
        name: 'Counted',
        plan: 'pro',
        virusCheckOption: false,
      });
      await addGroupAdmin(ctx, {
        clientNumber: organization.clientNumber,
        email: 'counted@example.com',
        name: 'Counted Admin',
        language: 'en',
        timeZone: 'UTC',
      });

      const list = await listOrganizations(ctx);

      expect(list[0]?.clientNumber).toBe('CL00001');
      expect(list.find((row) => row.id === organization.id)?.accounts).toBe(1);
    });
  });

  describe('changing an organization', () => {
    it('turns every virus alert off when the organization leaves Pro', async () => {
      const organization = await createOrganization(ctx, {
        name: 'Leaving Pro',
        plan: 'pro',
        virusCheckOption: true,
      });
      await addAccount(ctx, {
        clientNumber: organization.clientNumber,
        email: 'alerted@example.com',
        name: 'Alerted',
        role: 'service_user',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
        virusAlert: true,
      });

      const update = await updateOrganization(ctx, organization.id, { plan: 'standard' }, OPERATOR);

      expect(update.organization).toMatchObject({ plan: 'standard', virusCheckOption: false });
      expect(update.virusAlertsTurnedOff).toBe(1);
      expect((await accountByEmail(ctx, 'alerted@example.com')).virusAlert).toBe(false);
    });

    it('turns every virus alert off when the option is removed on Pro', async () => {
      const organization = await createOrganization(ctx, {
        name: 'Dropping the option',
        plan: 'pro',
        virusCheckOption: true,
      });
      await addGroupAdmin(ctx, {
        clientNumber: organization.clientNumber,
        email: 'dropping@example.com',
        name: 'Dropping',
        language: 'en',
        timeZone: 'UTC',
      });
      await ctx.db
        .updateTable('accounts')
        .set({ virusAlert: true })
        .where('email', '=', 'dropping@example.com')
        .execute();

      const update = await updateOrganization(
        ctx,
        organization.id,
        { virusCheckOption: false },
        OPERATOR,
      );

      expect(update.organization).toMatchObject({ plan: 'pro', virusCheckOption: false });
      expect((await accountByEmail(ctx, 'dropping@example.com')).virusAlert).toBe(false);
    });

    it('refuses the virus check option on the Standard plan and changes nothing', async () => {
      const organization = await createOrganization(ctx, {
        name: 'Standard',
        plan: 'standard',
        virusCheckOption: false,
      });

      const error = await refusal(
        updateOrganization(
          ctx,
          organization.id,
          { name: 'Renamed', virusCheckOption: true },
          OPERATOR,
        ),
      );

      expect(error.fields).toEqual([
        { field: 'virusCheckOption', rule: 'option_forbidden_by_plan' },
      ]);
      const after = await ctx.db
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', organization.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(organization);
    });

    it('renames an organization and audits what changed', async () => {
      const organization = await createOrganization(ctx, {
        name: 'Old name',
        plan: 'standard',
        virusCheckOption: false,
      });

      await updateOrganization(ctx, organization.id, { name: 'New name' }, OPERATOR);

      const audit = await ctx.db
        .selectFrom('auditEvents')
        .select('details')
        .where('organizationId', '=', organization.id)
        .where('action', '=', 'organization.updated')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({
        name: { from: 'Old name', to: 'New name' },
        virusAlertsTurnedOff: 0,
      });
    });
  });

  describe('server configurations', () => {
    it('adds named server configurations and refuses a name used twice in one organization', async () => {
      const sandbox = await createServerConfiguration(ctx, pro.id, 'sandbox');
      const error = await refusal(createServerConfiguration(ctx, pro.id, 'sandbox'));

      expect(sandbox.name).toBe('sandbox');
      expect(error.code).toBe('conflict');
      expect(error.fields).toEqual([{ field: 'name', rule: 'name_taken' }]);
    });
  });

  describe('adding a group administrator', () => {
    it('creates the account with a temporary password and queues its mail', async () => {
      const added = await addGroupAdmin(ctx, {
        clientNumber: 'cl00001',
        email: 'Boss@Example.com',
        name: 'The Boss',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
      });

      const account = await accountByEmail(ctx, 'boss@example.com');
      expect(added).toMatchObject({ role: 'group_admin', clientNumber: 'CL00001' });
      expect(account).toMatchObject({
        role: 'group_admin',
        organizationId: pro.id,
        passwordTemporary: true,
      });
      expect(account.passwordHash).toMatch(/^\$argon2id\$/);
      expect(account.passwordExpiresAt).toBe('2026-12-06T08:00:00.000Z');
      const mail = await ctx.db
        .selectFrom('outboxMails')
        .selectAll()
        .where('recipient', '=', 'boss@example.com')
        .executeTakeFirstOrThrow();
      expect(mail).toMatchObject({ template: 'temporary_password', status: 'pending' });
      const actions = await ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'actor'])
        .where('targetAccountId', '=', account.id)
        .orderBy('action')
        .execute();
      expect(actions).toEqual([
        { action: 'account.created', actor: 'operator' },
        { action: 'password.temporary_issued', actor: 'operator' },
      ]);
    });

    it('refuses an email already used in any organization, whatever its case, and writes nothing', async () => {
      const other = await createOrganization(ctx, {
        name: 'Other',
        plan: 'pro',
        virusCheckOption: false,
      });
      await addGroupAdmin(ctx, {
        clientNumber: 'CL00001',
        email: 'taken@example.com',
        name: 'First',
        language: 'en',
        timeZone: 'UTC',
      });
      const before = await rowCounts(ctx);

      const error = await refusal(
        addGroupAdmin(ctx, {
          clientNumber: other.clientNumber,
          email: 'TAKEN@example.com',
          name: 'Second',
          language: 'en',
          timeZone: 'UTC',
        }),
      );

      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual([{ field: 'email', rule: 'email_taken' }]);
      expect(await rowCounts(ctx)).toEqual(before);
    });

    it('refuses an unknown client number', async () => {
      const error = await refusal(
        addGroupAdmin(ctx, {
          clientNumber: 'CL99999',
          email: 'nobody@example.com',
          name: 'Nobody',
          language: 'en',
          timeZone: 'UTC',
        }),
      );

      expect(error.code).toBe('not_found');
      expect(error.fields).toEqual([{ field: 'clientNumber', rule: 'unknown_client_number' }]);
    });

    it('refuses a bad email, language and time zone, naming each field', async () => {
      const before = await rowCounts(ctx);

      const error = await refusal(
        addGroupAdmin(ctx, {
          clientNumber: 'CL00001',
          email: 'not an address',
          name: 'x'.repeat(101),
          language: 'fr' as 'en',
          timeZone: 'Mars/Olympus',
        }),
      );

      expect(error.fields.map((field) => [field.field, field.rule])).toEqual([
        ['email', 'invalid_email'],
        ['name', 'too_long'],
        ['language', 'language'],
        ['timeZone', 'time_zone'],
      ]);
      expect(await rowCounts(ctx)).toEqual(before);
    });

    it('refuses virus alerts for an organization without the option', async () => {
      const standard = await createOrganization(ctx, {
        name: 'No option',
        plan: 'standard',
        virusCheckOption: false,
      });

      const error = await refusal(
        addAccount(ctx, {
          clientNumber: standard.clientNumber,
          email: 'wants-alerts@example.com',
          name: 'Wants alerts',
          role: 'service_user',
          language: 'en',
          timeZone: 'UTC',
          virusAlert: true,
        }),
      );

      expect(error.fields).toEqual([{ field: 'virusAlert', rule: 'option_forbidden_by_plan' }]);
    });
  });

  describe('granting and revoking the group administrator role', () => {
    let organization: Organization;

    beforeAll(async () => {
      organization = await createOrganization(ctx, {
        name: 'Roles',
        plan: 'pro',
        virusCheckOption: true,
      });
      for (const [email, role] of [
        ['first-admin@roles.example', 'group_admin'],
        ['promoted@roles.example', 'service_user'],
      ] as const) {
        await addAccount(ctx, {
          clientNumber: organization.clientNumber,
          email,
          name: email,
          role,
          language: 'en',
          timeZone: 'UTC',
          deliveryReport: true,
          virusAlert: true,
        });
      }
    });

    it('grants the role, ends the account sessions at once and audits the change', async () => {
      const account = await accountByEmail(ctx, 'promoted@roles.example');
      await openSession(ctx, account.id);

      const change = await grantGroupAdmin(ctx, 'Promoted@roles.example', OPERATOR);

      expect(change).toMatchObject({ from: 'service_user', to: 'group_admin' });
      expect((await accountByEmail(ctx, 'promoted@roles.example')).role).toBe('group_admin');
      expect(await sessionsOf(ctx, account.id)).toBe(0);
      const audit = await ctx.db
        .selectFrom('auditEvents')
        .selectAll()
        .where('action', '=', 'role.granted')
        .where('targetAccountId', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(audit.actor).toBe('operator');
      expect(JSON.parse(audit.details)).toEqual({ from: 'service_user', to: 'group_admin' });
    });

    it('refuses to grant the role to a group administrator or an unknown email', async () => {
      const already = await refusal(grantGroupAdmin(ctx, 'first-admin@roles.example', OPERATOR));
      const unknown = await refusal(grantGroupAdmin(ctx, 'ghost@roles.example', OPERATOR));

      expect(already.fields).toEqual([{ field: 'email', rule: 'already_group_admin' }]);
      expect(unknown.code).toBe('not_found');
      expect(unknown.fields).toEqual([{ field: 'email', rule: 'unknown_account' }]);
    });

    it('revokes the role, drops the mails the new role may not receive and ends sessions', async () => {
      const account = await accountByEmail(ctx, 'promoted@roles.example');
      await openSession(ctx, account.id);

      await revokeGroupAdmin(ctx, 'promoted@roles.example', 'accountant', OPERATOR);

      const after = await accountByEmail(ctx, 'promoted@roles.example');
      expect(after).toMatchObject({ role: 'accountant', deliveryReport: false, virusAlert: false });
      expect(await sessionsOf(ctx, account.id)).toBe(0);
      const audit = await ctx.db
        .selectFrom('auditEvents')
        .select('details')
        .where('action', '=', 'role.revoked')
        .where('targetAccountId', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({ from: 'group_admin', to: 'accountant' });
    });

    it('refuses to revoke the last unlocked group administrator, counting no locked one', async () => {
      await grantGroupAdmin(ctx, 'promoted@roles.example', OPERATOR);
      await ctx.db
        .updateTable('accounts')
        .set({ locked: true })
        .where('email', '=', 'promoted@roles.example')
        .execute();
      const last = await accountByEmail(ctx, 'first-admin@roles.example');
      await openSession(ctx, last.id);

      const error = await refusal(
        revokeGroupAdmin(ctx, 'first-admin@roles.example', 'service_user', OPERATOR),
      );

      expect(error.code).toBe('last_group_admin');
      expect((await accountByEmail(ctx, 'first-admin@roles.example')).role).toBe('group_admin');
      expect(await sessionsOf(ctx, last.id)).toBe(1);
    });

    it('refuses to revoke from an account that is not a group administrator, or to a bad role', async () => {
      await addAccount(ctx, {
        clientNumber: organization.clientNumber,
        email: 'viewer@roles.example',
        name: 'Viewer',
        role: 'report_viewer',
        language: 'en',
        timeZone: 'UTC',
      });

      const notAdmin = await refusal(
        revokeGroupAdmin(ctx, 'viewer@roles.example', 'service_user', OPERATOR),
      );
      const badRole = await refusal(
        revokeGroupAdmin(ctx, 'first-admin@roles.example', 'group_admin' as 'accountant', OPERATOR),
      );

      expect(notAdmin.fields).toEqual([{ field: 'email', rule: 'not_group_admin' }]);
      expect(badRole.fields).toEqual([{ field: 'role', rule: 'role_forbidden' }]);
    });
  });
});
