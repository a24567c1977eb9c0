import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { Language } from '../../contract/locale.ts';
import { recordAudit } from '../audit/audit.ts';
import { isoAfter } from '../clock.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { Actor } from './actor.ts';
import { endAccountSessions } from './sessions.ts';

/**
 * argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane). They are written into every
 * hash string, so raising them later leaves existing hashes verifiable.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm is a const enum, which isolated modules cannot read: 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * A hash of a random password nobody knows, with ARGON2_OPTIONS. Verifying against it when
 * no account has the email costs what a real verify costs, so the answer time does not tell
 * an unknown email from a wrong password.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$4UfVlvX8+mr53xzJ/NCnUw$jkT+SEUKfBB+BpcKwm2dleH7bFVBuZhX2WMsx3sWNmY';

/*
 * At most one hash per core but one, and at least one. More would not finish sooner; they
 * would take the CPU from the event loop (which answers every other request, /healthz
 * included) and every thread of libuv's pool from file and DNS work. The core left over
 * keeps the event loop responsive while sign-ins saturate the rest (docs/benchmarks.md).
 */
const HASH_SLOTS = Math.max(1, availableParallelism() - 1);
let hashesRunning = 0;
const hashesWaiting: Array<() => void> = [];

async function inHashSlot<T>(run: () => Promise<T>): Promise<T> {
  if (hashesRunning < HASH_SLOTS) hashesRunning += 1;
  else await new Promise<void>((resolve) => hashesWaiting.push(resolve));
  try {
    return await run();
  } finally {
    // Hand the slot straight to the next waiter, or free it.
    const next = hashesWaiting.shift();
    if (next) next();
    else hashesRunning -= 1;
  }
}

/** Hashes a password with ARGON2_OPTIONS on libuv's thread pool, off the event loop. */
export function hashPassword(password: string): Promise<string> {
  return inHashSlot(() => hash(password, ARGON2_OPTIONS));
}

/** Whether `password` matches `passwordHash`; false for a malformed hash too. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await inHashSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const PERSONAL_PART_MIN_LENGTH = 4;

/** The common passwords the zxcvbn-ts project collected, lowercased, for exact lookups. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].map((password) => password.toLowerCase()),
);

/** What a password may not contain, because an attacker would try it first. */
export interface PasswordContext {
  email: string;
  name: string;
  organizationName: string;
  serviceName: string;
}

export type PasswordRule =
  | 'password_too_short'
  | 'password_too_long'
  | 'password_common'
  | 'password_personal';

/**
 * The first rule `password` breaks, or null when it is acceptable. The password is checked
 * exactly as typed: no trimming, no Unicode normalization, no composition rules; its length
 * counts code points, so an emoji or a kanji is one character.
 *
 * @example passwordProblem('correct horse battery', context) // null
 */
export function passwordProblem(password: string, context: PasswordContext): PasswordRule | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';

  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'password_common';
  if (personalParts(context).some((part) => lowered.includes(part))) return 'password_personal';
  return null;
}

/**
 * The email, its local part, the names, and each word of these, lowercased; parts shorter
 * than four characters would refuse too many good passwords.
 */
function personalParts(context: PasswordContext): string[] {
  const email = context.email.toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  // The domain's words are left out: refusing every password with "gmail" in it helps no one.
  const wholes = [localPart, context.name, context.organizationName, context.serviceName];
  const parts = [email, ...wholes.flatMap((whole) => [whole, ...whole.split(/[\s._+-]+/u)])];
  return [...new Set(parts.map((part) => part.toLowerCase()))].filter(
    (part) => [...part].length >= PERSONAL_PART_MIN_LENGTH,
  );
}

// No 0/O, 1/l/I: the password is read off a screen or a mail and typed by hand.
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const TEMPORARY_GROUPS = 4;
const TEMPORARY_GROUP_LENGTH = 4;

/**
 * A temporary password from the CSPRNG: 16 characters of a 56-letter alphabet (about 93
 * bits), in four groups of four for reading, e.g. `k7Qm-zR4p-Xw9c-Hn2t`.
 */
export function generateTemporaryPassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < TEMPORARY_GROUPS; group++) {
    let characters = '';
    for (let index = 0; index < TEMPORARY_GROUP_LENGTH; index++) {
      characters += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
    }
    groups.push(characters);
  }
  return groups.join('-');
}

/** The account a temporary password is issued to, with what its mail needs. */
export interface TemporaryPasswordRecipient {
  id: string;
  email: string;
  name: string;
  language: Language;
  timeZone: string;
  organizationName: string;
}

/**
 * Replaces the account's password with a new temporary one, valid for
 * `config.temporaryPasswordHours` and only for choosing a new password; ends the account's
 * sessions, records the issue and queues the mail that carries it, all in `db`, the caller's
 * transaction. Returns the password so that the screen can show it once.
 */
export async function issueTemporaryPassword(
  ctx: AppContext,
  db: Database,
  account: TemporaryPasswordRecipient,
  actor: Actor,
): Promise<string> {
  const now = ctx.clock.now();
  const temporaryPassword = generateTemporaryPassword();
  const expiresAt = isoAfter(now, ctx.config.temporaryPasswordHours * 3_600_000);
  const passwordHash = await hashPassword(temporaryPassword);

  const updated = await db
    .updateTable('accounts')
    .set({
      passwordHash,
      passwordTemporary: true,
      passwordExpiresAt: expiresAt,
      updatedAt: now.toISOString(),
    })
    .where('id', '=', account.id)
    .returning(['organizationId'])
    .executeTakeFirstOrThrow();
  await endAccountSessions(db, account.id);

  await recordAudit(
    db,
    {
      action: 'password.temporary_issued',
      organizationId: updated.organizationId,
      actorAccountId: actor.accountId,
      actor: actor.label,
      targetAccountId: account.id,
      target: account.email,
      clientAddress: actor.clientAddress,
      details: { expiresAt },
    },
    now,
  );
  await enqueueMail(ctx, db, {
    dedupeKey: `temporary-password:${account.id}:${newId()}`,
    to: account.email,
    language: account.language,
    timeZone: account.timeZone,
    content: {
      template: 'temporary_password',
      params: {
        name: account.name,
        temporaryPassword,
        expiresAt,
        organizationName: account.organizationName,
      },
    },
  });
  return temporaryPassword;
}
