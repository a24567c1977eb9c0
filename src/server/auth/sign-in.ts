import { recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { type Database, precompiled } from '../db/database.ts';
import type { SessionStage } from '../db/schema.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { admitAttempt, clearFailures, loginKey, waitMinutes } from './throttle.ts';
import { newTotpSecret, totpUri, verifyTotpCode } from './totp.ts';

/*
 * Signing in, one stage at a time: password, then a new password if it was temporary, then
 * the authenticator's set-up or a code when two-factor authentication is on. Expected
 * failures are values; every attempt, good or bad, is in the audit trail without the
 * password or code.
 */

/**
 * Starts the session of the next stage in `db`, the transaction of the step that led to it.
 * The HTTP layer passes one that sets a cookie with a new token.
 */
export type OpenSession = (db: Database, accountId: string, stage: SessionStage) => Promise<void>;

/** Why a sign-in step refused, as the audit trail records it. */
export type FailureReason =
  | 'unknown_account'
  | 'wrong_password'
  | 'locked'
  | 'throttled'
  | 'temporary_password_expired'
  | 'wrong_code';

export type SignInResult =
  | { ok: true; accountId: string; stage: SessionStage }
  | { ok: false; reason: 'invalid_credentials' | 'locked' | 'temporary_password_expired' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type CodeResult =
  | { ok: true; stage: SessionStage }
  | { ok: false; reason: 'wrong_code' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type NewPasswordResult = { ok: true; stage: SessionStage } | { ok: false; rule: string };

export type PasswordCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong_password' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** What the password step needs of the account a login names. */
const accountByLogin = precompiled<
  { login: string },
  {
    id: string;
    organizationId: string;
    email: string;
    passwordHash: string;
    passwordTemporary: boolean;
    passwordExpiresAt: string | null;
    totpEnabled: boolean;
    totpSecret: string | null;
    locked: boolean;
  }
>((db, values) =>
  db
    .selectFrom('accounts')
    .select([
      'id',
      'organizationId',
      'email',
      'passwordHash',
      'passwordTemporary',
      'passwordExpiresAt',
      'totpEnabled',
      'totpSecret',
      'locked',
    ])
    .where('email', '=', values.login),
);

const dateSignIn = precompiled<{ accountId: string; at: string }, never>((db, values) =>
  db.updateTable('accounts').set({ lastSignInAt: values.at }).where('id', '=', values.accountId),
);

/** The stage an account reaches once the steps before it are done. */
export function nextStage(account: {
  passwordTemporary: boolean;
  totpEnabled: boolean;
  totpSecret: string | null;
}): SessionStage {
  if (account.passwordTemporary) return 'password_change';
  if (account.totpEnabled) return account.totpSecret === null ? 'totp_setup' : 'totp';
  return 'active';
}

/**
 * The first step: email and password. An unknown email and a wrong password give the same
 * answer after the same work, and both count toward the login's throttling.
 */
export async function signIn(
  ctx: AppContext,
  attempt: { email: string; password: string; clientAddress: string | null },
  openSession: OpenSession,
): Promise<SignInResult> {
  const login = loginKey(attempt.email.trim());
  const audit = (account: AuditedAccount | undefined, reason: FailureReason, extra = {}) =>
    auditFailure(ctx, { login, account, reason, clientAddress: attempt.clientAddress, ...extra });

  const [account] = await accountByLogin.run(ctx.db, ctx.db, { login });
  const admission = await admitAttempt(ctx, login);
  if (!admission.admitted) {
    await audit(account, 'throttled', { retryAfterSeconds: admission.retryAfterSeconds });
    return { ok: false, reason: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  }

  // Hash even without an account, so that the time taken does not tell whether it exists.
  const matches = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, attempt.password);
  if (!account || !matches) {
    const failures = admission.failuresBefore + 1;
    await audit(account, account ? 'wrong_password' : 'unknown_account', {
      failures,
      waitMinutes: waitMinutes(failures),
    });
    return { ok: false, reason: 'invalid_credentials' };
  }
  if (account.locked) {
    await audit(account, 'locked');
    return { ok: false, reason: 'locked' };
  }
  const now = ctx.clock.now();
  if (
    account.passwordTemporary &&
    (account.passwordExpiresAt === null || account.passwordExpiresAt <= now.toISOString())
  ) {
    await audit(account, 'temporary_password_expired');
    return { ok: false, reason: 'temporary_password_expired' };
  }

  const stage = nextStage(account);
  await ctx.db.transaction().execute(async (trx) => {
    await clearFailures(ctx.db, trx, login);
    await enterStage(ctx, trx, account, stage, 'password', attempt.clientAddress);
    await openSession(trx, account.id, stage);
  });
  return { ok: true, accountId: account.id, stage };
}

/**
 * The stage after a temporary password: the account chooses its own, which must follow the
 * password rules and differ from the temporary one.
 */
export async function chooseNewPassword(
  ctx: AppContext,
  accountId: string,
  newPassword: string,
  clientAddress: string | null,
  openSession: OpenSession,
): Promise<NewPasswordResult> {
  const account = await accountWithOrganization(ctx.db, accountId);
  const rule =
    passwordProblem(newPassword, passwordContext(ctx, account)) ??
    ((await verifyPassword(account.passwordHash, newPassword)) ? 'password_unchanged' : null);
  if (rule) return { ok: false, rule };

  const passwordHash = await hashPassword(newPassword);
  const stage = nextStage({ ...account, passwordTemporary: false });
  await ctx.db.transaction().execute(async (trx) => {
    await storeNewPassword(ctx, trx, account, passwordHash, clientAddress, 'temporary_left');
    await enterStage(ctx, trx, account, stage, 'new_password', clientAddress);
    await openSession(trx, account.id, stage);
  });
  return { ok: true, stage };
}

/** What the authenticator app needs: the `otpauth://` URI and the key in base32. */
export interface TotpSetupKey {
  uri: string;
  secret: string;
}

/**
 * The key shown while setting up an authenticator. It stays the same until confirmed, so
 * reloading the page does not invalidate a QR code already scanned.
 */
export async function totpSetupKey(ctx: AppContext, accountId: string): Promise<TotpSetupKey> {
  const fresh = newTotpSecret();
  // Only the first of two concurrent requests stores its key; both then read the same one.
  await ctx.db
    .updateTable('accounts')
    .set({ totpPendingSecret: ctx.secretBox.seal(fresh) })
    .where('id', '=', accountId)
    .where('totpPendingSecret', 'is', null)
    .execute();
  const account = await ctx.db
    .selectFrom('accounts')
    .select(['email', 'totpPendingSecret'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();

  const secret = ctx.secretBox.open(account.totpPendingSecret ?? '');
  return { uri: totpUri(ctx.config.serviceName, account.email, secret), secret };
}

/**
 * Confirms the authenticator with a first code: the pending key becomes the account's key
 * and the session becomes active. A wrong code counts toward throttling.
 */
export async function confirmTotpSetup(
  ctx: AppContext,
  accountId: string,
  code: string,
  clientAddress: string | null,
  openSession: OpenSession,
): Promise<CodeResult> {
  const account = await accountWithOrganization(ctx.db, accountId);
  const pending = account.totpPendingSecret && ctx.secretBox.open(account.totpPendingSecret);
  const check = await checkCode(ctx, account, pending, null, code, clientAddress);
  if (!check.ok) return check;

  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({
        totpSecret: account.totpPendingSecret,
        totpPendingSecret: null,
        totpLastStep: check.step,
        updatedAt: ctx.clock.now().toISOString(),
      })
      .where('id', '=', accountId)
      .execute();
    await recordAudit(trx, selfEvent(account, 'totp.set_up', clientAddress), ctx.clock.now());
    await enterStage(ctx, trx, account, 'active', 'totp_setup', clientAddress);
    await openSession(trx, accountId, 'active');
  });
  return { ok: true, stage: 'active' };
}

/** The last step when an authenticator is set up: a code, accepted once. */
export async function signInWithCode(
  ctx: AppContext,
  accountId: string,
  code: string,
  clientAddress: string | null,
  openSession: OpenSession,
): Promise<CodeResult> {
  const account = await accountWithOrganization(ctx.db, accountId);
  const check = await verifyAccountCode(ctx, account, code, clientAddress);
  if (!check.ok) return check;

  await ctx.db.transaction().execute(async (trx) => {
    await enterStage(ctx, trx, account, 'active', 'totp', clientAddress);
    await openSession(trx, accountId, 'active');
  });
  return { ok: true, stage: 'active' };
}

/**
 * Checks a code of the account's authenticator and uses it up: the same code, or an older
 * one, is refused afterwards, even by a request racing this one. A wrong code counts toward
 * the account's throttling like a wrong password.
 */
export async function verifyAccountCode(
  ctx: AppContext,
  account: AuditedAccount & { totpSecret: string | null; totpLastStep: number | null },
  code: string,
  clientAddress: string | null,
): Promise<CodeResult> {
  const secret = account.totpSecret && ctx.secretBox.open(account.totpSecret);
  const check = await checkCode(ctx, account, secret, account.totpLastStep, code, clientAddress);
  if (!check.ok) return check;

  const used = await ctx.db
    .updateTable('accounts')
    .set({ totpLastStep: check.step })
    .where('id', '=', account.id)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', check.step)]))
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) === 0) {
    await auditFailure(ctx, { login: account.email, account, reason: 'wrong_code', clientAddress });
    return { ok: false, reason: 'wrong_code' };
  }
  return { ok: true, stage: 'active' };
}

/**
 * Re-authentication of a signed-in account with its password (before deleting an account,
 * changing the password, switching two-factor authentication off). Counts like a sign-in:
 * failures toward throttling, success resets it.
 */
export async function verifyAccountPassword(
  ctx: AppContext,
  accountId: string,
  password: string,
  clientAddress: string | null,
): Promise<PasswordCheck> {
  const account = await accountWithOrganization(ctx.db, accountId);
  const admission = await admitAttempt(ctx, account.email);
  if (!admission.admitted) {
    await auditFailure(ctx, {
      login: account.email,
      account,
      reason: 'throttled',
      clientAddress,
      retryAfterSeconds: admission.retryAfterSeconds,
    });
    return { ok: false, reason: 'throttled', retryAfterSeconds: admission.retryAfterSeconds };
  }

  if (!(await verifyPassword(account.passwordHash, password))) {
    const failures = admission.failuresBefore + 1;
    await auditFailure(ctx, {
      login: account.email,
      account,
      reason: 'wrong_password',
      clientAddress,
      step: 'reauthentication',
      failures,
      waitMinutes: waitMinutes(failures),
    });
    return { ok: false, reason: 'wrong_password' };
  }
  await clearFailures(ctx.db, ctx.db, account.email);
  return { ok: true };
}

/**
 * Stores a password the account chose, in the caller's transaction. `why` is recorded:
 * leaving a temporary password, or a change from the profile.
 */
export async function storeNewPassword(
  ctx: AppContext,
  db: Database,
  account: AuditedAccount,
  passwordHash: string,
  clientAddress: string | null,
  why: 'temporary_left' | 'profile',
): Promise<void> {
  const now = ctx.clock.now();
  await db
    .updateTable('accounts')
    .set({
      passwordHash,
      passwordTemporary: false,
      passwordExpiresAt: null,
      updatedAt: now.toISOString(),
    })
    .where('id', '=', account.id)
    .execute();
  await recordAudit(
    db,
    { ...selfEvent(account, 'password.changed', clientAddress), details: { why } },
    now,
  );
}

/** The account, with its organization's name, as the steps of signing in need it. */
export async function accountWithOrganization(db: Database, accountId: string) {
  return db
    .selectFrom('accounts')
    .innerJoin('organizations', 'organizations.id', 'accounts.organizationId')
    .selectAll('accounts')
    .select('organizations.name as organizationName')
    .where('accounts.id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** What the password rules compare a new password with. */
export function passwordContext(
  ctx: AppContext,
  account: { email: string; name: string; organizationName: string },
) {
  return {
    email: account.email,
    name: account.name,
    organizationName: account.organizationName,
    serviceName: ctx.config.serviceName,
  };
}

interface AuditedAccount {
  id: string;
  organizationId: string;
  email: string;
}

/** Throttling first, then the code: a throttled login learns nothing about its code. */
async function checkCode(
  ctx: AppContext,
  account: AuditedAccount,
  secret: string | null,
  lastStep: number | null,
  code: string,
  clientAddress: string | null,
): Promise<{ ok: true; step: number } | Exclude<CodeResult, { ok: true }>> {
  const admission = await admitAttempt(ctx, account.email);
  if (!admission.admitted) {
    const { retryAfterSeconds } = admission;
    await auditFailure(ctx, {
      login: account.email,
      account,
      reason: 'throttled',
      clientAddress,
      retryAfterSeconds,
    });
    return { ok: false, reason: 'throttled', retryAfterSeconds };
  }

  const check = secret
    ? verifyTotpCode(secret, code, lastStep, ctx.clock.now())
    : { ok: false as const };
  if (!check.ok) {
    const failures = admission.failuresBefore + 1;
    await auditFailure(ctx, {
      login: account.email,
      account,
      reason: 'wrong_code',
      clientAddress,
      failures,
      waitMinutes: waitMinutes(failures),
    });
    return { ok: false, reason: 'wrong_code' };
  }
  await clearFailures(ctx.db, ctx.db, account.email);
  return check;
}

/** On reaching `active`: the sign-in is complete, dated and recorded. */
async function enterStage(
  ctx: AppContext,
  db: Database,
  account: AuditedAccount,
  stage: SessionStage,
  lastStep: 'password' | 'new_password' | 'totp_setup' | 'totp',
  clientAddress: string | null,
): Promise<void> {
  if (stage !== 'active') return;
  const now = ctx.clock.now();
  await dateSignIn.run(ctx.db, db, { accountId: account.id, at: now.toISOString() });
  await recordAudit(
    db,
    { ...selfEvent(account, 'sign_in.succeeded', clientAddress), details: { lastStep } },
    now,
  );
}

function selfEvent(
  account: AuditedAccount,
  action: 'sign_in.succeeded' | 'password.changed' | 'totp.set_up',
  clientAddress: string | null,
) {
  return {
    action,
    organizationId: account.organizationId,
    actorAccountId: account.id,
    actor: account.email,
    targetAccountId: account.id,
    target: account.email,
    clientAddress,
  };
}

/**
 * Records a refused attempt. Without an account the login typed is the target, so that a
 * guessing run against unknown emails is visible too.
 */
async function auditFailure(
  ctx: AppContext,
  failure: {
    login: string;
    account: AuditedAccount | undefined;
    reason: FailureReason;
    clientAddress: string | null;
  } & Record<string, unknown>,
): Promise<void> {
  const { login, account, reason, clientAddress, ...details } = failure;
  await recordAudit(
    ctx.db,
    {
      action: reason === 'throttled' ? 'sign_in.throttled' : 'sign_in.failed',
      organizationId: account?.organizationId ?? null,
      actorAccountId: account?.id ?? null,
      actor: account?.email ?? login,
      targetAccountId: account?.id ?? null,
      target: account?.email ?? login,
      clientAddress,
      details: { reason, ...details },
    },
    ctx.clock.now(),
  );
}
