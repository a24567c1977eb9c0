import type { AccountNotice, ManagedAccount } from '../../contract/accounts.ts';
import type { Language } from '../../contract/locale.ts';
import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
  mayReceiveDeliveryReport,
  mayReceiveVirusAlert,
} from '../../contract/roles.ts';
import type { AuditEvent } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { issueTemporaryPassword } from '../auth/passwords.ts';
import type { Principal } from '../auth/sessions.ts';
import { endAccountSessions } from '../auth/sessions.ts';
import { verifyAccountPassword } from '../auth/sign-in.ts';
import { reissueTotpKey, setTotpEnabled } from '../auth/totp.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { FieldChecks, isUniqueViolation } from '../organizations/fields.ts';
import { checkMailOptions, createAccountWithTemporaryPassword } from './creation.ts';
import {
  type ManagedAccountRow,
  managedAccountColumns,
  managedBy,
  presentAccount,
} from './managed-account.ts';

/** The organization a group administrator manages, as its session knows it. */
export type ManagingOrganization = Principal['organization'];

/** What the account dialog sends when adding an account. */
export interface NewAccount {
  email: string;
  name: string;
  role: string;
  language: string;
  timeZone: string;
  totp?: boolean;
  deliveryReport?: boolean;
  virusAlert?: boolean;
}

/** What the account dialog sends when saving an account: only the fields it changes. */
export type AccountChanges = Partial<NewAccount> & { locked?: boolean };

/** Why a deletion did not happen; the account is left as it was. */
export type DeletionRefusal =
  | { refused: 'not_found' }
  | { refused: 'password_wrong' }
  | { refused: 'throttled'; retryAfterSeconds: number };

/** One of the organization's managed accounts, or null for any other id. */
export async function readAccount(
  ctx: AppContext,
  organizationId: string,
  accountId: string,
): Promise<ManagedAccount | null> {
  const row = await findManaged(ctx.db, organizationId, accountId);
  return row ? presentAccount(row) : null;
}

/**
 * Adds an account to the organization and mails it a temporary password, in one
 * transaction: if anything fails, there is neither an account nor a mail.
 */
export async function addAccount(
  ctx: AppContext,
  organization: ManagingOrganization,
  actor: Actor,
  draft: NewAccount,
): Promise<ManagedAccount> {
  const checks = new FieldChecks();
  const email = checks.email('email', draft.email);
  const name = checks.name('name', draft.name);
  const role = checks.role('role', draft.role, ASSIGNABLE_ROLES);
  const language = checks.language('language', draft.language);
  const timeZone = checks.timeZone('timeZone', draft.timeZone);
  checks.done();
  checkMailOptions(checks, role, organization, draft);
  checks.done();

  const id = await ctx.db.transaction().execute((trx) =>
    createAccountWithTemporaryPassword(
      ctx,
      trx,
      {
        organization,
        email,
        name,
        role,
        language,
        timeZone,
        totp: draft.totp ?? false,
        deliveryReport: draft.deliveryReport ?? false,
        virusAlert: draft.virusAlert ?? false,
      },
      actor,
    ),
  );

  const added = await readAccount(ctx, organization.id, id);
  if (!added) throw new Error('the added account vanished');
  return added;
}

/**
 * Saves the account dialog. A role change that forbids an option turns the option off
 * and says so in `notices`; asking for a forbidden option is refused. Locking ends the
 * account's sessions at once; a changed email is announced to the old and the new address.
 * Returns null when the id is not one of the organization's managed accounts.
 */
