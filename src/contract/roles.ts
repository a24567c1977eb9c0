/**
 * Roles and the permission matrix of PRODUCT.md, in one place that both the server (which
 * enforces it) and the browser (which only hides what the server would refuse) import.
 */

export const ROLES = ['group_admin', 'service_user', 'report_viewer', 'accountant'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a group administrator may pick in the account dialog: never group administrator. */
export const ASSIGNABLE_ROLES = ['service_user', 'report_viewer', 'accountant'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const PLANS = ['standard', 'pro'] as const;
export type Plan = (typeof PLANS)[number];

const MATRIX = {
  manageAccounts: ['group_admin'],
  manageBilling: ['group_admin'],
  requestGroupAdminChange: ['group_admin'],
  manageServerConfigurations: ['group_admin', 'service_user'],
  viewDeliveryReports: ['group_admin', 'service_user', 'report_viewer'],
  viewVirusDetections: ['group_admin', 'service_user'],
  viewStatements: ['group_admin', 'accountant'],
  editOwnProfile: ['group_admin', 'service_user', 'report_viewer', 'accountant'],
  receiveDeliveryReport: ['group_admin', 'service_user', 'report_viewer'],
  receiveVirusAlert: ['group_admin', 'service_user'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof MATRIX;

/** Whether `role` may do `permission`, per PRODUCT.md's matrix. */
export function can(role: Role, permission: Permission): boolean {
  return (MATRIX[permission] as readonly Role[]).includes(role);
}

export interface OrganizationPlan {
  plan: Plan;
  virusCheckOption: boolean;
}

/** Virus detection mails need the role's right and an organization on Pro with the option. */
export function mayReceiveVirusAlert(role: Role, organization: OrganizationPlan): boolean {
  return (
    can(role, 'receiveVirusAlert') && organization.plan === 'pro' && organization.virusCheckOption
  );
}

/** Delivery count report mails: every role but accountant. */
export function mayReceiveDeliveryReport(role: Role): boolean {
  return can(role, 'receiveDeliveryReport');
}
