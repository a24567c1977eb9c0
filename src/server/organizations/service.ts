import { type Kysely, sql } from 'kysely';
import type { Language } from '../../contract/locale.ts';
import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
  mayReceiveDeliveryReport,
  mayReceiveVirusAlert,
  type Plan,
  type Role,
} from '../../contract/roles.ts';
import { checkMailOptions, createAccountWithTemporaryPassword } from '../accounts/creation.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { endAccountSessions } from '../auth/sessions.ts';
import type { AppContext } from '../context.ts';
import type { OrganizationTable, Schema, ServerConfigurationTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { FieldChecks, isWriteRace } from './fields.ts';

/*
 * Organizations, their server configurations and their group administrators: what the
 * operator sets up through the command line. Every change runs in one transaction with its
 * audit record and the mail it causes, so nothing is ever half-written.
 */

export type Organization = OrganizationTable;
export type ServerConfiguration = ServerConfigurationTable;

/** The operator, working through the command line. */
export const OPERATOR: Actor = { accountId: null, label: 'operator', clientAddress: null };

export interface NewOrganization {
  name: string;
  plan: Plan;
  virusCheckOption: boolean;
}

/** Two command lines creating at once may pick the same client number; one of them retries. */
const CLIENT_NUMBER_ATTEMPTS = 5;

/**
 * Creates an organization with the next client number (`CL00001`, `CL00002`, ...). The
 * virus check option needs the Pro plan. Given a transaction, it works inside it and leaves
 * a lost race on the client number to the caller.
 *
 * @example await createOrganization(ctx, { name: 'Acme', plan: 'pro', virusCheckOption: true })
 */
export async function createOrganization(
  ctx: AppContext,
  input: NewOrganization,
  db: Kysely<Schema> = ctx.db,
): Promise<Organization> {
  const checks = new FieldChecks();
  const name = checks.name('name', input.name);
  const plan = checks.plan('plan', input.plan);
  if (input.virusCheckOption && plan !== 'pro') {
    checks.add('virusCheckOption', 'option_forbidden_by_plan');
  }
  checks.done();
  const fields = { name, plan, virusCheckOption: input.virusCheckOption };

  if (db.isTransaction) return insertOrganization(ctx, db, fields);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => insertOrganization(ctx, trx, fields));
    } catch (error) {
      if (attempt >= CLIENT_NUMBER_ATTEMPTS || !isWriteRace(error)) throw error;
    }
  }
}

async function insertOrganization(
  ctx: AppContext,
  trx: Kysely<Schema>,
  fields: NewOrganization,
): Promise<Organization> {
  const now = ctx.clock.now();
  const organization: Organization = {
    id: newId(),
    clientNumber: await nextClientNumber(trx),
    ...fields,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await trx.insertInto('organizations').values(organization).execute();
  await recordAudit(
    trx,
    {
      action: 'organization.created',
      organizationId: organization.id,
      ...auditActor(OPERATOR),
      target: organization.clientNumber,
      details: { ...fields },
    },
    now,
  );
  return organization;
}

async function nextClientNumber(db: Kysely<Schema>): Promise<string> {
  // By length first: past CL99999 comes CL100000, which sorts before it as text.
  const last = await db
    .selectFrom('organizations')
    .select('clientNumber')
    .orderBy(sql`length(client_number)`, 'desc')
    .orderBy('clientNumber', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = last ? Number(last.clientNumber.slice(2)) + 1 : 1;
  if (!Number.isSafeInteger(next))
    throw new Error(`unexpected client number ${last?.clientNumber}`);
  return `CL${String(next).padStart(5, '0')}`;
}

/** An organization with the number of its accounts, as the operator's list shows it. */
export interface OrganizationSummary extends Organization {
  accounts: number;
}

/** Every organization, oldest first. */
export async function listOrganizations(ctx: AppContext): Promise<OrganizationSummary[]> {
  return ctx.db
    .selectFrom('organizations')
    .leftJoin('accounts', 'accounts.organizationId', 'organizations.id')
    .selectAll('organizations')
    .select((eb) => eb.fn.count<number>('accounts.id').as('accounts'))
    .groupBy('organizations.id')
    .orderBy('organizations.createdAt')
    .orderBy('organizations.clientNumber')
    .execute();
}

/** The organization with this client number (any case), or undefined. */
export async function findOrganizationByClientNumber(
  ctx: AppContext,
  clientNumber: string,
  db: Kysely<Schema> = ctx.db,
): Promise<Organization | undefined> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('clientNumber', '=', clientNumber.trim().toUpperCase())
    .executeTakeFirst();
}

export interface OrganizationChanges {
  name?: string;
  plan?: Plan;
  virusCheckOption?: boolean;
}

export interface OrganizationUpdate {
  organization: Organization;
  /** Accounts whose virus detection mails were switched off because the option went away. */
  virusAlertsTurnedOff: number;
}

/**
 * Changes an organization's name, plan or virus check option. The option needs the Pro plan:
 * asking for it on Standard is refused, and leaving Pro drops it. When the option goes away,
 * every account of the organization stops receiving virus detection mails, in the same
 * transaction.
 */
export async function updateOrganization(
  ctx: AppContext,
  organizationId: string,
  changes: OrganizationChanges,
  actor: Actor,
): Promise<OrganizationUpdate> {
  const checks = new FieldChecks();
  const name = changes.name === undefined ? undefined : checks.name('name', changes.name);
  const plan = changes.plan === undefined ? undefined : checks.plan('plan', changes.plan);
  checks.done();

  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');

    const after: Organization = { ...before, name: name ?? before.name, plan: plan ?? before.plan };
    after.virusCheckOption =
      changes.virusCheckOption ?? (after.plan === 'pro' && before.virusCheckOption);
    if (after.virusCheckOption && after.plan !== 'pro') {
      throw AppError.field('virusCheckOption', 'option_forbidden_by_plan');
    }
    const changed = changedFields(before, after, ['name', 'plan', 'virusCheckOption']);
    if (Object.keys(changed).length === 0) return { organization: before, virusAlertsTurnedOff: 0 };

    const now = ctx.clock.now();
    after.updatedAt = now.toISOString();
    await trx
      .updateTable('organizations')
      .set({ name: after.name, plan: after.plan, virusCheckOption: after.virusCheckOption })
      .set({ updatedAt: after.updatedAt })
      .where('id', '=', organizationId)
      .execute();

    let virusAlertsTurnedOff = 0;
    if (before.plan === 'pro' && before.virusCheckOption && !after.virusCheckOption) {
      const result = await trx
        .updateTable('accounts')
        .set({ virusAlert: false, updatedAt: after.updatedAt })
        .where('organizationId', '=', organizationId)
        .where('virusAlert', '=', true)
        .executeTakeFirst();
      virusAlertsTurnedOff = Number(result.numUpdatedRows);
    }

    await recordAudit(
      trx,
      {
        action: 'organization.updated',
        organizationId,
        ...auditActor(actor),
        target: after.clientNumber,
        details: { ...changed, virusAlertsTurnedOff },
      },
      now,
    );
    return { organization: after, virusAlertsTurnedOff };
  });
}

