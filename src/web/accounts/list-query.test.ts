import { describe, expect, it } from 'vitest';
import { accountsCsvHref } from './accounts-api.ts';
import { atPage, readListQuery, sortedBy, withFilters, writeListQuery } from './list-query.ts';

const read = (search: string) => readListQuery(new URLSearchParams(search));

describe('the account list query in the address bar', () => {
  it('reads an empty address as every account by email, ascending, first page', () => {
    expect(read('')).toEqual({
      q: '',
      role: null,
      locked: null,
      sort: 'email',
      order: 'asc',
      after: null,
      before: null,
    });
  });

  it('ignores values the list does not know, group administrator included', () => {
    expect(read('role=group_admin&locked=maybe&sort=password&order=up')).toMatchObject({
      role: null,
      locked: null,
      sort: 'email',
      order: 'asc',
    });
  });

  it('writes back only what differs from the default', () => {
    const query = read('q=%20ann%20&role=accountant&locked=false&sort=name&order=desc');

    expect(writeListQuery(query).toString()).toBe(
      'q=ann&role=accountant&locked=false&sort=name&order=desc',
    );
    expect(writeListQuery(read('sort=email&order=asc')).toString()).toBe('');
  });

  it('starts again from the first page when a filter changes', () => {
    const onPageThree = read('role=accountant&after=abc');

    expect(writeListQuery(withFilters(onPageThree, { locked: true })).toString()).toBe(
      'role=accountant&locked=true',
    );
  });

  it('moves a page forward and back with the cursors of the answer', () => {
    const first = read('q=a');
    const second = atPage(first, 'next', 'cursor-2');

    expect(writeListQuery(second).toString()).toBe('q=a&after=cursor-2');
    expect(writeListQuery(atPage(second, 'previous', 'cursor-1')).toString()).toBe(
      'q=a&before=cursor-1',
    );
  });

  it('sorts by a pressed column ascending, then flips it on a second press', () => {
    const byName = sortedBy(read('after=x'), 'name');

    expect(byName).toMatchObject({ sort: 'name', order: 'asc', after: null });
    expect(sortedBy(byName, 'name')).toMatchObject({ sort: 'name', order: 'desc' });
    expect(sortedBy(sortedBy(byName, 'name'), 'lastSignInAt').order).toBe('asc');
  });

  it('downloads the CSV file of the filtered list, whatever page is on screen', () => {
    expect(accountsCsvHref(new URLSearchParams('q=ann&role=accountant&after=x'))).toBe(
      '/api/accounts.csv?q=ann&role=accountant',
    );
    expect(accountsCsvHref(new URLSearchParams())).toBe('/api/accounts.csv');
  });
});
