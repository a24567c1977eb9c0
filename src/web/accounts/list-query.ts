import { ASSIGNABLE_ROLES, type AssignableRole } from '../../contract/roles.ts';

/*
 * The account list's search, filters, sort and page live in the address bar, so that a
 * page can be bookmarked, the back button goes back a page, and the CSV link downloads
 * exactly what is on screen.
 */

export const SORT_KEYS = ['email', 'name', 'lastSignInAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

/** What the account list shows, as read from the address bar. */
export interface ListQuery {
  q: string;
  role: AssignableRole | null;
  locked: boolean | null;
  sort: SortKey;
  order: SortOrder;
  /** The page after this cursor, or before that one; both null on the first page. */
  after: string | null;
  before: string | null;
}

/** The filters a person changes; changing any of them starts again from the first page. */
export type ListFilters = Pick<ListQuery, 'q' | 'role' | 'locked' | 'sort' | 'order'>;

/** Reads the list's query from the address bar; anything unknown falls back to the default. */
export function readListQuery(search: URLSearchParams): ListQuery {
  const role = search.get('role');
  const locked = search.get('locked');
  const sort = search.get('sort');
  return {
    q: search.get('q') ?? '',
    role: ASSIGNABLE_ROLES.find((candidate) => candidate === role) ?? null,
    locked: locked === 'true' ? true : locked === 'false' ? false : null,
    sort: SORT_KEYS.find((candidate) => candidate === sort) ?? 'email',
    order: search.get('order') === 'desc' ? 'desc' : 'asc',
    after: search.get('after'),
    before: search.get('before'),
  };
}

/** The address bar's query of `query`, leaving out what is the default anyway. */
export function writeListQuery(query: ListQuery): URLSearchParams {
  const search = new URLSearchParams();
  const q = query.q.trim();
  if (q) search.set('q', q);
  if (query.role) search.set('role', query.role);
  if (query.locked !== null) search.set('locked', String(query.locked));
  if (query.sort !== 'email') search.set('sort', query.sort);
  if (query.order !== 'asc') search.set('order', query.order);
  if (query.after) search.set('after', query.after);
  else if (query.before) search.set('before', query.before);
  return search;
}

/** The query after a filter changed: the first page of the new list. */
export function withFilters(query: ListQuery, changes: Partial<ListFilters>): ListQuery {
  return { ...query, ...changes, after: null, before: null };
}

/** The query of the page after (`next`) or before (`previous`) a cursor of the answer. */
export function atPage(query: ListQuery, direction: 'next' | 'previous', cursor: string) {
  return direction === 'next'
    ? { ...query, after: cursor, before: null }
    : { ...query, after: null, before: cursor };
}

/** The query after a column heading was pressed: that column, ascending first, then flipped. */
export function sortedBy(query: ListQuery, sort: SortKey): ListQuery {
  const order: SortOrder = query.sort === sort && query.order === 'asc' ? 'desc' : 'asc';
  return withFilters(query, { sort, order });
}
