import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, type TestOrganization } from '../testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from '../testing/harness.ts';
import { verifyPassword } from './passwords.ts';
import { totpCode, totpStep } from './totp.ts';

const NEW_PASSWORD = 'quiet-meadow-copper-77';

describe.each(TEST_DATABASES)('signing in on %s', (kind) => {
  let test: TestApp;
  let organization: TestOrganization;
  beforeAll(async () => {
    test = await createTestApp(kind);
    organization = await createOrganization(test.ctx, { name: 'Bluefin Logistics' });
  });
  afterAll(() => test.close());

  function browser(): TestBrowser {
    return new TestBrowser(test.app);
  }

  function currentCode(secret: string): string {
    return totpCode(secret, totpStep(test.clock.now()));
  }

  async function auditOf(accountIdOrLogin: string) {
    return test.ctx.db
      .selectFrom('auditEvents')
      .select(['action', 'actor', 'clientAddress', 'details'])
      .where((eb) =>
        eb.or([eb('targetAccountId', '=', accountIdOrLogin), eb('target', '=', accountIdOrLogin)]),
      )
      .orderBy('occurredAt')
      .orderBy('id')
      .execute();
  }

  describe('with a password only', () => {
    it('lands in the active stage and the profile opens', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });
      const client = browser();

      const signIn = await client.post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      const profile = await client.get('/api/profile');

      expect(signIn.statusCode).toBe(200);
      expect(signIn.json()).toEqual({ stage: 'active' });
      expect(profile.statusCode).toBe(200);
      expect(profile.json()).toMatchObject({
        email: account.email,
        lastSignInAt: test.clock.now().toISOString(),
      });
    });

    it('compares the email without regard to case', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });

      const signIn = await browser().post('/api/auth/sign-in', {
        email: account.email.toUpperCase(),
        password: account.password,
      });

      expect(signIn.json()).toEqual({ stage: 'active' });
    });

    it('records the success with the client address', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });

      await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });

      const events = await auditOf(account.id);
      expect(events).toMatchObject([
        { action: 'sign_in.succeeded', actor: account.email, clientAddress: '127.0.0.1' },
      ]);
    });
  });

  describe('an unknown email and a wrong password', () => {
    it('get the same status and body', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });

      const unknown = await browser().post('/api/auth/sign-in', {
        email: 'nobody-here@example.com',
        password: account.password,
      });
      const wrong = await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: 'not-the-password-at-all',
      });

      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
      expect(unknown.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      expect(unknown.cookies).toEqual([]);
    });

    it('both take the time of a password hash', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });
      const timeOf = async (email: string, password: string) => {
        const started = process.hrtime.bigint();
        await browser().post('/api/auth/sign-in', { email, password });
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] ?? 0;

      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        unknown.push(await timeOf(`unknown-${attempt}@example.com`, 'some-password-123'));
        wrong.push(await timeOf(account.email, `wrong-password-${attempt}`));
      }

      // Without the dummy hash an unknown email answers dozens of times faster.
      const ratio = median(unknown) / median(wrong);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });

    it('are recorded with why they failed, never with the password', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });

      await browser().post('/api/auth/sign-in', {
        email: 'ghost@example.com',
        password: 'ghost-password-1',
      });
      await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: 'typo-password-2',
      });

      const ghost = await auditOf('ghost@example.com');
      const typo = await auditOf(account.id);
      expect(ghost).toMatchObject([{ action: 'sign_in.failed', clientAddress: '127.0.0.1' }]);
      expect(JSON.parse(ghost[0]?.details ?? '{}')).toMatchObject({ reason: 'unknown_account' });
      expect(JSON.parse(typo[0]?.details ?? '{}')).toMatchObject({ reason: 'wrong_password' });
      expect(JSON.stringify([ghost, typo])).not.toMatch(/ghost-password-1|typo-password-2/);
    });
  });

  describe('with a temporary password', () => {
    it('allows only choosing a new password, which gives a new session token', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        passwordTemporary: true,
      });
      const client = browser();

      const signIn = await client.post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      const firstToken = client.cookie('mailroom_session');
      const profileBefore = await client.get('/api/profile');
      const newPassword = await client.post('/api/auth/new-password', {
        newPassword: NEW_PASSWORD,
      });
      const profileAfter = await client.get('/api/profile');

      expect(signIn.json()).toEqual({ stage: 'password_change' });
      expect(profileBefore.statusCode).toBe(401);
      expect(newPassword.json()).toEqual({ stage: 'active' });
      expect(client.cookie('mailroom_session')).not.toBe(firstToken);
      expect(profileAfter.statusCode).toBe(200);

      const replayed = await test.app.inject({
        method: 'GET',
        url: '/api/session',
        cookies: { mailroom_session: firstToken ?? '' },
      });
      expect(replayed.statusCode).toBe(401);
    });

    it('refuses a new password equal to the temporary one, or breaking the rules', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        password: 'Kq7m-Zr4p-Xw9c-Hn2t',
        passwordTemporary: true,
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

      const same = await client.post('/api/auth/new-password', { newPassword: account.password });
      const short = await client.post('/api/auth/new-password', { newPassword: 'short' });
      const personal = await client.post('/api/auth/new-password', {
        newPassword: 'bluefin-logistics-2026',
      });

      for (const [response, rule] of [
        [same, 'password_unchanged'],
        [short, 'password_too_short'],
        [personal, 'password_personal'],
      ] as const) {
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({
          error: { code: 'password_rejected', fields: [{ field: 'newPassword', rule }] },
        });
      }
    });

    it('is refused once expired, with the rule on the password field', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        passwordTemporary: true,
        passwordExpiresAt: test.clock.now().toISOString(),
      });

      const signIn = await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });

      expect(signIn.statusCode).toBe(400);
      expect(signIn.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          fields: [{ field: 'password', rule: 'temporary_password_expired' }],
        },
      });
      expect(signIn.cookies).toEqual([]);
    });

    it('stores the new password in place of the temporary one', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        passwordTemporary: true,
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
      await client.post('/api/auth/new-password', { newPassword: NEW_PASSWORD });

      const row = await test.ctx.db
        .selectFrom('accounts')
        .select(['passwordHash', 'passwordTemporary', 'passwordExpiresAt'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(row.passwordTemporary).toBe(false);
      expect(row.passwordExpiresAt).toBeNull();
      expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
    });

    it('leads on to the authenticator set-up when two-factor authentication is on', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        passwordTemporary: true,
        totp: 'setup',
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

      const newPassword = await client.post('/api/auth/new-password', {
        newPassword: NEW_PASSWORD,
      });

      expect(newPassword.json()).toEqual({ stage: 'totp_setup' });
    });
  });

  describe('setting up an authenticator', () => {
    it('shows a QR code of the otpauth URI and the key, and a code from it finishes', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'setup',
      });
      const client = browser();

      const signIn = await client.post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      const setup = await client.get('/api/auth/totp-setup');
      const again = await client.get('/api/auth/totp-setup');
      const { uri, secret, qrCode } = setup.json() as {
        uri: string;
        secret: string;
        qrCode: string;
      };

      expect(signIn.json()).toEqual({ stage: 'totp_setup' });
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(uri).toBe(
        `otpauth://totp/Mailroom:${encodeURIComponent(account.email)}?secret=${secret}&issuer=Mailroom`,
      );
      expect(again.json()).toEqual(setup.json());
      expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(readQrCode(qrCode)).toBe(uri);

      const wrong = await client.post('/api/auth/totp-setup', { code: '000000' });
      const confirm = await client.post('/api/auth/totp-setup', { code: currentCode(secret) });
      const profile = await client.get('/api/profile');

      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({ error: { code: 'invalid_code' } });
      expect(confirm.json()).toEqual({ stage: 'active' });
      expect(profile.json()).toMatchObject({ totp: 'on' });
      // One clock reading for all three: compare them as a set.
      const actions = (await auditOf(account.id)).map((event) => event.action).sort();
      expect(actions).toEqual(['sign_in.failed', 'sign_in.succeeded', 'totp.set_up']);
    });

    it('keeps the key sealed in the database', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'setup',
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
      const { secret } = (await client.get('/api/auth/totp-setup')).json() as { secret: string };
      await client.post('/api/auth/totp-setup', { code: currentCode(secret) });

      const row = await test.ctx.db
        .selectFrom('accounts')
        .select(['totpSecret', 'totpPendingSecret'])
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      expect(row.totpPendingSecret).toBeNull();
      expect(row.totpSecret).not.toContain(secret);
      expect(test.ctx.secretBox.open(row.totpSecret ?? '')).toBe(secret);
    });
  });

  describe('with an authenticator set up', () => {
    it('asks for a code, and a code is accepted once only', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'on',
      });
      const secret = account.totpSecret ?? '';
      const first = browser();
      const second = browser();

      const signIn = await first.post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      const profileBeforeCode = await first.get('/api/profile');
      const code = currentCode(secret);
      const accepted = await first.post('/api/auth/totp', {
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
      });
      await second.post('/api/auth/sign-in', { email: account.email, password: account.password });
      const replayed = await second.post('/api/auth/totp', { code });

      expect(signIn.json()).toEqual({ stage: 'totp' });
      expect(profileBeforeCode.statusCode).toBe(401);
      expect(accepted.json()).toEqual({ stage: 'active' });
      expect(replayed.statusCode).toBe(400);
      expect(replayed.json()).toMatchObject({ error: { code: 'invalid_code' } });

      test.clock.advance(30_000);
      const next = await second.post('/api/auth/totp', { code: currentCode(secret) });
      expect(next.json()).toEqual({ stage: 'active' });
    });

    it('refuses the code step before the password', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'on',
      });

      const code = await browser().post('/api/auth/totp', {
        code: currentCode(account.totpSecret ?? ''),
      });

      expect(code.statusCode).toBe(401);
    });
  });

  describe('throttling per login', () => {
    it('makes the sixth attempt wait, refuses even the right password meanwhile, and resets on success', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });
      const attempt = (password: string) =>
        browser().post('/api/auth/sign-in', { email: account.email, password });

      for (let failure = 1; failure <= 5; failure++) {
        expect((await attempt(`wrong-${failure}-password`)).statusCode).toBe(401);
      }
      const waiting = await attempt(account.password);

      expect(waiting.statusCode).toBe(429);
      expect(waiting.json()).toMatchObject({
        error: { code: 'sign_in_throttled', retryAfterSeconds: 60 },
      });
      expect(waiting.headers['retry-after']).toBe('60');

      test.clock.advance(60_000);
      expect((await attempt('wrong-6-password')).statusCode).toBe(401);
      const longer = await attempt(account.password);
      expect(longer.json()).toMatchObject({ error: { retryAfterSeconds: 120 } });

      test.clock.advance(120_000);
      expect((await attempt(account.password)).statusCode).toBe(200);
      for (let failure = 1; failure <= 4; failure++) {
        expect((await attempt(`again-${failure}-wrong`)).statusCode).toBe(401);
      }
      expect((await attempt(account.password)).statusCode).toBe(200);
    });

    it('waits at most fifteen minutes', async () => {
      const email = 'patient-guesser@example.com';
      const attempt = () =>
        browser().post('/api/auth/sign-in', { email, password: 'guess-guess-1' });
      const waits: number[] = [];

      for (let failure = 1; failure <= 10; failure++) {
        await attempt();
        const refused = await attempt();
        const retryAfter = (refused.json() as { error: { retryAfterSeconds?: number } }).error
          .retryAfterSeconds;
        if (retryAfter) {
          waits.push(retryAfter);
          test.clock.advance(retryAfter * 1000);
        }
      }

      expect(waits.map((seconds) => seconds / 60)).toEqual([1, 2, 4, 8, 15, 15, 15, 15]);
    });

    it('throttles an unknown email just like a real one and records it', async () => {
      const email = 'not-an-account@example.com';
      for (let failure = 1; failure <= 5; failure++) {
        await browser().post('/api/auth/sign-in', { email, password: 'guess-guess-1' });
      }

      const waiting = await browser().post('/api/auth/sign-in', {
        email,
        password: 'guess-guess-1',
      });

      expect(waiting.statusCode).toBe(429);
      const events = await auditOf(email);
      expect(events.filter((event) => event.action === 'sign_in.failed')).toHaveLength(5);
      expect(events.filter((event) => event.action === 'sign_in.throttled')).toMatchObject([
        { actor: email, clientAddress: '127.0.0.1' },
      ]);
    });

    it('counts wrong codes toward the same login', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'on',
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

      for (let failure = 1; failure <= 5; failure++) {
        expect((await client.post('/api/auth/totp', { code: '000000' })).statusCode).toBe(400);
      }
      const rightCode = await client.post('/api/auth/totp', {
        code: currentCode(account.totpSecret ?? ''),
      });
      const rightPassword = await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });

      expect(rightCode.statusCode).toBe(429);
      expect(rightPassword.statusCode).toBe(429);
    });

    it('lets no burst of parallel guesses past the fifth', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });

      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          browser().post('/api/auth/sign-in', {
            email: account.email,
            password: `parallel-guess-${index}`,
          }),
        ),
      );

      const checked = answers.filter((answer) => answer.statusCode === 401);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(answers.filter((answer) => answer.statusCode === 429).length).toBe(
        12 - checked.length,
      );
    });
  });

  describe('a locked account', () => {
    it('cannot sign in with the right password, and its open session ends', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
      expect((await client.get('/api/profile')).statusCode).toBe(200);

      await test.ctx.db
        .updateTable('accounts')
        .set({ locked: true })
        .where('id', '=', account.id)
        .execute();
      const openSession = await client.get('/api/profile');
      const signIn = await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      const wrongPassword = await browser().post('/api/auth/sign-in', {
        email: account.email,
        password: 'not-the-password-9',
      });

      expect(openSession.statusCode).toBe(401);
      expect(signIn.statusCode).toBe(403);
      expect(signIn.json()).toMatchObject({ error: { code: 'account_locked' } });
      // Without the password, a locked account looks like any other.
      expect(wrongPassword.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    });
  });

  describe('signing out', () => {
    it('ends the session on the server, so the old cookie no longer works', async () => {
      const account = await createAccount(test.ctx, { organizationId: organization.id });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
      const token = client.cookie('mailroom_session') ?? '';

      const signOut = await client.post('/api/auth/sign-out');
      const replayed = await test.app.inject({
        method: 'GET',
        url: '/api/profile',
        cookies: { mailroom_session: token },
      });

      expect(signOut.statusCode).toBe(204);
      expect(client.cookie('mailroom_session')).toBeUndefined();
      expect(replayed.statusCode).toBe(401);
    });

    it('works at any stage', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        passwordTemporary: true,
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

      expect((await client.post('/api/auth/sign-out')).statusCode).toBe(204);
      expect((await client.get('/api/session')).statusCode).toBe(401);
    });
  });

  describe('the session', () => {
    it('shows only the email before the last stage, and the profile after', async () => {
      const account = await createAccount(test.ctx, {
        organizationId: organization.id,
        totp: 'on',
      });
      const client = browser();
      await client.post('/api/auth/sign-in', { email: account.email, password: account.password });

      const halfway = await client.get('/api/session');
      await client.post('/api/auth/totp', { code: currentCode(account.totpSecret ?? '') });
      const done = await client.get('/api/session');

      expect(halfway.json()).toEqual({ stage: 'totp', account: { email: account.email } });
      expect(done.json()).toMatchObject({
        stage: 'active',
        account: { id: account.id, email: account.email, totp: 'on', role: 'service_user' },
      });
    });

    it('answers 401 without one', async () => {
      expect((await browser().get('/api/session')).statusCode).toBe(401);
    });
  });
});

describe.each(TEST_DATABASES)('the per-address rate limit on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind, { SIGN_IN_RATE_LIMIT: '3' });
  });
  afterAll(() => test.close());

  it('refuses the fourth sign-in within a minute from one address, whatever the email', async () => {
    const answers = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      answers.push(
        await new TestBrowser(test.app).post('/api/auth/sign-in', {
          email: `someone-${attempt}@example.com`,
          password: 'guess-guess-1',
        }),
      );
    }

    expect(answers.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 429]);
    expect(answers[3]?.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

/** Reads the QR code with zbarimg, a decoder independent of the one that drew it. */
function readQrCode(dataUrl: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'mailroom-qr-'));
  try {
    const svg = Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
    const file = join(directory, 'code.svg');
    writeFileSync(file, svg);
    const png = join(directory, 'code.png');
    execFileSync(
      '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        `--screenshot=${png}`,
        '--window-size=400,400',
        `file://${file}`,
      ],
      { stdio: 'ignore' },
    );
    return execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
