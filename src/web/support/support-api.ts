import { request } from '../api.ts';

/*
 * The browser's client of the group administrator change requests (docs/api.md, "Group
 * administrator change requests").
 */

export type GroupAdminChange = 'grant' | 'revoke';
export type RequestStatus = 'open' | 'granted' | 'revoked' | 'closed';

/** A request filed with support, and what the operator made of it. */
export interface GroupAdminRequest {
  id: string;
  /** Null once the account was deleted; `account` keeps its email. */
  accountId: string | null;
  account: string;
  change: GroupAdminChange;
  reason: string;
  status: RequestStatus;
  /** The operator's answer, null while the request is open. */
  remark: string | null;
  requester: string;
  createdAt: string;
  handledAt: string | null;
}

/** A group administrator of the organization, as a revoke can name them. */
export interface GroupAdministrator {
  id: string;
  email: string;
  name: string;
}

export interface Filing {
  accountId: string;
  change: GroupAdminChange;
  reason: string;
}

/** The group administrator change request endpoints. */
export const supportApi = {
  requests: () =>
    request<{ requests: GroupAdminRequest[]; groupAdministrators: GroupAdministrator[] }>(
      'GET',
      '/group-admin-requests',
    ),
  file: (filing: Filing) =>
    request<{ request: GroupAdminRequest }>('POST', '/group-admin-requests', filing),
};
