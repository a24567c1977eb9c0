import type {
  GroupAdminChange,
  GroupAdministrator,
  GroupAdminRequest,
} from '../../contract/support.ts';
import { request } from '../api.ts';

/*
 * The browser's client of the group administrator change requests (docs/api.md, "Group
 * administrator change requests").
 */

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
