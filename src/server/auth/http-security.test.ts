import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createAccount, createOrganization } from '../testing/fixtures.ts';
import {
  createTestApp,
  createTestContext,
  TEST_DATABASES,
  type TestApp,
  TestBrowser,
} from '../testing/harness.ts';
import { totpCode, totpStep } from './totp.ts';

describe.each(TEST_DATABASES)('the session cookie and headers on %s', (kind) => {
  let http: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    http = await createTestApp(kind);
    https = await createTestApp(kind, { PUBLIC_URL: 'https://console.example.com' });
  });
  afterAll(async () => {
    await http.close();
    await https.close();
  });

  async function signIn(test: TestApp) {
    const organization = await createOrganization(test.ctx);
    const account = await createAccount(test.ctx, { organizationId: organization.id });
    return new TestBrowser(test.app).post('/api/auth/sign-in', {
      email: account.email,
      password: account.password,
    });
  }

  it('is HttpOnly, Secure, SameSite=Lax and for the whole site', async () => {
    const response = await signIn(http);

    expect(response.cookies).toMatchObject([
      { name: 'mailroom_session', httpOnly: true, secure: true, sameSite: 'Lax', path: '/' },
    ]);
    expect(response.cookies[0]).not.toHaveProperty('domain');
  });

  it('carries the __Host- prefix over HTTPS', async () => {
    const response = await signIn(https);

    expect(response.cookies).toMatchObject([
      { name: '__Host-mailroom_session', httpOnly: true, secure: true, path: '/' },
    ]);
  });

  it('holds a token of at least 128 bits, of which the database keeps only a hash', async () => {
    const response = await signIn(http);
    const token = response.cookies[0]?.value ?? '';

    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const stored = await http.ctx.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((session) => session.id)).not.toContain(token);
  });

  it('answers the API with CSP, nosniff, a referrer policy and no-store', async () => {
    const response = await new TestBrowser(http.app).get('/api/meta');
    const csp = String(response.headers['content-security-policy']);

    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sends HSTS over HTTPS only', async () => {
    const plain = await new TestBrowser(http.app).get('/api/meta');
    const secure = await new TestBrowser(https.app).get('/api/meta');

    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});

describe.each(TEST_DATABASES)('cross-site writes on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  const signIn = (headers: Record<string, string>) =>
    test.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers,
      payload: { email: 'someone@example.com', password: 'whatever-it-is-1' },
    });

  it.each([
    ['no Origin and no Sec-Fetch-Site', {}],
    ['a foreign Origin', { origin: 'https://attacker.example' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a write with %s', async (_case, headers) => {
    const response = await signIn(headers);

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'csrf_rejected' } });
  });

  it('accepts a write from its own origin', async () => {
    const response = await signIn({ origin: test.ctx.config.publicUrl.origin });

    expect(response.statusCode).toBe(401);
  });

  it('refuses a sign-out from another site, so the session survives', async () => {
    const organization = await createOrganization(test.ctx);
    const account = await createAccount(test.ctx, { organizationId: organization.id });
    const client = new TestBrowser(test.app);
    await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

    const forged = await client.request(
      'POST',
      '/api/auth/sign-out',
      {},
      {
        'sec-fetch-site': 'cross-site',
      },
    );

    expect(forged.statusCode).toBe(403);
    expect((await client.get('/api/session')).statusCode).toBe(200);
  });
});

describe.each(TEST_DATABASES)('the logs on %s', (kind) => {
  it('never contain a password, code or session token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const context = await createTestContext(kind);
    // Everything, at the most verbose level and without the redaction net: nothing to hide.
    context.ctx.logger = pino({ level: 'trace' }, sink);
    const app = await buildApp(context.ctx);
    try {
      const organization = await createOrganization(context.ctx);
      const account = await createAccount(context.ctx, {
        organizationId: organization.id,
        password: 'marigold-lantern-password',
        passwordTemporary: true,
        totp: 'setup',
      });
      const client = new TestBrowser(app);

      await client.post('/api/auth/sign-in', {
        email: account.email,
        password: 'wrong-guess-password',
      });
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
      const temporaryToken = client.cookie('mailroom_session');
      await client.post('/api/auth/new-password', { newPassword: 'juniper-harbor-stones-8' });
      const setup = (await client.get('/api/auth/totp-setup')).json() as { secret: string };
      const code = totpCode(setup.secret, totpStep(context.ctx.clock.now()));
      await client.post('/api/auth/totp-setup', { code: '123456' });
      await client.post('/api/auth/totp-setup', { code });
      await client.post('/api/auth/sign-out');

      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(10);
      for (const secret of [
        'wrong-guess-password',
        'marigold-lantern-password',
        'juniper-harbor-stones-8',
        setup.secret,
        temporaryToken ?? 'no token was set',
      ]) {
        expect(log).not.toContain(secret);
      }
      // Codes are digits: look for them standing alone, not inside a timestamp.
      for (const sixDigits of [code, '123456']) {
        expect(log).not.toMatch(new RegExp(`(?<!\\d)${sixDigits}(?!\\d)`));
      }
    } finally {
      await app.close();
      await context.close();
    }
  });
});
