import { totpState } from '../../contract/accounts.ts';
import { isLanguage, isTimeZone, type Language } from '../../contract/locale.ts';
import type { Profile } from '../../contract/profile.ts';
import { mayReceiveDeliveryReport, mayReceiveVirusAlert } from '../../contract/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { endAccountSessions, type Principal } from '../auth/sessions.ts';
import {
  accountWithOrganization,
  type OpenSession,
  passwordContext,
  storeNewPassword,
  verifyAccountCode,
  verifyAccountPassword,
} from '../auth/sign-in.ts';
import { setTotpEnabled } from '../auth/totp.ts';
import type { AppContext } from '../context.ts';
import type { FieldProblem } from '../errors.ts';

/*
 * What every account may do to itself: read and edit its profile, change its password,
 * switch two-factor authentication on, and, for group administrators, off again.
 */

export interface ProfileChanges {
  name?: string;
  language?: string;
  timeZone?: string;
  deliveryReport?: boolean;
  virusAlert?: boolean;
}

export type ProfileUpdate = { ok: true; profile: Profile } | { ok: false; fields: FieldProblem[] };

export type PasswordChange =
  | { ok: true }
  | { ok: false; field: 'currentPassword' | 'newPassword'; rule: string }
  | { ok: false; throttled: true; retryAfterSeconds: number };

export type TotpDisabling =
  | { ok: true; profile: Profile }
  | { ok: false; refusal: 'password_wrong' | 'invalid_code' }
  | { ok: false; refusal: 'throttled'; retryAfterSeconds: number };

const NAME_MAX_LENGTH = 100;

/** The profile of `accountId`; the caller makes sure it is the signed-in account. */
export async function loadProfile(ctx: AppContext, accountId: string): Promise<Profile> {
  const row = await ctx.db
    .selectFrom('accounts')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .select([
      'accounts.id',
      'accounts.email',
      'accounts.name',
      'accounts.role',
      'accounts.language',
      'accounts.timeZone',
      'accounts.totpEnabled',
      'accounts.totpSecret',
      'accounts.deliveryReport',
      'accounts.virusAlert',
      'accounts.lastSignInAt',
      'organizations.id as organizationId',
      'organizations.name as organizationName',
      'organizations.clientNumber',
      'organizations.plan',
      'organizations.virusCheckOption',
    ])
    .where('accounts.id', '=', accountId)
    .executeTakeFirstOrThrow();

  const organization = {
    id: row.organizationId,
    name: row.organizationName,
    clientNumber: row.clientNumber,
    plan: row.plan,
    virusCheckOption: row.virusCheckOption,
  };
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    timeZone: row.timeZone,
    totp: totpState(row.totpEnabled, row.totpSecret !== null),
    deliveryReport: row.deliveryReport,
    virusAlert: row.virusAlert,
    lastSignInAt: row.lastSignInAt,
    organization,
    allowed: {
      deliveryReport: mayReceiveDeliveryReport(row.role),
      virusAlert: mayReceiveVirusAlert(row.role, organization),
      disableTotp: row.role === 'group_admin',
    },
  };
}

/**
 * Applies the changes the account made to its profile. Every field that breaks a rule is
 * named, and then nothing changes: an option the role or the plan forbids is refused, not
 * dropped.
 */
export async function updateProfile(
  ctx: AppContext,
  principal: Principal,
  changes: ProfileChanges,
  clientAddress: string | null,
): Promise<ProfileUpdate> {
  const { role } = principal.account;
  const name = changes.name?.trim();
  const problems: FieldProblem[] = [];

  if (name !== undefined && name.length === 0) problems.push({ field: 'name', rule: 'required' });
  if (name !== undefined && [...name].length > NAME_MAX_LENGTH) {
    problems.push({ field: 'name', rule: 'too_long', params: { limit: NAME_MAX_LENGTH } });
  }
  if (changes.language !== undefined && !isLanguage(changes.language)) {
    problems.push({ field: 'language', rule: 'language' });
  }
  if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone)) {
    problems.push({ field: 'timeZone', rule: 'time_zone' });
  }
  if (changes.deliveryReport === true && !mayReceiveDeliveryReport(role)) {
    problems.push({ field: 'deliveryReport', rule: 'option_forbidden_by_role' });
  }
  if (changes.virusAlert === true && !mayReceiveVirusAlert(role, principal.organization)) {
    const roleAllows = mayReceiveVirusAlert(role, { plan: 'pro', virusCheckOption: true });
    const rule = roleAllows ? 'option_forbidden_by_plan' : 'option_forbidden_by_role';
    problems.push({ field: 'virusAlert', rule });
  }
  if (problems.length > 0) return { ok: false, fields: problems };

  const applied = {
    ...(name !== undefined && { name }),
    ...(changes.language !== undefined && { language: changes.language as Language }),
    ...(changes.timeZone !== undefined && { timeZone: changes.timeZone }),
    ...(changes.deliveryReport !== undefined && { deliveryReport: changes.deliveryReport }),
    ...(changes.virusAlert !== undefined && { virusAlert: changes.virusAlert }),
  };
  if (Object.keys(applied).length > 0) {
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({ ...applied, updatedAt: now.toISOString() })
        .where('id', '=', principal.account.id)
        .execute();
      await recordAudit(
        trx,
        {
          ...ownEvent(principal, clientAddress),
          action: 'profile.updated',
          details: { changed: applied },
        },
        now,
      );
    });
  }
  return { ok: true, profile: await loadProfile(ctx, principal.account.id) };
}

