import type { Language } from '../../contract/locale.ts';
import type { Plan, Role } from '../../contract/roles.ts';
import type { GroupAdminRequestStatus } from '../../contract/support.ts';

/*
 * Table types as the code sees them, camelCase (CamelCasePlugin maps them to snake_case
 * columns). Timestamps are ISO 8601 UTC strings on both databases, so they compare and sort
 * as text; booleans are read back as booleans on SQLite too (see BOOLEAN_COLUMNS).
 */

export interface OrganizationTable {
  id: string;
  clientNumber: string;
  name: string;
  plan: Plan;
  virusCheckOption: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AccountTable {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  language: Language;
  timeZone: string;
  passwordHash: string;
  /** A temporary password only allows choosing a new one, until passwordExpiresAt. */
  passwordTemporary: boolean;
  passwordExpiresAt: string | null;
  totpEnabled: boolean;
  /** Encrypted; null while two-factor authentication is not set up (first time, or reissued). */
  totpSecret: string | null;
  /** Encrypted key shown during setup, before the account confirms it with a code. */
  totpPendingSecret: string | null;
  /** The last accepted 30-second step: a code of this step or earlier is refused. */
  totpLastStep: number | null;
  deliveryReport: boolean;
  virusAlert: boolean;
  locked: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SessionStage = 'password_change' | 'totp_setup' | 'totp' | 'active';

export interface SessionTable {
  /** SHA-256 of the cookie's token, hex: the token itself is never stored. */
  id: string;
  accountId: string;
  stage: SessionStage;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  clientAddress: string | null;
}

/** Consecutive sign-in failures per login ID, whether or not an account has it. */
export interface SignInThrottleTable {
  login: string;
  failures: number;
  blockedUntil: string | null;
  updatedAt: string;
}

export interface ServerConfigurationTable {
  id: string;
  organizationId: string;
  name: string;
  createdAt: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxMailTable {
  id: string;
  /** Makes the mail unique, e.g. `temporary-password:<account>:<issue id>`. */
  dedupeKey: string;
  recipient: string;
  template: string;
  subject: string;
  /** Encrypted JSON {text}; erased once the relay accepted the mail. */
  body: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  /** A worker owns the row until then; a crashed worker's rows become due again. */
  claimedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface MailboxMessageTable {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string;
  subject: string;
  source: string;
}

export interface AuditEventTable {
  id: string;
  occurredAt: string;
  organizationId: string | null;
  actorAccountId: string | null;
  /** Who acted, as shown: an account's email, or `operator` for the command line. */
  actor: string;
  action: string;
  targetAccountId: string | null;
  target: string | null;
  clientAddress: string | null;
  /** JSON object of what changed; never a password, code, token or secret. */
  details: string;
}

export interface GroupAdminRequestTable {
  id: string;
  organizationId: string;
  requesterAccountId: string | null;
  requester: string;
  targetAccountId: string | null;
  target: string;
  change: 'grant' | 'revoke';
  reason: string;
  status: GroupAdminRequestStatus;
  remark: string | null;
  createdAt: string;
  handledAt: string | null;
}

export interface Schema {
  organizations: OrganizationTable;
  accounts: AccountTable;
  sessions: SessionTable;
  signInThrottles: SignInThrottleTable;
  serverConfigurations: ServerConfigurationTable;
  outboxMails: OutboxMailTable;
  mailboxMessages: MailboxMessageTable;
  auditEvents: AuditEventTable;
  groupAdminRequests: GroupAdminRequestTable;
}

/** Result columns that hold booleans: SQLite hands them back as 0 and 1. */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set([
  'virusCheckOption',
  'passwordTemporary',
  'totpEnabled',
  'deliveryReport',
  'virusAlert',
  'locked',
]);
