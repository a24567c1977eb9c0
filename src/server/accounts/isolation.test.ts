import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccount,
  createOrganization,
  type TestAccount,
  type TestOrganization,
} from '../testing/fixtures.ts';
import {
  createTestApp,
  TEST_DATABASES,
  type TestApp,
  type TestBrowser,
} from '../testing/harness.ts';
import { signedIn } from './testing.ts';

/*
 * A group administrator reaches the accounts of their own organization and nothing else:
 * another organization's id answers exactly like an unknown one, and a group
 * administrator of their own organization is out of reach too.
 */

type Caller = (
  browser: TestBrowser,
  id: string,
  admin: TestAccount,
) => ReturnType<TestBrowser['get']>;

const BY_ID: Record<string, Caller> = {
  read: (browser, id) => browser.get(`/api/accounts/${id}`),
  edit: (browser, id) => browser.patch(`/api/accounts/${id}`, { name: 'Taken over' }),
  lock: (browser, id) => browser.patch(`/api/accounts/${id}`, { locked: true }),
  'change the role': (browser, id) => browser.patch(`/api/accounts/${id}`, { role: 'accountant' }),
  'issue a temporary password': (browser, id) =>
    browser.post(`/api/accounts/${id}/temporary-password`),
  'reissue the OTP key': (browser, id) => browser.post(`/api/accounts/${id}/otp-key`),
  delete: (browser, id, admin) =>
    browser.delete(`/api/accounts/${id}`, { password: admin.password }),
  'file a request about': (browser, id) =>
    browser.post('/api/group-admin-requests', {
      accountId: id,
      change: 'grant',
      reason: 'Please.',
    }),
};

describe.each(TEST_DATABASES)('what a group administrator cannot reach, on %s', (kind) => {
  let test: TestApp;
  let ours: TestOrganization;
  let admin: TestAccount;
  let browser: TestBrowser;
  let theirs: TestOrganization;
  let stranger: TestAccount;
  let strangerBrowser: TestBrowser;
  let fellowAdmin: TestAccount;

  beforeAll(async () => {
    test = await createTestApp(kind);
    ours = await createOrganization(test.ctx);
    admin = await createAccount(test.ctx, { organizationId: ours.id, role: 'group_admin' });
    fellowAdmin = await createAccount(test.ctx, { organizationId: ours.id, role: 'group_admin' });
    await createAccount(test.ctx, { organizationId: ours.id, email: 'ours@example.com' });
    theirs = await createOrganization(test.ctx);
    const theirAdmin = await createAccount(test.ctx, {
      organizationId: theirs.id,
      role: 'group_admin',
    });
    stranger = await createAccount(test.ctx, {
      organizationId: theirs.id,
      email: 'stranger@example.com',
      name: 'Stranger Danger',
    });
    // The other organization has an audit trail and a request of its own.
    const theirBrowser = await signedIn(test.app, theirAdmin);
    await theirBrowser.patch(`/api/accounts/${stranger.id}`, { language: 'ja' });
    await theirBrowser.post('/api/group-admin-requests', {
      accountId: stranger.id,
      change: 'grant',
      reason: 'Their own request.',
    });
    strangerBrowser = await signedIn(test.app, stranger);
    browser = await signedIn(test.app, admin);
  });
  afterAll(() => test.close());

  async function snapshot(accountId: string) {
    const account = await test.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirst();
    const sessions = await test.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('accountId', '=', accountId)
      .execute();
    const mails = await test.ctx.db.selectFrom('outboxMails').select('id').execute();
    const requests = await test.ctx.db.selectFrom('groupAdminRequests').select('id').execute();
    return { account, sessions, mails, requests };
  }

  it.each(Object.entries(BY_ID))(
    '%s another organization account answers 404 and changes nothing',
    async (_action, call) => {
      const before = await snapshot(stranger.id);

      const response = await call(browser, stranger.id, admin);

      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
      expect(JSON.stringify(response.json())).not.toContain(stranger.email);
      expect(await snapshot(stranger.id)).toEqual(before);
      expect((await strangerBrowser.get('/api/session')).statusCode).toBe(200);
    },
  );

  it.each(Object.entries(BY_ID).filter(([action]) => action !== 'file a request about'))(
    '%s a group administrator of the same organization answers 404 and changes nothing',
    async (_action, call) => {
      const before = await snapshot(fellowAdmin.id);

      const response = await call(browser, fellowAdmin.id, admin);

      expect(response.statusCode).toBe(404);
      expect(await snapshot(fellowAdmin.id)).toEqual(before);
    },
  );

  it('answers an unknown id exactly like another organization id', async () => {
    const unknown = await browser.get('/api/accounts/00000000-0000-4000-8000-000000000000');
    const foreign = await browser.get(`/api/accounts/${stranger.id}`);

    expect(foreign.statusCode).toBe(unknown.statusCode);
    expect(foreign.body).toBe(unknown.body);
  });

  it('lists, searches and exports only its own organization accounts, never a group administrator', async () => {
    const list = await browser.get('/api/accounts?limit=200');
    const search = await browser.get('/api/accounts?q=stranger');
    const csv = await browser.get('/api/accounts.csv');

    expect(list.json().accounts.map((account: { email: string }) => account.email)).toEqual([
      'ours@example.com',
    ]);
    expect(search.json().accounts).toEqual([]);
    for (const text of [list.body, csv.body]) {
      expect(text).not.toContain(stranger.email);
      expect(text).not.toContain(fellowAdmin.email);
      expect(text).not.toContain(admin.email);
    }
  });

  it('shows only its own organization in the audit trail, its CSV file and the requests', async () => {
    const events = await browser.get('/api/audit-events?limit=200');
    const byTarget = await browser.get(`/api/audit-events?account=${stranger.email}`);
    const csv = await browser.get('/api/audit-events.csv');
    const requests = await browser.get('/api/group-admin-requests');

    expect(byTarget.json().events).toEqual([]);
    for (const text of [events.body, csv.body, requests.body]) {
      expect(text).not.toContain(stranger.email);
      expect(text).not.toContain('Their own request.');
    }
    expect(
      requests
        .json()
        .groupAdministrators.map((a: { email: string }) => a.email)
        .sort(),
    ).toEqual([admin.email, fellowAdmin.email].sort());
    expect(theirs.id).not.toBe(ours.id);
  });
});
