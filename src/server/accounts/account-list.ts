import { type CompiledQuery, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ManagedAccount } from '../../contract/accounts.ts';
import type { AssignableRole } from '../../contract/roles.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  type ManagedAccountRow,
  managedAccountColumns,
  managedBy,
  presentAccount,
} from './managed-account.ts';

export const ACCOUNT_SORTS = ['email', 'name', 'lastSignInAt'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** Which accounts the list shows, and in which order. */
export interface AccountFilter {
  /** A case-insensitive prefix of the email or of the name. */
  q?: string;
  role?: AssignableRole;
  locked?: boolean;
  sort: AccountSort;
  order: SortOrder;
}

/**
 * Where a page starts: strictly after or strictly before the position a cursor of an
 * earlier page names; at the start of the list with neither.
 */
export interface PageStart {
  after?: string;
  before?: string;
}

export interface AccountPage {
  accounts: ManagedAccount[];
  nextCursor: string | null;
  previousCursor: string | null;
}

/** A position in the list: the sort key's value and the id that breaks ties. */
export interface ListPosition {
  value: string;
  id: string;
}

/*
 * Keyset pagination: a page is "the next `limit` rows whose (sort key, id) comes after the
 * cursor's", which an index on (organization, sort key, id) answers by a seek, so the last
 * page costs what the first does. OFFSET would read and drop every row before the page.
 */

/**
 * One page of an organization's account list.
 *
 * @example
 * const first = await listAccounts(ctx, organizationId, { sort: 'email', order: 'asc' }, {}, 50);
 * const second = await listAccounts(ctx, organizationId, filter, { after: first.nextCursor }, 50);
 */
export async function listAccounts(
  ctx: AppContext,
  organizationId: string,
  filter: AccountFilter,
  start: PageStart,
  limit: number,
): Promise<AccountPage> {
  if (start.after !== undefined && start.before !== undefined) {
    throw AppError.field('before', 'not_allowed');
  }
  const backwards = start.before !== undefined;
  const position =
    start.after !== undefined
      ? decodeCursor(start.after, filter.sort, 'after')
      : start.before !== undefined
        ? decodeCursor(start.before, filter.sort, 'before')
        : undefined;

  const rows = await accountPageQuery(
    ctx,
    organizationId,
    filter,
    position,
    backwards,
    limit + 1,
  ).execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();

  const first = page[0];
  const last = page.at(-1);
  const cursorOf = (row: ManagedAccountRow | undefined) =>
    row ? encodeCursor(filter.sort, positionOf(row, filter.sort)) : null;
  return {
    accounts: page.map(presentAccount),
    nextCursor: backwards || hasMore ? cursorOf(last) : null,
    previousCursor: backwards
      ? hasMore
        ? cursorOf(first)
        : null
      : position
        ? cursorOf(first)
        : null,
  };
}

/**
 * Every account the filter matches, in the list's order, in batches of `batchSize`: the
 * CSV export reads the whole list through this without holding it in memory.
 */
export async function* allAccounts(
  ctx: AppContext,
  organizationId: string,
  filter: AccountFilter,
  batchSize = 1000,
): AsyncGenerator<ManagedAccount> {
  let position: ListPosition | undefined;
  for (;;) {
    const rows = await accountPageQuery(
      ctx,
      organizationId,
      filter,
      position,
      false,
      batchSize,
    ).execute();
    for (const row of rows) yield presentAccount(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    position = positionOf(last, filter.sort);
  }
}

/** A page's query, ready to run or to show its plan. */
export interface PageQuery {
  execute(): Promise<ManagedAccountRow[]>;
  compile(): CompiledQuery;
}

/**
 * The query behind a page: the `limit` rows after (or, `backwards`, before) `position` in
 * the list's order. Exported so that the benchmark can show its plan.
 */
export function accountPageQuery(
  ctx: AppContext,
  organizationId: string,
  filter: AccountFilter,
  position: ListPosition | undefined,
  backwards: boolean,
  limit: number,
): PageQuery {
  const key = sortKey(filter.sort);
  // Reading backwards walks the same index the other way, then the page is turned around.
  const ascending = (filter.order === 'asc') !== backwards;
  const direction = ascending ? 'asc' : 'desc';

  const matching = (match?: Expression<SqlBool>) => {
    let query = managedBy(
      ctx.db.selectFrom('accounts').select(managedAccountColumns).select(key.as('sortKey')),
      organizationId,
    );
    if (filter.role) query = query.where('accounts.role', '=', filter.role);
    if (filter.locked !== undefined) query = query.where('accounts.locked', '=', filter.locked);
    if (match) query = query.where(match);
    if (position) {
      const comparison = sql.raw(ascending ? '>' : '<');
      query = query.where(
        sql<SqlBool>`(${key}, ${sql.ref('accounts.id')}) ${comparison} (${position.value}, ${position.id})`,
      );
    }
    return query;
  };

  if (!filter.q) {
    return matching()
      .orderBy(key, direction)
      .orderBy('accounts.id', direction)
      .limit(limit) as unknown as PageQuery;
  }

  // One index seek per half of "email or name starts with": an OR in one query would make
  // the planners walk the whole organization in list order, testing each row.
  const prefix = filter.q.toLowerCase();
  const matches = matching(startsWith(ctx, sql.ref('accounts.email'), prefix)).union(
    matching(startsWith(ctx, sql`lower(${sql.ref('accounts.name')})`, prefix)),
  );
  return ctx.db
    .selectFrom(matches.as('matches'))
    .selectAll()
    .orderBy('matches.sortKey', direction)
    .orderBy('matches.id', direction)
    .limit(limit) as unknown as PageQuery;
}

/**
 * The sort key as the indexes hold it (see migration 0002): last sign-in is read from
 * last_sign_in_key, which is '' for an account that never signed in.
 */
function sortKey(sort: AccountSort): RawBuilder<string> {
  switch (sort) {
    case 'email':
      return sql<string>`${sql.ref('accounts.email')}`;
    case 'name':
      return sql<string>`${sql.ref('accounts.name')}`;
    case 'lastSignInAt':
      return sql<string>`${sql.ref('accounts.lastSignInKey')}`;
  }
}

function positionOf(row: ManagedAccountRow, sort: AccountSort): ListPosition {
  const value = sort === 'lastSignInAt' ? (row.lastSignInAt ?? '') : row[sort];
  return { value, id: row.id };
}

// The largest code point: every text that starts with the prefix sorts below prefix + it.
const LAST_CHARACTER = '\u{10FFFF}';

/**
 * `text starts with prefix` as a range an index can seek. Emails are stored lowercased;
 * names are compared through lower(), which on SQLite folds ASCII letters only, so there a
 * prefix with an accented capital finds nothing (PostgreSQL folds all of Unicode).
 */
function startsWith(
  ctx: AppContext,
  text: Expression<string>,
  prefix: string,
): Expression<SqlBool> {
  const ordered = ctx.dialect === 'postgres' ? sql`${text} collate "C"` : text;
  return sql<SqlBool>`(${ordered} >= ${prefix} and ${ordered} < ${prefix + LAST_CHARACTER})`;
}

function encodeCursor(sort: AccountSort, position: ListPosition): string {
  return Buffer.from(JSON.stringify([sort, position.value, position.id])).toString('base64url');
}

/** The position a cursor names; a cursor made for another sort is refused, not misread. */
function decodeCursor(cursor: string, sort: AccountSort, field: 'after' | 'before'): ListPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 3 &&
      decoded[0] === sort &&
      typeof decoded[1] === 'string' &&
      typeof decoded[2] === 'string'
    ) {
      return { value: decoded[1], id: decoded[2] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw AppError.field(field, 'invalid_format');
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** The `limit` query parameter as a number: 1 to 200, 50 when absent. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PAGE_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw AppError.field('limit', 'not_allowed');
  }
  return limit;
}
