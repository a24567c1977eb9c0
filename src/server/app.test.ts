import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, DEFAULT_TEST_PASSWORD } from './testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from './testing/harness.ts';

describe.each(TEST_DATABASES)('the HTTP app on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  async function signIn(email: string): Promise<TestBrowser> {
    const browser = new TestBrowser(test.app);
    const answer = await browser.post('/api/auth/sign-in', {
      email,
      password: DEFAULT_TEST_PASSWORD,
    });
    expect(answer.json()).toEqual({ stage: 'active' });
    return browser;
  }

  it('serves an OpenAPI document of the API, with the request schemas it validates against', async () => {
    const answer = await test.app.inject({ url: '/api/openapi.json' });
    const document = answer.json();

    expect(answer.statusCode).toBe(200);
    expect(document.openapi).toMatch(/^3\./);
    const signIn = document.paths['/api/auth/sign-in'].post;
    expect(signIn.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'password']),
    );
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/profile', '/api/accounts', '/api/accounts/{id}']),
    );
  });

  it('applies a role change to a session that is already open, at its next request', async () => {
    const organization = await createOrganization(test.ctx, {
      plan: 'pro',
      virusCheckOption: true,
    });
    const admin = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
    });
    const user = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'service_user',
    });
    const adminBrowser = await signIn(admin.email);
    const userBrowser = await signIn(user.email);
    expect((await userBrowser.get('/api/profile')).json().allowed.deliveryReport).toBe(true);

    const change = await adminBrowser.patch(`/api/accounts/${user.id}`, { role: 'accountant' });
    expect(change.statusCode).toBe(200);

    const profile = (await userBrowser.get('/api/profile')).json();
    expect(profile.role).toBe('accountant');
    expect(profile.allowed.deliveryReport).toBe(false);
    const refused = await userBrowser.patch('/api/profile', { deliveryReport: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0]).toMatchObject({
      field: 'deliveryReport',
      rule: 'option_forbidden_by_role',
    });
  });

  it('answers an unknown API path with a JSON 404, not the browser app', async () => {
    const api = await test.app.inject({ url: '/api/no-such-thing' });

    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});
