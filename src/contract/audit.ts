/**
 * The audit trail's vocabulary and API shapes (docs/api.md, "Audit trail"), in one place
 * that both the server (which records and answers) and the browser (which filters and
 * shows) import.
 */

/** The security events of SECURITY.md's audit list, in the order the trail's filter offers them. */
export const AUDIT_ACTIONS = [
  'account.created',
  'account.updated',
  'account.locked',
  'account.unlocked',
  'account.deleted',
  'password.temporary_issued',
  'password.changed',
  'totp.enabled',
  'totp.disabled',
  'totp.set_up',
  'totp.key_reissued',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.throttled',
  'sign_out',
  'profile.updated',
  'role.granted',
  'role.revoked',
  'support_request.filed',
  'support_request.handled',
  'organization.created',
  'organization.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Whether `value` is one of the actions the audit trail records. */
export function isAuditAction(value: unknown): value is AuditAction {
  return AUDIT_ACTIONS.some((action) => action === value);
}

/** One event: who did what to which account, when and from where, and what changed. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  /** The actor's email, or `operator` for the command line. */
  actor: string;
  action: string;
  /** The email of the account the event is about, if any. */
  target: string | null;
  clientAddress: string | null;
  /** What changed, `{ field: [old, new] }` for edits, or why something failed. */
  details: Record<string, unknown>;
}

/** One page of the trail, newest first, and where the next one starts. */
export interface AuditTrailPage {
  events: AuditEntry[];
  nextCursor: string | null;
}