export async function editAccount(
  ctx: AppContext,
  organization: ManagingOrganization,
  actor: Actor,
  accountId: string,
  changes: AccountChanges,
): Promise<{ account: ManagedAccount; notices: AccountNotice[] } | null> {
  const checks = new FieldChecks();
  const email = changes.email === undefined ? undefined : checks.email('email', changes.email);
  const name = changes.name === undefined ? undefined : checks.name('name', changes.name);
  const role =
    changes.role === undefined ? undefined : checks.role('role', changes.role, ASSIGNABLE_ROLES);
  const language =
    changes.language === undefined ? undefined : checks.language('language', changes.language);
  const timeZone =
    changes.timeZone === undefined ? undefined : checks.timeZone('timeZone', changes.timeZone);
  checks.done();

  const notices: AccountNotice[] = [];
  const found = await inTransactionRefusingTakenEmail(ctx, async (trx) => {
    const current = await findManaged(trx, organization.id, accountId, ctx.dialect === 'postgres');
    if (!current) return false;
    const before = presentAccount(current);

    const after: EditableFields = {
      email: email ?? before.email,
      name: name ?? before.name,
      role: role ?? before.role,
      language: language ?? before.language,
      timeZone: timeZone ?? before.timeZone,
      deliveryReport: changes.deliveryReport ?? before.deliveryReport,
      virusAlert: changes.virusAlert ?? before.virusAlert,
    };
    checkMailOptions(checks, after.role, organization, changes);
    checks.done();
    notices.push(...dropForbiddenOptions(after, organization));
    if (after.email !== before.email) await refuseTakenEmail(trx, after.email, accountId);

    const changed = changedFields(before, after);
    const now = ctx.clock.now();
    const lockChanged = changes.locked !== undefined && changes.locked !== before.locked;
    if (Object.keys(changed).length > 0 || lockChanged) {
      await trx
        .updateTable('accounts')
        .set({ ...after, locked: changes.locked ?? before.locked, updatedAt: now.toISOString() })
        .where('id', '=', accountId)
        .execute();
    }

    const audit = auditBase(organization, actor, accountId, after.email);
    if (Object.keys(changed).length > 0) {
      await recordAudit(trx, { ...audit, action: 'account.updated', details: changed }, now);
    }
    if (lockChanged) {
      if (changes.locked) await endAccountSessions(trx, accountId);
      await recordAudit(
        trx,
        {
          ...audit,
          action: changes.locked ? 'account.locked' : 'account.unlocked',
          details: { locked: [before.locked, changes.locked] },
        },
        now,
      );
    }
    if (changes.totp !== undefined && changes.totp !== (before.totp !== 'off')) {
      await setTotpEnabled(ctx, trx, accountId, changes.totp, actor);
    }
    if (changed.email) await announceEmailChange(ctx, trx, accountId, before.email, after);
    return true;
  });
  if (!found) return null;

  const account = await readAccount(ctx, organization.id, accountId);
  if (!account) return null;
  return { account, notices };
}

/**
 * Replaces the account's password with a temporary one, mails it, and ends the account's
 * sessions. Returns the password, to be shown once, or null for an unknown id.
 */
export async function issueTemporaryPasswordFor(
  ctx: AppContext,
  organization: ManagingOrganization,
  actor: Actor,
  accountId: string,
): Promise<string | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const account = await findManaged(trx, organization.id, accountId);
    if (!account) return null;

    const temporaryPassword = await issueTemporaryPassword(
      ctx,
      trx,
      {
        id: account.id,
        email: account.email,
        name: account.name,
        language: account.language,
        timeZone: account.timeZone,
        organizationName: organization.name,
      },
      actor,
    );
    return temporaryPassword;
  });
}

/**
 * Forgets the account's authenticator (the old app's codes stop working at once) and ends
 * its sessions; its next sign-in shows a new QR code. Null for an unknown id.
 */
export async function reissueOtpKey(
  ctx: AppContext,
  organization: ManagingOrganization,
  actor: Actor,
  accountId: string,
): Promise<ManagedAccount | null> {
  const reissued = await ctx.db.transaction().execute(async (trx) => {
    const account = await findManaged(trx, organization.id, accountId);
    if (!account) return false;
    return reissueTotpKey(ctx, trx, accountId, actor);
  });
  return reissued ? readAccount(ctx, organization.id, accountId) : null;
}

/**
 * Deletes the account once the signed-in administrator confirmed with their own password.
 * A wrong password deletes nothing and counts as a failed sign-in of the administrator.
 * The account's sessions go with it; the audit trail keeps its email.
 */
