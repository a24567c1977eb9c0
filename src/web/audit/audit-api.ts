import { request } from '../api.ts';

/*
 * The browser's client of the audit trail endpoints (docs/api.md, "Audit trail").
 */

/** Every action the audit trail records, in the order the filter offers them. */
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

/** One event: who did what to which account, when and from where, and what changed. */
export interface AuditEvent {
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

export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

/** The trail's filters as the address bar keeps them. */
export interface AuditQuery {
  account: string;
  actor: string;
  action: AuditAction | null;
  after: string | null;
}

export function isAuditAction(value: unknown): value is AuditAction {
  return AUDIT_ACTIONS.some((action) => action === value);
}

/** Reads the trail's filters from the address bar. */
export function readAuditQuery(search: URLSearchParams): AuditQuery {
  const action = search.get('action');
  return {
    account: search.get('account') ?? '',
    actor: search.get('actor') ?? '',
    action: isAuditAction(action) ? action : null,
    after: search.get('after'),
  };
}

/** The address bar's query of the trail's filters, leaving out the empty ones. */
export function writeAuditQuery(query: AuditQuery): URLSearchParams {
  const search = new URLSearchParams();
  if (query.account.trim()) search.set('account', query.account.trim());
  if (query.actor.trim()) search.set('actor', query.actor.trim());
  if (query.action) search.set('action', query.action);
  if (query.after) search.set('after', query.after);
  return search;
}

/** The address of the CSV file of the filtered trail: every page, not only this one. */
export function auditCsvHref(query: AuditQuery): string {
  const filters = writeAuditQuery({ ...query, after: null }).toString();
  return filters ? `/api/audit-events.csv?${filters}` : '/api/audit-events.csv';
}

/** The audit trail endpoints. */
export const auditApi = {
  page: (query: AuditQuery) => request<AuditPage>('GET', `/audit-events?${writeAuditQuery(query)}`),
};
