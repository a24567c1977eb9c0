import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, type TestAccount } from '../testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from '../testing/harness.ts';
import { newAccountBody, signedIn } from './testing.ts';

/*
 * The role x endpoint matrix of PRODUCT.md for the account settings screen: only a group
 * administrator gets through; every other role is refused, and so is a caller without a
 * fully signed-in session.
 */

interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (targetId: string) => string;
  body?: (caller: TestAccount, targetId: string) => unknown;
  success: number;
}

const ENDPOINTS: Record<string, Endpoint> = {
  'list accounts': { method: 'GET', path: () => '/api/accounts', success: 200 },
  'download the account list': { method: 'GET', path: () => '/api/accounts.csv', success: 200 },
  'add an account': {
    method: 'POST',
    path: () => '/api/accounts',
    body: () => newAccountBody(),
    success: 201,
  },
  'read an account': { method: 'GET', path: (id) => `/api/accounts/${id}`, success: 200 },
  'edit an account': {
    method: 'PATCH',
    path: (id) => `/api/accounts/${id}`,
    body: () => ({ name: 'Renamed', locked: true }),
    success: 200,
  },
  'issue a temporary password': {
    method: 'POST',
    path: (id) => `/api/accounts/${id}/temporary-password`,
    body: () => ({}),
    success: 200,
  },
  'reissue the OTP key': {
    method: 'POST',
    path: (id) => `/api/accounts/${id}/otp-key`,
    body: () => ({}),
    success: 200,
  },
  'delete an account': {
    method: 'DELETE',
    path: (id) => `/api/accounts/${id}`,
    body: (caller) => ({ password: caller.password }),
    success: 204,
  },
  'read the audit trail': { method: 'GET', path: () => '/api/audit-events', success: 200 },
  'download the audit trail': { method: 'GET', path: () => '/api/audit-events.csv', success: 200 },
  'list group administrator requests': {
    method: 'GET',
    path: () => '/api/group-admin-requests',
    success: 200,
  },
  'file a group administrator request': {
    method: 'POST',
    path: () => '/api/group-admin-requests',
    body: (_caller, id) => ({ accountId: id, change: 'grant', reason: 'Runs our billing now.' }),
    success: 201,
  },
};

const CALLERS = [
  ['group_admin', 'success'],
  ['service_user', 403],
  ['report_viewer', 403],
  ['accountant', 403],
  ['anonymous', 401],
  ['a temporary password session', 401],
] as const;

describe.each(TEST_DATABASES)('who may use the account settings endpoints, on %s', (kind) => {
  let test: TestApp;
  let organizationId: string;
  const browsers = new Map<string, { browser: TestBrowser; account: TestAccount | null }>();

  beforeAll(async () => {
    test = await createTestApp(kind);
    const organization = await createOrganization(test.ctx);
    organizationId = organization.id;
    for (const role of ['group_admin', 'service_user', 'report_viewer', 'accountant'] as const) {
      const account = await createAccount(test.ctx, { organizationId, role });
      browsers.set(role, { browser: await signedIn(test.app, account), account });
    }
    browsers.set('anonymous', { browser: new TestBrowser(test.app), account: null });

    const temporary = await createAccount(test.ctx, {
      organizationId,
      role: 'group_admin',
      passwordTemporary: true,
    });
    const halfway = new TestBrowser(test.app);
    const signIn = await halfway.post('/api/auth/sign-in', {
      email: temporary.email,
      password: temporary.password,
    });
    expect(signIn.json()).toEqual({ stage: 'password_change' });
    browsers.set('a temporary password session', { browser: halfway, account: temporary });
  });
  afterAll(() => test.close());

  const cases = Object.entries(ENDPOINTS).flatMap(([action, endpoint]) =>
    CALLERS.map(([caller, expected]) => ({
      action,
      endpoint,
      caller,
      status: expected === 'success' ? endpoint.success : expected,
    })),
  );

  it.each(cases)('$caller: $action answers $status', async ({ endpoint, caller, status }) => {
    const target = await createAccount(test.ctx, { organizationId });
    const { browser, account } = browsers.get(caller) ?? expect.unreachable();
    const body = endpoint.body?.(account ?? target, target.id);

    const response = await browser.request(endpoint.method, endpoint.path(target.id), body);

    expect(response.statusCode).toBe(status);
    if (status >= 400) {
      expect(response.json().error.code).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
      const after = await test.ctx.db
        .selectFrom('accounts')
        .select(['name', 'locked'])
        .where('id', '=', target.id)
        .executeTakeFirst();
      expect(after).toEqual({ name: target.name, locked: false });
    }
  });
});
