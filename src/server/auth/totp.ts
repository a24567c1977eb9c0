import { HOTP, Secret } from 'otpauth';
import { recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { AccountTable } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { endAccountSessions } from './sessions.ts';

/*
 * Time-based one-time codes (RFC 6238) as authenticator apps make them: HMAC-SHA-1,
 * 6 digits, 30-second steps.
 */

const STEP_SECONDS = 30;
const DIGITS = 6;
const SECRET_BYTES = 20;
/** One step each way, for a phone whose clock is a little off. */
const DRIFT_STEPS = 1;

/** A new 160-bit secret from the CSPRNG, in base32 without padding, as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32.replace(/=+$/, '');
}

/**
 * The `otpauth://` URI an authenticator app reads from the QR code. A `:` separates issuer
 * and account in the label, so neither may contain one.
 *
 * @example totpUri('Mailroom', 'ann@example.com', 'JBSW...')
 * // 'otpauth://totp/Mailroom:ann%40example.com?secret=JBSW...&issuer=Mailroom'
 */
export function totpUri(issuer: string, email: string, secret: string): string {
  const cleanIssuer = encodeURIComponent(issuer.replaceAll(':', ''));
  const cleanAccount = encodeURIComponent(email.replaceAll(':', ''));
  return `otpauth://totp/${cleanIssuer}:${cleanAccount}?secret=${secret}&issuer=${cleanIssuer}`;
}

/** The 30-second step `time` falls in. */
export function totpStep(time: Date): number {
  return Math.floor(time.getTime() / 1000 / STEP_SECONDS);
}

/** The code of `step`, with `digits` digits: what an authenticator app shows. */
export function totpCode(secret: string, step: number, digits = DIGITS): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), counter: step, digits });
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

/**
 * Checks a code against the current step and one step either side. A code of a step not
 * after `lastAcceptedStep` is refused, so every code works once.
 */
export function verifyTotpCode(
  secret: string,
  code: string,
  lastAcceptedStep: number | null,
  now: Date,
): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  const key = Secret.fromBase32(secret);
  const current = totpStep(now);

  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (lastAcceptedStep !== null && step <= lastAcceptedStep) continue;
    // HOTP.validate compares in constant time; a window of 0 checks exactly this step.
    if (HOTP.validate({ token: code, secret: key, counter: step, window: 0 }) === 0) {
      return { ok: true, step };
    }
  }
  return { ok: false };
}

/**
 * Forgets the account's authenticator: the old app stops working at once, and the next
 * sign-in shows a new QR code. Two-factor authentication stays required. Ends the
 * account's sessions. Returns false when there is no such account.
 */
export async function reissueTotpKey(
  ctx: AppContext,
  db: Database,
  accountId: string,
  actor: Actor,
): Promise<boolean> {
  const forgotten = { totpSecret: null, totpPendingSecret: null, totpLastStep: null };
  return changeTotp(ctx, db, accountId, forgotten, 'totp.key_reissued', actor);
}

/**
 * Switches two-factor authentication on (the QR code comes at the next sign-in) or off (the
 * secret is erased). Ends the account's sessions but the actor's own. Returns false when
 * there is no such account.
 */
export async function setTotpEnabled(
  ctx: AppContext,
  db: Database,
  accountId: string,
  enabled: boolean,
  actor: Actor,
): Promise<boolean> {
  const changes = enabled
    ? { totpEnabled: true }
    : { totpEnabled: false, totpSecret: null, totpPendingSecret: null, totpLastStep: null };
  return changeTotp(ctx, db, accountId, changes, enabled ? 'totp.enabled' : 'totp.disabled', actor);
}

/**
 * Applies a change to the account's two-factor authentication, ends its sessions but the
 * actor's own, and records it; false when there is no such account.
 */
async function changeTotp(
  ctx: AppContext,
  db: Database,
  accountId: string,
  changes: Partial<
    Pick<AccountTable, 'totpEnabled' | 'totpSecret' | 'totpPendingSecret' | 'totpLastStep'>
  >,
  action: 'totp.key_reissued' | 'totp.enabled' | 'totp.disabled',
  actor: Actor,
): Promise<boolean> {
  const now = ctx.clock.now();
  const account = await db
    .updateTable('accounts')
    .set({ ...changes, updatedAt: now.toISOString() })
    .where('id', '=', accountId)
    .returning(['organizationId', 'email'])
    .executeTakeFirst();
  if (!account) return false;

  await endAccountSessions(db, accountId, keptSession(accountId, actor));
  await recordAudit(
    db,
    {
      action,
      organizationId: account.organizationId,
      actorAccountId: actor.accountId,
      actor: actor.label,
      targetAccountId: accountId,
      target: account.email,
      clientAddress: actor.clientAddress,
    },
    now,
  );
  return true;
}

/** An account changing its own setting keeps the session it is working in. */
function keptSession(accountId: string, actor: Actor): string | undefined {
  return actor.accountId === accountId ? actor.sessionId : undefined;
}
