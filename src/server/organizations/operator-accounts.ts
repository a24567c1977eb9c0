import type { Kysely } from 'kysely';
import { type TotpState, totpState } from '../../contract/accounts.ts';
import type { Language } from '../../contract/locale.ts';
import type { Role } from '../../contract/roles.ts';
import { issueTemporaryPassword } from '../auth/passwords.ts';
import { reissueTotpKey, setTotpEnabled } from '../auth/totp.ts';
import type { AppContext } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { OPERATOR } from './service.ts';

/*
 * What the operator does to single accounts, of any role and any organization: the support
 * desk's recovery paths when a client cannot help itself (a lost phone, a forgotten
 * password, no group administrator left to ask).
 */

/** One account as the operator's list shows it. */
export interface OperatorAccountView {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  totp: TotpState;
  locked: boolean;
  deliveryReport: boolean;
  virusAlert: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

/** Every account of the organization, group administrators included, by email. */
export async function listOrganizationAccounts(
  ctx: AppContext,
  organizationId: string,
): Promise<OperatorAccountView[]> {
  const rows = await ctx.db
    .selectFrom('accounts')
    .select([
      'id',
      'email',
      'name',
      'role',
      'language',
      'timeZone',
      'totpEnabled',
      'totpSecret',
      'locked',
      'deliveryReport',
      'virusAlert',
      'lastSignInAt',
      'createdAt',
    ])
    .where('organizationId', '=', organizationId)
    .orderBy('email')
    .execute();
  return rows.map(({ totpEnabled, totpSecret, ...account }) => ({
    ...account,
    totp: totpState(totpEnabled, totpSecret !== null),
  }));
}

/** The account's state after an operator's change, for the operator to confirm. */
export interface OperatorAccountResult {
  email: string;
  clientNumber: string;
  totp: TotpState;
  passwordTemporary: boolean;
  passwordExpiresAt: string | null;
}

/**
 * Replaces the account's password with a temporary one mailed to it; its sessions end. The
 * operator never sees the password: only the account's mailbox does.
 */
export function mailTemporaryPassword(
  ctx: AppContext,
  email: string,
): Promise<OperatorAccountResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const account = await accountByEmail(trx, email);
    await issueTemporaryPassword(ctx, trx, account, OPERATOR);
    return resultOf(trx, account.id);
  });
}

/**
 * Switches two-factor authentication on (the QR code comes at the next sign-in) or off for
 * the account; its sessions end.
 */
export function setAccountTotp(
  ctx: AppContext,
  email: string,
  enabled: boolean,
): Promise<OperatorAccountResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const account = await accountByEmail(trx, email);
    await setTotpEnabled(ctx, trx, account.id, enabled, OPERATOR);
    return resultOf(trx, account.id);
  });
}

/**
 * Forgets the account's authenticator, the recovery path for a lost phone: the old app stops
 * working at once and the next sign-in shows a new QR code; its sessions end.
 */
export function reissueAccountOtpKey(
  ctx: AppContext,
  email: string,
): Promise<OperatorAccountResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const account = await accountByEmail(trx, email);
    if (!account.totpEnabled) {
      throw new AppError('conflict', [{ field: 'email', rule: 'totp_off' }]);
    }
    await reissueTotpKey(ctx, trx, account.id, OPERATOR);
    return resultOf(trx, account.id);
  });
}

async function accountByEmail(db: Kysely<Schema>, email: string) {
  const account = await db
    .selectFrom('accounts')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.name',
      'accounts.language',
      'accounts.timeZone',
      'accounts.totpEnabled',
      'organizations.name as organizationName',
    ])
    .where('accounts.email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!account) throw new AppError('not_found', [{ field: 'email', rule: 'unknown_account' }]);
  return account;
}

async function resultOf(db: Kysely<Schema>, accountId: string): Promise<OperatorAccountResult> {
  const account = await db
    .selectFrom('accounts')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .select([
      'accounts.email',
      'organizations.clientNumber',
      'accounts.totpEnabled',
      'accounts.totpSecret',
      'accounts.passwordTemporary',
      'accounts.passwordExpiresAt',
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const { totpEnabled, totpSecret, ...rest } = account;
  return { ...rest, totp: totpState(totpEnabled, totpSecret !== null) };
}
