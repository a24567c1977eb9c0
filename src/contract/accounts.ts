import type { Language } from './locale.ts';
import type { AssignableRole } from './roles.ts';

/**
 * The account settings API's shapes (docs/api.md, "Account settings"), in one place that
 * both the server (which answers with them) and the browser (which reads them) import.
 */

/** Two-factor authentication of an account: off, on but not set up yet, or on. */
export const TOTP_STATES = ['off', 'pending', 'on'] as const;
export type TotpState = (typeof TOTP_STATES)[number];

/**
 * The two-factor state of an account: `pending` while it is switched on but the
 * authenticator app has not been set up yet.
 */
export function totpState(enabled: boolean, keySetUp: boolean): TotpState {
  if (!enabled) return 'off';
  return keySetUp ? 'on' : 'pending';
}

/** An account as the account settings screen shows it: never a hash, secret or key. */
export interface ManagedAccount {
  id: string;
  email: string;
  name: string;
  role: AssignableRole;
  language: Language;
  timeZone: string;
  totp: TotpState;
  deliveryReport: boolean;
  virusAlert: boolean;
  locked: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

/** What the server switched off by itself because the account's role or plan forbids it. */
export const ACCOUNT_NOTICES = ['delivery_report_turned_off', 'virus_alert_turned_off'] as const;
export type AccountNotice = (typeof ACCOUNT_NOTICES)[number];
