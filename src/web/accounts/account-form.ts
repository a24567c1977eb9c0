import type { AccountNotice, ManagedAccount } from '../../contract/accounts.ts';
import type { Language } from '../../contract/locale.ts';
import {
  type AssignableRole,
  mayReceiveDeliveryReport,
  mayReceiveVirusAlert,
  type OrganizationPlan,
} from '../../contract/roles.ts';
import type { AccountChanges, NewAccount } from './accounts-api.ts';

/*
 * The rules of the add and edit dialog, apart from the screen: which options a role and
 * plan offer, what a role change turns off, and what an edit sends. The server checks all
 * of it again; the form only keeps a person from asking for what it would refuse.
 */

/** Everything the dialog edits: what adding sends, and the lock an edit may change too. */
export interface AccountDraft extends NewAccount {
  locked: boolean;
}

/** The notification mails the dialog offers for a role in an organization. */
export function offeredOptions(role: AssignableRole, organization: OrganizationPlan) {
  return {
    deliveryReport: mayReceiveDeliveryReport(role),
    virusAlert: mayReceiveVirusAlert(role, organization),
  };
}

/** A new account: a service user with every option off, in the given language and zone. */
export function blankDraft(language: Language, timeZone: string): AccountDraft {
  return {
    email: '',
    name: '',
    role: 'service_user',
    language,
    timeZone,
    totp: false,
    deliveryReport: false,
    virusAlert: false,
    locked: false,
  };
}

/** An existing account as the dialog edits it. */
export function draftOf(account: ManagedAccount): AccountDraft {
  return {
    email: account.email,
    name: account.name,
    role: account.role,
    language: account.language,
    timeZone: account.timeZone,
    totp: account.totp !== 'off',
    deliveryReport: account.deliveryReport,
    virusAlert: account.virusAlert,
    locked: account.locked,
  };
}

/**
 * The draft with another role. An option the new role may not have is turned off, and
 * named in `turnedOff` so that the dialog can say so.
 */
export function withRole(
  draft: AccountDraft,
  role: AssignableRole,
  organization: OrganizationPlan,
): { draft: AccountDraft; turnedOff: AccountNotice[] } {
  const offered = offeredOptions(role, organization);
  const turnedOff: AccountNotice[] = [];
  if (draft.deliveryReport && !offered.deliveryReport) turnedOff.push('delivery_report_turned_off');
  if (draft.virusAlert && !offered.virusAlert) turnedOff.push('virus_alert_turned_off');
  return {
    draft: {
      ...draft,
      role,
      deliveryReport: draft.deliveryReport && offered.deliveryReport,
      virusAlert: draft.virusAlert && offered.virusAlert,
    },
    turnedOff,
  };
}

/** The body of adding `draft`: options the role or plan forbids are never asked for. */
export function newAccountOf(draft: AccountDraft, organization: OrganizationPlan): NewAccount {
  const offered = offeredOptions(draft.role, organization);
  return {
    email: draft.email.trim(),
    name: draft.name.trim(),
    role: draft.role,
    language: draft.language,
    timeZone: draft.timeZone,
    totp: draft.totp,
    deliveryReport: offered.deliveryReport && draft.deliveryReport,
    virusAlert: offered.virusAlert && draft.virusAlert,
  };
}

/**
 * The body of saving an edit: only what differs from the saved account, so that an
 * unchanged email sends no "email changed" mail and an unchanged switch resets nothing.
 */
export function changesOf(account: ManagedAccount, draft: AccountDraft): AccountChanges {
  const saved = draftOf(account);
  const edited: AccountDraft = { ...draft, email: draft.email.trim(), name: draft.name.trim() };
  const changes: AccountChanges = {};
  for (const field of Object.keys(saved) as (keyof AccountDraft)[]) {
    if (edited[field] !== saved[field]) Object.assign(changes, { [field]: edited[field] });
  }
  return changes;
}
