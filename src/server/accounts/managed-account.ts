import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { type ManagedAccount, totpState } from '../../contract/accounts.ts';
import type { Language } from '../../contract/locale.ts';
import type { AssignableRole } from '../../contract/roles.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Narrows a query on `accounts` to the accounts a group administrator manages: those of
 * the organization, group administrators excepted. Every read and write of this folder
 * goes through it, so no query can forget either condition.
 */
export function managedBy<O>(
  query: SelectQueryBuilder<Schema, 'accounts', O>,
  organizationId: string,
): SelectQueryBuilder<Schema, 'accounts', O> {
  return query
    .where('accounts.organizationId', '=', organizationId)
    .where('accounts.role', '!=', 'group_admin');
}

/** The columns `presentAccount` reads, selected without the TOTP secret itself. */
export function managedAccountColumns(eb: ExpressionBuilder<Schema, 'accounts'>) {
  return [
    'accounts.id',
    'accounts.email',
    'accounts.name',
    'accounts.role',
    'accounts.language',
    'accounts.timeZone',
    'accounts.totpEnabled',
    sql<boolean | number>`(${eb.ref('accounts.totpSecret')} is not null)`.as('totpConfigured'),
    'accounts.deliveryReport',
    'accounts.virusAlert',
    'accounts.locked',
    'accounts.lastSignInAt',
    'accounts.createdAt',
  ] as const;
}

/** A row selected with `managedAccountColumns`. */
export interface ManagedAccountRow {
  id: string;
  email: string;
  name: string;
  role: string;
  language: Language;
  timeZone: string;
  totpEnabled: boolean;
  totpConfigured: boolean | number;
  deliveryReport: boolean;
  virusAlert: boolean;
  locked: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

/** The answer shape of a row; `managedBy` already kept group administrators out. */
export function presentAccount(row: ManagedAccountRow): ManagedAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as AssignableRole,
    language: row.language,
    timeZone: row.timeZone,
    totp: totpState(row.totpEnabled, Boolean(row.totpConfigured)),
    deliveryReport: row.deliveryReport,
    virusAlert: row.virusAlert,
    locked: row.locked,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
  };
}