/**
 * Changes the password after checking the current one (a wrong one counts toward the
 * account's throttling). The account's other sessions end; this one continues under a new
 * token that `openSession` starts.
 */
export async function changePassword(
  ctx: AppContext,
  principal: Principal,
  passwords: { currentPassword: string; newPassword: string },
  clientAddress: string | null,
  openSession: OpenSession,
): Promise<PasswordChange> {
  const accountId = principal.account.id;
  const check = await verifyAccountPassword(
    ctx,
    accountId,
    passwords.currentPassword,
    clientAddress,
  );
  if (!check.ok) {
    return check.reason === 'throttled'
      ? { ok: false, throttled: true, retryAfterSeconds: check.retryAfterSeconds }
      : { ok: false, field: 'currentPassword', rule: 'password_wrong' };
  }

  const account = await accountWithOrganization(ctx.db, accountId);
  const rule =
    passwordProblem(passwords.newPassword, passwordContext(ctx, account)) ??
    (passwords.newPassword === passwords.currentPassword ? 'password_unchanged' : null);
  if (rule) return { ok: false, field: 'newPassword', rule };

  const passwordHash = await hashPassword(passwords.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await storeNewPassword(ctx, trx, account, passwordHash, clientAddress, 'profile');
    await endAccountSessions(trx, accountId);
    await openSession(trx, accountId, 'active');
  });
  return { ok: true };
}

/**
 * Switches two-factor authentication on for the account itself; its authenticator is set
 * up at the next sign-in. Its other sessions end, since they were opened without it.
 */
export async function enableOwnTotp(
  ctx: AppContext,
  principal: Principal,
  clientAddress: string | null,
): Promise<Profile> {
  if (!principal.account.totpEnabled) {
    await ctx.db.transaction().execute(async (trx) => {
      await setTotpEnabled(
        ctx,
        trx,
        principal.account.id,
        true,
        ownActor(principal, clientAddress),
      );
    });
  }
  return loadProfile(ctx, principal.account.id);
}

/**
 * Switches two-factor authentication off for a group administrator itself, with its
 * password and a current code (none when no authenticator was set up yet). The caller has
 * checked the role.
 */
export async function disableOwnTotp(
  ctx: AppContext,
  principal: Principal,
  proof: { password: string; code: string },
  clientAddress: string | null,
): Promise<TotpDisabling> {
  const accountId = principal.account.id;
  const passwordCheck = await verifyAccountPassword(ctx, accountId, proof.password, clientAddress);
  if (!passwordCheck.ok) {
    return passwordCheck.reason === 'throttled'
      ? { ok: false, refusal: 'throttled', retryAfterSeconds: passwordCheck.retryAfterSeconds }
      : { ok: false, refusal: 'password_wrong' };
  }

  const account = await accountWithOrganization(ctx.db, accountId);
  if (account.totpSecret !== null) {
    const codeCheck = await verifyAccountCode(ctx, account, proof.code, clientAddress);
    if (!codeCheck.ok) {
      return codeCheck.reason === 'throttled'
        ? { ok: false, refusal: 'throttled', retryAfterSeconds: codeCheck.retryAfterSeconds }
        : { ok: false, refusal: 'invalid_code' };
    }
  }

  await ctx.db.transaction().execute(async (trx) => {
    await setTotpEnabled(ctx, trx, accountId, false, ownActor(principal, clientAddress));
  });
  return { ok: true, profile: await loadProfile(ctx, accountId) };
}

function ownActor(principal: Principal, clientAddress: string | null): Actor {
  return {
    accountId: principal.account.id,
    label: principal.account.email,
    clientAddress,
    sessionId: principal.sessionId,
  };
}

function ownEvent(principal: Principal, clientAddress: string | null) {
  return {
    organizationId: principal.organization.id,
    actorAccountId: principal.account.id,
    actor: principal.account.email,
    targetAccountId: principal.account.id,
    target: principal.account.email,
    clientAddress,
  };
}
