import { type AuditAction, type AuditTrailPage, isAuditAction } from '../../contract/audit.ts';
import { request } from '../api.ts';

/*
 * The browser's client of the audit trail endpoints (docs/api.md, "Audit trail").
 */

/** The trail's filters as the address bar keeps them. */
export interface AuditQuery {
  account: string;
  actor: string;
  action: AuditAction | null;
  after: string | null;
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
  page: (query: AuditQuery) =>
    request<AuditTrailPage>('GET', `/audit-events?${writeAuditQuery(query)}`),
};
