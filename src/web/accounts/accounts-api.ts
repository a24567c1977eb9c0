import type { AccountNotice, ManagedAccount } from '../../contract/accounts.ts';
import type { Language } from '../../contract/locale.ts';
import type { AssignableRole } from '../../contract/roles.ts';
import { request } from '../api.ts';

/*
 * The browser's client of the account settings endpoints (docs/api.md, "Account settings"),
 * on top of the app's fetch wrapper.
 */

/** What the add dialog sends. */
export interface NewAccount {
  email: string;
  name: string;
  role: AssignableRole;
  language: Language;
  timeZone: string;
  totp: boolean;
  deliveryReport: boolean;
  virusAlert: boolean;
}

/** What the edit dialog sends: only the fields that changed. */
export type AccountChanges = Partial<NewAccount & { locked: boolean }>;

export interface AccountPage {
  accounts: ManagedAccount[];
  nextCursor: string | null;
  previousCursor: string | null;
}

/** The query string of a list page, e.g. `q=ann&role=accountant&after=...`. */
export type ListSearch = URLSearchParams;

const path = (id: string) => `/accounts/${encodeURIComponent(id)}`;

/** The account settings endpoints. */
export const accountsApi = {
  list: (search: ListSearch) => request<AccountPage>('GET', `/accounts?${search}`),
  read: (id: string) => request<{ account: ManagedAccount }>('GET', path(id)),
  add: (account: NewAccount) => request<{ account: ManagedAccount }>('POST', '/accounts', account),
  edit: (id: string, changes: AccountChanges) =>
    request<{ account: ManagedAccount; notices: AccountNotice[] }>('PATCH', path(id), changes),
  issueTemporaryPassword: (id: string) =>
    request<{ temporaryPassword: string }>('POST', `${path(id)}/temporary-password`, {}),
  reissueOtpKey: (id: string) =>
    request<{ account: ManagedAccount }>('POST', `${path(id)}/otp-key`, {}),
  remove: (id: string, password: string) => request<void>('DELETE', path(id), { password }),
};

/** The address of the CSV file of the list with the same filters (no page position). */
export function accountsCsvHref(search: ListSearch): string {
  const filters = new URLSearchParams(search);
  for (const position of ['after', 'before', 'limit']) filters.delete(position);
  const query = filters.toString();
  return query ? `/api/accounts.csv?${query}` : '/api/accounts.csv';
}