function changedFields<T extends object>(
  before: T,
  after: T,
  keys: Array<keyof T & string>,
): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of keys) {
    if (before[key] !== after[key]) changed[key] = { from: before[key], to: after[key] };
  }
  return changed;
}

/** Adds a named sending setup, e.g. `sandbox`, to an organization; names are unique in it. */
export async function createServerConfiguration(
  ctx: AppContext,
  organizationId: string,
  name: string,
  db: Kysely<Schema> = ctx.db,
): Promise<ServerConfiguration> {
  const checks = new FieldChecks();
  const configuration: ServerConfiguration = {
    id: newId(),
    organizationId,
    name: checks.name('name', name),
    createdAt: ctx.clock.now().toISOString(),
  };
  checks.done();

  const taken = await db
    .selectFrom('serverConfigurations')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('name', '=', configuration.name)
    .executeTakeFirst();
  if (taken) throw new AppError('conflict', [{ field: 'name', rule: 'name_taken' }]);
  await db.insertInto('serverConfigurations').values(configuration).execute();
  return configuration;
}

/** An account the operator adds to an organization. */
export interface NewOperatorAccount {
  clientNumber: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  deliveryReport?: boolean;
  virusAlert?: boolean;
}

/** The account as created, with its organization's client number. */
export interface AddedAccount {
  id: string;
  organizationId: string;
  clientNumber: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  deliveryReport: boolean;
  virusAlert: boolean;
  /** When the mailed temporary password stops working. */
  passwordExpiresAt: string | null;
}

/**
 * Adds a group administrator to an organization and mails it a temporary password: how the
 * operator gives a new client its first account.
 */
export function addGroupAdmin(
  ctx: AppContext,
  input: Omit<NewOperatorAccount, 'role' | 'deliveryReport' | 'virusAlert'>,
  db: Kysely<Schema> = ctx.db,
): Promise<AddedAccount> {
  return addAccount(ctx, { ...input, role: 'group_admin' }, db);
}

/**
 * Adds an account of any role and mails it a temporary password, in one transaction with
 * its audit record. The email is unique across the service; a duplicate is refused with the
 * field named. Mail options the role or the plan forbids are refused too.
 */
export async function addAccount(
  ctx: AppContext,
  input: NewOperatorAccount,
  db: Kysely<Schema> = ctx.db,
): Promise<AddedAccount> {
  const checks = new FieldChecks();
  const email = checks.email('email', input.email);
  const name = checks.name('name', input.name);
  const role = checks.role('role', input.role);
  const language = checks.language('language', input.language);
  const timeZone = checks.timeZone('timeZone', input.timeZone);
  checks.done();

  return inTransaction(db, async (trx) => {
    const organization = await findOrganizationByClientNumber(ctx, input.clientNumber, trx);
    if (!organization) {
      throw new AppError('not_found', [{ field: 'clientNumber', rule: 'unknown_client_number' }]);
    }
    const options = new FieldChecks();
    checkMailOptions(options, role, organization, input);
    options.done();

    const account = {
      email,
      name,
      role,
      language,
      timeZone,
      deliveryReport: input.deliveryReport ?? false,
      virusAlert: input.virusAlert ?? false,
    };
    const id = await createAccountWithTemporaryPassword(
      ctx,
      trx,
      { ...account, organization, totp: false },
      OPERATOR,
    );

    const issued = await trx
      .selectFrom('accounts')
      .select('passwordExpiresAt')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      ...account,
      id,
      organizationId: organization.id,
      clientNumber: organization.clientNumber,
      ...issued,
    };
  });
}