export async function deleteAccount(
  ctx: AppContext,
  organization: ManagingOrganization,
  actor: Actor & { accountId: string },
  accountId: string,
  password: string,
): Promise<DeletionRefusal | null> {
  if (!(await findManaged(ctx.db, organization.id, accountId))) return { refused: 'not_found' };

  const check = await verifyAccountPassword(ctx, actor.accountId, password, actor.clientAddress);
  if (!check.ok) {
    return check.reason === 'throttled'
      ? { refused: 'throttled', retryAfterSeconds: check.retryAfterSeconds }
      : { refused: 'password_wrong' };
  }

  const deleted = await ctx.db.transaction().execute(async (trx) => {
    const account = await findManaged(trx, organization.id, accountId);
    if (!account) return false;
    await endAccountSessions(trx, accountId);
    await trx.deleteFrom('accounts').where('id', '=', accountId).execute();
    await recordAudit(
      trx,
      {
        ...auditBase(organization, actor, accountId, account.email),
        action: 'account.deleted',
        details: { role: account.role, name: account.name },
      },
      ctx.clock.now(),
    );
    return true;
  });
  return deleted ? null : { refused: 'not_found' };
}

async function findManaged(
  db: Database,
  organizationId: string,
  accountId: string,
  forUpdate = false,
): Promise<ManagedAccountRow | undefined> {
  let query = managedBy(
    db.selectFrom('accounts').select(managedAccountColumns),
    organizationId,
  ).where('accounts.id', '=', accountId);
  // SQLite has no row locks: its writers are serialized by the database lock instead.
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as ManagedAccountRow | undefined;
}

/** The fields of the account dialog that are saved as they are, in the account's row. */
interface EditableFields {
  email: string;
  name: string;
  role: AssignableRole;
  language: Language;
  timeZone: string;
  deliveryReport: boolean;
  virusAlert: boolean;
}

/**
 * Turns off, in `fields`, the mail options its role or the organization's plan no longer
 * allows, and names each one so that the answer can say so.
 */
function dropForbiddenOptions(
  fields: EditableFields,
  organization: ManagingOrganization,
): AccountNotice[] {
  const notices: AccountNotice[] = [];
  if (fields.deliveryReport && !mayReceiveDeliveryReport(fields.role)) {
    fields.deliveryReport = false;
    notices.push('delivery_report_turned_off');
  }
  if (fields.virusAlert && !mayReceiveVirusAlert(fields.role, organization)) {
    fields.virusAlert = false;
    notices.push('virus_alert_turned_off');
  }
  return notices;
}

/** Each field that differs, as the audit trail records it: `{ field: [old, new] }`. */
function changedFields(
  before: EditableFields,
  after: EditableFields,
): Partial<Record<keyof EditableFields, [unknown, unknown]>> {
  const changed: Partial<Record<keyof EditableFields, [unknown, unknown]>> = {};
  for (const field of Object.keys(after) as Array<keyof EditableFields>) {
    if (before[field] !== after[field]) changed[field] = [before[field], after[field]];
  }
  return changed;
}

/** Login IDs are unique across the service, not only within the organization. */
async function refuseTakenEmail(db: Database, email: string, ownId: string): Promise<void> {
  const holder = await db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .where('id', '!=', ownId)
    .executeTakeFirst();
  if (holder) throw AppError.field('email', 'email_taken');
}

/**
 * Runs `work` in a transaction; two requests that take the same email at once both pass
 * the check above, and the unique index refuses the second, which is told the same way.
 */
async function inTransactionRefusingTakenEmail<T>(
  ctx: AppContext,
  work: (trx: Database) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.field('email', 'email_taken');
    throw error;
  }
}

async function announceEmailChange(
  ctx: AppContext,
  trx: Database,
  accountId: string,
  oldEmail: string,
  account: { email: string; name: string; language: Language; timeZone: string },
): Promise<void> {
  const changeId = newId();
  for (const [which, to] of [
    ['old', oldEmail],
    ['new', account.email],
  ] as const) {
    await enqueueMail(ctx, trx, {
      dedupeKey: `email-changed:${accountId}:${changeId}:${which}`,
      to,
      language: account.language,
      timeZone: account.timeZone,
      content: {
        template: 'email_changed',
        params: { name: account.name, oldEmail, newEmail: account.email },
      },
    });
  }
}

function auditBase(
  organization: ManagingOrganization,
  actor: Actor,
  targetAccountId: string,
  target: string,
): Omit<AuditEvent, 'action'> {
  return {
    organizationId: organization.id,
    actorAccountId: actor.accountId,
    actor: actor.label,
    targetAccountId,
    target,
    clientAddress: actor.clientAddress,
  };
}
