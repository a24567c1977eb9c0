import type { TotpState } from './accounts.ts';
import type { Language } from './locale.ts';
import type { Plan, Role } from './roles.ts';

/**
 * The profile API's answer (docs/api.md, "Own profile"), in one place that both the server
 * (which answers with it) and the browser (which shows and edits it) import.
 */

/** The organization of the signed-in account, as its profile names it. */
export interface ProfileOrganization {
  id: string;
  name: string;
  clientNumber: string;
  plan: Plan;
  virusCheckOption: boolean;
}

/** The signed-in account's own profile, with what its role and plan allow it to choose. */
export interface Profile {
  id: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  totp: TotpState;
  deliveryReport: boolean;
  virusAlert: boolean;
  lastSignInAt: string | null;
  organization: ProfileOrganization;
  allowed: { deliveryReport: boolean; virusAlert: boolean; disableTotp: boolean };
}