/** A role change the operator made. */
export interface RoleChange {
  accountId: string;
  email: string;
  organizationId: string;
  clientNumber: string;
  from: Role;
  to: Role;
}

/**
 * Makes the account with this email a group administrator. Its open sessions end at once,
 * so its next request already runs with the new role (after signing in again).
 */
export function grantGroupAdmin(
  ctx: AppContext,
  email: string,
  actor: Actor,
  db: Kysely<Schema> = ctx.db,
): Promise<RoleChange> {
  return inTransaction(db, async (trx) => {
    const account = await accountForRoleChange(trx, email);
    if (account.role === 'group_admin') {
      throw new AppError('conflict', [{ field: 'email', rule: 'already_group_admin' }]);
    }
    return changeRole(ctx, trx, account, 'group_admin', actor);
  });
}

/**
 * Takes the group administrator role from the account with this email and gives it
 * `newRole`. Refused with `last_group_admin` when no other unlocked group administrator
 * would be left in its organization. Its open sessions end at once.
 */
export async function revokeGroupAdmin(
  ctx: AppContext,
  email: string,
  newRole: AssignableRole,
  actor: Actor,
  db: Kysely<Schema> = ctx.db,
): Promise<RoleChange> {
  const checks = new FieldChecks();
  const role = checks.role('role', newRole, ASSIGNABLE_ROLES);
  checks.done();

  return inTransaction(db, async (trx) => {
    const account = await accountForRoleChange(trx, email);
    if (account.role !== 'group_admin') {
      throw new AppError('conflict', [{ field: 'email', rule: 'not_group_admin' }]);
    }

    // Two revocations at once must not both see the other administrator and leave none:
    // on PostgreSQL the organization's row serializes them; SQLite has one writer anyway.
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', account.organizationId)
      .$if(ctx.dialect === 'postgres', (query) => query.forUpdate())
      .execute();
    const others = await trx
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organizationId', '=', account.organizationId)
      .where('role', '=', 'group_admin')
      .where('locked', '=', false)
      .where('id', '!=', account.id)
      .executeTakeFirstOrThrow();
    if (others.count === 0) throw new AppError('last_group_admin');

    return changeRole(ctx, trx, account, role, actor);
  });
}

interface RoleChangeTarget {
  id: string;
  email: string;
  role: Role;
  deliveryReport: boolean;
  virusAlert: boolean;
  organizationId: string;
  clientNumber: string;
  plan: Plan;
  virusCheckOption: boolean;
}

async function accountForRoleChange(db: Kysely<Schema>, email: string): Promise<RoleChangeTarget> {
  const account = await db
    .selectFrom('accounts')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.role',
      'accounts.deliveryReport',
      'accounts.virusAlert',
      'accounts.organizationId',
      'organizations.clientNumber',
      'organizations.plan',
      'organizations.virusCheckOption',
    ])
    .where('accounts.email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!account) throw new AppError('not_found', [{ field: 'email', rule: 'unknown_account' }]);
  return account;
}

async function changeRole(
  ctx: AppContext,
  trx: Kysely<Schema>,
  account: RoleChangeTarget,
  to: Role,
  actor: Actor,
): Promise<RoleChange> {
  const now = ctx.clock.now();
  // Mail the new role may not receive stops with the change, as the account dialog would.
  const deliveryReport = account.deliveryReport && mayReceiveDeliveryReport(to);
  const virusAlert = account.virusAlert && mayReceiveVirusAlert(to, account);
  await trx
    .updateTable('accounts')
    .set({ role: to, deliveryReport, virusAlert, updatedAt: now.toISOString() })
    .where('id', '=', account.id)
    .execute();
  await endAccountSessions(trx, account.id);
  await recordAudit(
    trx,
    {
      action: to === 'group_admin' ? 'role.granted' : 'role.revoked',
      organizationId: account.organizationId,
      ...auditActor(actor),
      targetAccountId: account.id,
      target: account.email,
      details: { from: account.role, to },
    },
    now,
  );
  return {
    accountId: account.id,
    email: account.email,
    organizationId: account.organizationId,
    clientNumber: account.clientNumber,
    from: account.role,
    to,
  };
}

function auditActor(actor: Actor) {
  return {
    actorAccountId: actor.accountId,
    actor: actor.label,
    clientAddress: actor.clientAddress,
  };
}

/** Runs `work` in `db` when it is already a transaction, else in a new one. */
function inTransaction<T>(
  db: Kysely<Schema>,
  work: (trx: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
