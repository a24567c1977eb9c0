import { describe, expect, it } from 'vitest';
import { auditCsvHref, readAuditQuery, writeAuditQuery } from './audit-api.ts';

describe('the audit trail filters in the address bar', () => {
  it('reads account, actor, action and page, ignoring an action that does not exist', () => {
    const search = new URLSearchParams('account=a%40demo.example&action=account.hacked&after=c');

    expect(readAuditQuery(search)).toEqual({
      account: 'a@demo.example',
      actor: '',
      action: null,
      after: 'c',
    });
  });

  it('writes back only the filters that are set, trimmed', () => {
    const query = {
      account: ' ',
      actor: ' admin@demo.example ',
      action: 'account.locked',
      after: null,
    } as const;

    expect(writeAuditQuery(query).toString()).toBe(
      'actor=admin%40demo.example&action=account.locked',
    );
  });

  it('downloads the CSV file of every page of the filtered trail', () => {
    const query = readAuditQuery(new URLSearchParams('action=account.deleted&after=c'));

    expect(auditCsvHref(query)).toBe('/api/audit-events.csv?action=account.deleted');
    expect(auditCsvHref(readAuditQuery(new URLSearchParams()))).toBe('/api/audit-events.csv');
  });
});
