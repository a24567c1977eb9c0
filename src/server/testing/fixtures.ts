import type { Language } from '../../contract/locale.ts';
import type { Plan, Role } from '../../contract/roles.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newTotpSecret } from '../auth/totp.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';

/*
 * Rows for tests, inserted directly so that a suite can set up any state (locked, expired,
 * half-set-up authenticator) without going through the screens that normally lead there.
 * Every field has a plain default; pass only what the test is about.
 */

let sequence = 0;
function nextNumber(): number {
  sequence += 1;
  return sequence;
}

export interface TestOrganization {
  id: string;
  clientNumber: string;
  name: string;
  plan: Plan;
  virusCheckOption: boolean;
}

/**
 * Inserts an organization; by default on the Standard plan without the virus check option.
 *
 * @example const org = await createOrganization(ctx, { plan: 'pro', virusCheckOption: true });
 */
export async function createOrganization(
  ctx: AppContext,
  fields: Partial<Omit<TestOrganization, 'id'>> = {},
): Promise<TestOrganization> {
  const number = nextNumber();
  const organization: TestOrganization = {
    id: newId(),
    clientNumber: fields.clientNumber ?? `CL${String(number).padStart(5, '0')}`,
    name: fields.name ?? `Organization ${number}`,
    plan: fields.plan ?? 'standard',
    virusCheckOption: fields.virusCheckOption ?? false,
  };
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('organizations')
    .values({ ...organization, createdAt: now, updatedAt: now })
    .execute();
  return organization;
}

export interface NewTestAccount {
  organizationId: string;
  email?: string;
  name?: string;
  role?: Role;
  language?: Language;
  timeZone?: string;
  /** The password in clear; it is hashed like a real one. */
  password?: string;
  /** A temporary password, valid until `passwordExpiresAt` (default: 72 hours from now). */
  passwordTemporary?: boolean;
  passwordExpiresAt?: string | null;
  /**
   * `off`; `setup` (on, no authenticator yet: the next sign-in shows a QR code); or `on`
   * (on with a secret, returned as `totpSecret` so the test can make codes).
   */
  totp?: 'off' | 'setup' | 'on';
  deliveryReport?: boolean;
  virusAlert?: boolean;
  locked?: boolean;
}

export interface TestAccount {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  password: string;
  /** The authenticator's secret in base32 when `totp` is `on`. */
  totpSecret: string | null;
}

export const DEFAULT_TEST_PASSWORD = 'pale-harbor-lantern-41';

// Hashing takes tens of milliseconds; suites create many accounts with the same password.
const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  let passwordHash = hashes.get(password);
  if (!passwordHash) {
    passwordHash = hashPassword(password);
    hashes.set(password, passwordHash);
  }
  return passwordHash;
}

/**
 * Inserts an account in an organization; by default a service user in English and UTC with
 * DEFAULT_TEST_PASSWORD, two-factor authentication off, no mail options, unlocked.
 *
 * @example
 * const admin = await createAccount(ctx, { organizationId: org.id, role: 'group_admin' });
 * const withCode = await createAccount(ctx, { organizationId: org.id, totp: 'on' });
 */
export async function createAccount(ctx: AppContext, fields: NewTestAccount): Promise<TestAccount> {
  const number = nextNumber();
  const now = ctx.clock.now();
  const email = fields.email ?? `account${number}@example.com`;
  const name = fields.name ?? `Account ${number}`;
  const role = fields.role ?? 'service_user';
  const password = fields.password ?? DEFAULT_TEST_PASSWORD;
  const totp = fields.totp ?? 'off';
  const totpSecret = totp === 'on' ? newTotpSecret() : null;
  const passwordTemporary = fields.passwordTemporary ?? false;
  const defaultExpiry = passwordTemporary
    ? new Date(now.getTime() + 72 * 3_600_000).toISOString()
    : null;

  const id = newId();
  await ctx.db
    .insertInto('accounts')
    .values({
      id,
      organizationId: fields.organizationId,
      email,
      name,
      role,
      language: fields.language ?? 'en',
      timeZone: fields.timeZone ?? 'UTC',
      passwordHash: await hashOnce(password),
      passwordTemporary,
      passwordExpiresAt:
        fields.passwordExpiresAt === undefined ? defaultExpiry : fields.passwordExpiresAt,
      totpEnabled: totp !== 'off',
      totpSecret: totpSecret === null ? null : ctx.secretBox.seal(totpSecret),
      totpPendingSecret: null,
      totpLastStep: null,
      deliveryReport: fields.deliveryReport ?? false,
      virusAlert: fields.virusAlert ?? false,
      locked: fields.locked ?? false,
      lastSignInAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .execute();
  return { id, organizationId: fields.organizationId, email, name, role, password, totpSecret };
}
