import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contract/roles.ts';
import { totpCode, totpStep } from '../auth/totp.ts';
import {
  createAccount,
  createOrganization,
  type NewTestAccount,
  type TestAccount,
  type TestOrganization,
} from '../testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from '../testing/harness.ts';

const NEW_PASSWORD = 'harvest-moon-teapot-31';

describe.each(TEST_DATABASES)('the own profile on %s', (kind) => {
  let test: TestApp;
  let standard: TestOrganization;
  let pro: TestOrganization;
  beforeAll(async () => {
    test = await createTestApp(kind);
    standard = await createOrganization(test.ctx, { plan: 'standard' });
    pro = await createOrganization(test.ctx, { plan: 'pro', virusCheckOption: true });
  });
  afterAll(() => test.close());

  async function signedIn(
    fields: Partial<NewTestAccount> = {},
  ): Promise<{ client: TestBrowser; account: TestAccount }> {
    const account = await createAccount(test.ctx, { organizationId: standard.id, ...fields });
    const client = new TestBrowser(test.app);
    await client.post('/api/auth/sign-in', { email: account.email, password: account.password });
    if (account.totpSecret) {
      await client.post('/api/auth/totp', {
        code: totpCode(account.totpSecret, totpStep(test.clock.now())),
      });
    }
    return { client, account };
  }

  describe('reading it', () => {
    it('shows the account, its organization and what it may choose', async () => {
      const { client, account } = await signedIn({
        organizationId: pro.id,
        role: 'report_viewer',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
      });

      const profile = await client.get('/api/profile');

      expect(profile.statusCode).toBe(200);
      expect(profile.json()).toEqual({
        id: account.id,
        email: account.email,
        name: account.name,
        role: 'report_viewer',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
        totp: 'off',
        deliveryReport: false,
        virusAlert: false,
        lastSignInAt: test.clock.now().toISOString(),
        organization: {
          id: pro.id,
          name: pro.name,
          clientNumber: pro.clientNumber,
          plan: 'pro',
          virusCheckOption: true,
        },
        allowed: { deliveryReport: true, virusAlert: false, disableTotp: false },
      });
    });

    it.each<[Role, string, { deliveryReport: boolean; virusAlert: boolean; disableTotp: boolean }]>(
      [
        ['group_admin', 'pro', { deliveryReport: true, virusAlert: true, disableTotp: true }],
        ['service_user', 'pro', { deliveryReport: true, virusAlert: true, disableTotp: false }],
        [
          'service_user',
          'standard',
          { deliveryReport: true, virusAlert: false, disableTotp: false },
        ],
        ['report_viewer', 'pro', { deliveryReport: true, virusAlert: false, disableTotp: false }],
        ['accountant', 'pro', { deliveryReport: false, virusAlert: false, disableTotp: false }],
      ],
    )('tells a %s on the %s plan what it may choose', async (role, plan, allowed) => {
      const organizationId = plan === 'pro' ? pro.id : standard.id;
      const { client } = await signedIn({ role, organizationId });

      expect((await client.get('/api/profile')).json()).toMatchObject({ allowed });
    });

    it('answers 401 without a session, and before the last sign-in stage', async () => {
      const { client } = await signedIn({ passwordTemporary: true });

      expect((await new TestBrowser(test.app).get('/api/profile')).statusCode).toBe(401);
      expect((await client.get('/api/profile')).statusCode).toBe(401);
    });
  });

  describe('editing it', () => {
    it('changes name, language and time zone, and records what changed', async () => {
      const { client, account } = await signedIn();

      const patched = await client.patch('/api/profile', {
        name: '佐藤 花子',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
      });
      const reread = await client.get('/api/profile');

      expect(patched.statusCode).toBe(200);
      expect(reread.json()).toMatchObject({
        name: '佐藤 花子',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
      });
      const audit = await test.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'details'])
        .where('targetAccountId', '=', account.id)
        .where('action', '=', 'profile.updated')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({
        changed: { name: '佐藤 花子', language: 'ja', timeZone: 'Asia/Tokyo' },
      });
    });

    it('names each field that breaks a rule, in the account language, and changes nothing', async () => {
      const { client, account } = await signedIn({ language: 'ja' });

      const refused = await client.patch('/api/profile', {
        name: 'Valid Name',
        language: 'fr',
        timeZone: 'Mars/Olympus_Mons',
      });

      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        error: {
          code: 'validation_failed',
          message: '入力内容に誤りがあります。',
          fields: [
            { field: 'language', rule: 'language' },
            { field: 'timeZone', rule: 'time_zone' },
          ],
        },
      });
      expect((await client.get('/api/profile')).json()).toMatchObject({ name: account.name });
    });

    it('refuses an empty name and one over 100 characters', async () => {
      const { client } = await signedIn();

      const empty = await client.patch('/api/profile', { name: '   ' });
      const long = await client.patch('/api/profile', { name: 'n'.repeat(101) });
      const longest = await client.patch('/api/profile', { name: '名'.repeat(100) });

      expect(empty.json()).toMatchObject({
        error: { fields: [{ field: 'name', rule: 'required' }] },
      });
      expect(long.json()).toMatchObject({
        error: { fields: [{ field: 'name', rule: 'too_long' }] },
      });
      expect(longest.statusCode).toBe(200);
    });

    it('refuses fields it does not know, such as the role or the organization', async () => {
      const { client } = await signedIn();

      const role = await client.patch('/api/profile', { role: 'group_admin' });
      const organization = await client.patch('/api/profile', { organizationId: pro.id });

      expect(role.json()).toMatchObject({
        error: { code: 'validation_failed', fields: [{ field: 'role', rule: 'unknown_field' }] },
      });
      expect(organization.statusCode).toBe(400);
      expect((await client.get('/api/profile')).json()).toMatchObject({
        role: 'service_user',
        organization: { id: standard.id },
      });
    });

    it('refuses the delivery report to an accountant', async () => {
      const { client } = await signedIn({ role: 'accountant' });

      const refused = await client.patch('/api/profile', { deliveryReport: true });

      expect(refused.json()).toMatchObject({
        error: { fields: [{ field: 'deliveryReport', rule: 'option_forbidden_by_role' }] },
      });
    });

    it('refuses virus alerts by role to a report viewer, and by plan on Standard', async () => {
      const viewer = await signedIn({ role: 'report_viewer', organizationId: pro.id });
      const onStandard = await signedIn({ role: 'service_user', organizationId: standard.id });
      const onPro = await signedIn({ role: 'service_user', organizationId: pro.id });

      const byRole = await viewer.client.patch('/api/profile', { virusAlert: true });
      const byPlan = await onStandard.client.patch('/api/profile', { virusAlert: true });
      const allowed = await onPro.client.patch('/api/profile', {
        virusAlert: true,
        deliveryReport: true,
      });

      expect(byRole.json()).toMatchObject({
        error: { fields: [{ field: 'virusAlert', rule: 'option_forbidden_by_role' }] },
      });
      expect(byPlan.json()).toMatchObject({
        error: { fields: [{ field: 'virusAlert', rule: 'option_forbidden_by_plan' }] },
      });
      expect(allowed.json()).toMatchObject({ virusAlert: true, deliveryReport: true });
    });

    it('lets anyone switch an option off', async () => {
      const { client } = await signedIn({ role: 'accountant', deliveryReport: true });

      const switchedOff = await client.patch('/api/profile', { deliveryReport: false });

      expect(switchedOff.json()).toMatchObject({ deliveryReport: false });
    });
  });

  describe('changing the password', () => {
    it('needs the current one; other sessions end and this one continues with a new token', async () => {
      const { client, account } = await signedIn();
      const other = new TestBrowser(test.app);
      await other.post('/api/auth/sign-in', { email: account.email, password: account.password });
      const oldToken = client.cookie('mailroom_session');

      const changed = await client.post('/api/profile/password', {
        currentPassword: account.password,
        newPassword: NEW_PASSWORD,
      });

      expect(changed.statusCode).toBe(204);
      expect(client.cookie('mailroom_session')).not.toBe(oldToken);
      expect((await client.get('/api/profile')).statusCode).toBe(200);
      expect((await other.get('/api/profile')).statusCode).toBe(401);
      const again = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: account.email,
        password: NEW_PASSWORD,
      });
      expect(again.json()).toEqual({ stage: 'active' });
    });

    it('refuses a wrong current password, and five of them throttle the login', async () => {
      const { client, account } = await signedIn();

      const wrong = await client.post('/api/profile/password', {
        currentPassword: 'not-my-password-1',
        newPassword: NEW_PASSWORD,
      });
      for (let failure = 2; failure <= 5; failure++) {
        await client.post('/api/profile/password', {
          currentPassword: `not-my-password-${failure}`,
          newPassword: NEW_PASSWORD,
        });
      }
      const signIn = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });

      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({
        error: { fields: [{ field: 'currentPassword', rule: 'password_wrong' }] },
      });
      expect(signIn.statusCode).toBe(429);
    });

    it('checks the new password against the rules and the current one', async () => {
      const { client, account } = await signedIn();

      const same = await client.post('/api/profile/password', {
        currentPassword: account.password,
        newPassword: account.password,
      });
      const common = await client.post('/api/profile/password', {
        currentPassword: account.password,
        newPassword: 'qwerty123456',
      });

      expect(same.json()).toMatchObject({
        error: {
          code: 'password_rejected',
          fields: [{ field: 'newPassword', rule: 'password_unchanged' }],
        },
      });
      expect(common.json()).toMatchObject({
        error: {
          code: 'password_rejected',
          fields: [{ field: 'newPassword', rule: 'password_common' }],
        },
      });
    });
  });

  describe('two-factor authentication', () => {
    it('any role switches it on; the QR code comes at the next sign-in', async () => {
      const { client, account } = await signedIn({ role: 'accountant' });

      const enabled = await client.post('/api/profile/totp/enable', {});
      const nextSignIn = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });

      expect(enabled.json()).toMatchObject({ totp: 'pending' });
      expect((await client.get('/api/profile')).statusCode).toBe(200);
      expect(nextSignIn.json()).toEqual({ stage: 'totp_setup' });
    });

    it('only a group administrator may switch it off', async () => {
      const { client, account } = await signedIn({ role: 'service_user', totp: 'on' });

      const refused = await client.post('/api/profile/totp/disable', {
        password: account.password,
        code: totpCode(account.totpSecret ?? '', totpStep(test.clock.now()) + 1),
      });

      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    });

    it('a group administrator switches it off with its password and a current code', async () => {
      const { client, account } = await signedIn({ role: 'group_admin', totp: 'on' });
      const secret = account.totpSecret ?? '';
      test.clock.advance(30_000);
      const code = totpCode(secret, totpStep(test.clock.now()));

      const wrongPassword = await client.post('/api/profile/totp/disable', {
        password: 'not-my-password-1',
        code,
      });
      const wrongCode = await client.post('/api/profile/totp/disable', {
        password: account.password,
        code: '000000',
      });
      const disabled = await client.post('/api/profile/totp/disable', {
        password: account.password,
        code,
      });

      expect(wrongPassword.json()).toMatchObject({
        error: { fields: [{ field: 'password', rule: 'password_wrong' }] },
      });
      expect(wrongCode.json()).toMatchObject({ error: { code: 'invalid_code' } });
      expect(disabled.json()).toMatchObject({ totp: 'off', allowed: { disableTotp: true } });
      const signIn = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: account.email,
        password: account.password,
      });
      expect(signIn.json()).toEqual({ stage: 'active' });
    });
  });
});
