/**
 * The group administrator change requests' shapes (docs/api.md, "Group administrator change
 * requests"), in one place that the server, the command line and the browser import.
 */

/** What a request asks for: to make an account group administrator, or to stop it being one. */
export const GROUP_ADMIN_CHANGES = ['grant', 'revoke'] as const;
export type GroupAdminChange = (typeof GROUP_ADMIN_CHANGES)[number];

/** Where a request stands: open until the operator grants, revokes or closes it. */
export const GROUP_ADMIN_REQUEST_STATUSES = ['open', 'granted', 'revoked', 'closed'] as const;
export type GroupAdminRequestStatus = (typeof GROUP_ADMIN_REQUEST_STATUSES)[number];

/** A request as its organization's group administrators see it. */
export interface GroupAdminRequest {
  id: string;
  /** The account the request is about: null once that account was deleted. */
  accountId: string | null;
  /** That account's email when the request was filed. */
  account: string;
  change: GroupAdminChange;
  reason: string;
  status: GroupAdminRequestStatus;
  /** The operator's answer, null while the request is open. */
  remark: string | null;
  requester: string;
  createdAt: string;
  handledAt: string | null;
}

/** A group administrator of the organization, as a revoke request can name them. */
export interface GroupAdministrator {
  id: string;
  email: string;
  name: string;
}
