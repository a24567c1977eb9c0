import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay } from '../mail/test-relay.ts';
import { MailWorker } from '../mail/worker.ts';
import {
  createAccount,
  createOrganization,
  type TestAccount,
  type TestOrganization,
} from '../testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from '../testing/harness.ts';
import { newAccountBody, signedIn } from './testing.ts';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe.each(TEST_DATABASES)('a group administrator managing accounts, on %s', (kind) => {
  let test: TestApp;
  let organization: TestOrganization;
  let admin: TestAccount;
  let browser: TestBrowser;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  beforeEach(async () => {
    organization = await createOrganization(test.ctx, { plan: 'pro', virusCheckOption: true });
    admin = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
    });
    browser = await signedIn(test.app, admin);
  });

  async function accountRow(id: string) {
    return test.ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async function outboxTo(recipient: string) {
    return test.ctx.db
      .selectFrom('outboxMails')
      .select(['template', 'subject', 'recipient'])
      .where('recipient', '=', recipient)
      .orderBy('createdAt')
      .execute();
  }

  async function auditOf(targetAccountId: string) {
    const rows = await test.ctx.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('targetAccountId', '=', targetAccountId)
      .orderBy('occurredAt')
      .execute();
    return rows.map((row) => ({ ...row, details: JSON.parse(row.details) }));
  }

  describe('adding an account', () => {
    it('saves it, mails it a temporary password in its language and audits who added it', async () => {
      const response = await browser.post(
        '/api/accounts',
        newAccountBody({
          email: '  Hanako.Sato@Example.COM ',
          name: '佐藤 花子',
          role: 'report_viewer',
          language: 'ja',
          timeZone: 'Asia/Tokyo',
          deliveryReport: true,
        }),
      );

      expect(response.statusCode).toBe(201);
      const { account } = response.json();
      expect(account).toEqual({
        id: expect.any(String),
        email: 'hanako.sato@example.com',
        name: '佐藤 花子',
        role: 'report_viewer',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
        totp: 'off',
        deliveryReport: true,
        virusAlert: false,
        locked: false,
        lastSignInAt: null,
        createdAt: test.clock.now().toISOString(),
      });
      const row = await accountRow(account.id);
      expect(row).toMatchObject({ organizationId: organization.id, passwordTemporary: true });
      const mails = await outboxTo('hanako.sato@example.com');
      expect(mails).toEqual([
        expect.objectContaining({
          template: 'temporary_password',
          subject: expect.stringMatching(JAPANESE),
        }),
      ]);
      const audit = await auditOf(account.id);
      expect(audit.map((event) => event.action)).toEqual([
        'account.created',
        'password.temporary_issued',
      ]);
      expect(audit[0]).toMatchObject({
        organizationId: organization.id,
        actorAccountId: admin.id,
        actor: admin.email,
        target: 'hanako.sato@example.com',
        clientAddress: '127.0.0.1',
        occurredAt: test.clock.now().toISOString(),
        details: expect.objectContaining({ role: 'report_viewer', deliveryReport: true }),
      });
    });

    it('delivers the temporary password mail through a real SMTP relay', async () => {
      const relay = await startTestRelay();
      const worker = new MailWorker(test.ctx, { smtpUrl: relay.url });
      try {
        const body = newAccountBody({ language: 'ja', timeZone: 'Asia/Tokyo' });
        expect((await browser.post('/api/accounts', body)).statusCode).toBe(201);

        while ((await worker.runOnce()) > 0) {}

        const delivered = relay.received.filter((mail) =>
          mail.envelopeTo.includes(body.email as string),
        );
        expect(delivered).toHaveLength(1);
        expect(delivered[0]?.message.subject).toMatch(JAPANESE);
        expect(delivered[0]?.message.text).toMatch(
          /[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}/,
        );
      } finally {
        await worker.stop();
        await relay.close();
      }
    });

    it('refuses an email any account of the service already has, naming the field', async () => {
      const elsewhere = await createOrganization(test.ctx);
      const taken = await createAccount(test.ctx, { organizationId: elsewhere.id });

      const response = await browser.post(
        '/api/accounts',
        newAccountBody({ email: taken.email.toUpperCase() }),
      );

      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([
        { field: 'email', rule: 'email_taken', message: 'This email address is already used.' },
      ]);
      expect(await outboxTo(taken.email)).toEqual([]);
    });

    it.each([
      ['group_admin', 'role', 'role_forbidden'],
      ['operator', 'role', 'role_forbidden'],
      ['', 'name', 'required'],
      ['x'.repeat(101), 'name', 'too_long'],
      ['not-an-email', 'email', 'invalid_email'],
      ['fr', 'language', 'language'],
      ['Mars/Olympus_Mons', 'timeZone', 'time_zone'],
    ])('refuses %j as %s with the rule %s', async (value, field, rule) => {
      const body = newAccountBody({ [field]: value });

      const response = await browser.post('/api/accounts', body);

      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([expect.objectContaining({ field, rule })]);
      const added = await test.ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('organizationId', '=', organization.id)
        .execute();
      expect(added).toHaveLength(1);
    });

    it('refuses a field it may not set, such as organizationId, instead of ignoring it', async () => {
      const elsewhere = await createOrganization(test.ctx);
      const body = newAccountBody({ organizationId: elsewhere.id });

      const response = await browser.post('/api/accounts', body);

      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([
        expect.objectContaining({ field: 'organizationId', rule: 'unknown_field' }),
      ]);
      expect(
        await test.ctx.db
          .selectFrom('accounts')
          .select('id')
          .where('email', '=', body.email as string)
          .execute(),
      ).toEqual([]);
    });

    it('answers in Japanese to a Japanese administrator', async () => {
      const japanese = await createAccount(test.ctx, {
        organizationId: organization.id,
        role: 'group_admin',
        language: 'ja',
      });
      const japaneseBrowser = await signedIn(test.app, japanese, 'ja');

      const response = await japaneseBrowser.post(
        '/api/accounts',
        newAccountBody({ role: 'group_admin' }),
      );

      expect(response.json().error.fields[0].message).toBe('この権限はここでは選べません。');
    });

    it('refuses the delivery report for an accountant and the virus check for a report viewer', async () => {
      const accountant = await browser.post(
        '/api/accounts',
        newAccountBody({ role: 'accountant', deliveryReport: true }),
      );
      const viewer = await browser.post(
        '/api/accounts',
        newAccountBody({ role: 'report_viewer', virusAlert: true }),
      );

      expect(accountant.json().error.fields).toEqual([
        expect.objectContaining({ field: 'deliveryReport', rule: 'option_forbidden_by_role' }),
      ]);
      expect(viewer.json().error.fields).toEqual([
        expect.objectContaining({ field: 'virusAlert', rule: 'option_forbidden_by_role' }),
      ]);
    });

    it('refuses the virus check unless the organization has Pro with the virus check option', async () => {
      const standard = await createOrganization(test.ctx, { plan: 'standard' });
      const standardAdmin = await createAccount(test.ctx, {
        organizationId: standard.id,
        role: 'group_admin',
      });
      const standardBrowser = await signedIn(test.app, standardAdmin);

      const refused = await standardBrowser.post(
        '/api/accounts',
        newAccountBody({ virusAlert: true }),
      );
      const allowed = await browser.post('/api/accounts', newAccountBody({ virusAlert: true }));

      expect(refused.json().error.fields).toEqual([
        expect.objectContaining({ field: 'virusAlert', rule: 'option_forbidden_by_plan' }),
      ]);
      expect(allowed.json().account.virusAlert).toBe(true);
    });

    it('adds an account with two-factor authentication waiting for its first setup', async () => {
      const response = await browser.post('/api/accounts', newAccountBody({ totp: true }));

      expect(response.json().account.totp).toBe('pending');
    });
  });

  describe('editing an account', () => {
    let member: TestAccount;
    beforeEach(async () => {
      member = await createAccount(test.ctx, {
        organizationId: organization.id,
        role: 'service_user',
        deliveryReport: true,
        virusAlert: true,
      });
    });

    it('saves every field and audits each change as old and new value', async () => {
      const response = await browser.patch(`/api/accounts/${member.id}`, {
        name: 'Renamed Person',
        language: 'ja',
        timeZone: 'Asia/Tokyo',
      });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        account: expect.objectContaining({
          name: 'Renamed Person',
          language: 'ja',
          timeZone: 'Asia/Tokyo',
        }),
        notices: [],
      });
      const [event] = await auditOf(member.id);
      expect(event).toMatchObject({
        action: 'account.updated',
        actor: admin.email,
        details: {
          name: [member.name, 'Renamed Person'],
          language: ['en', 'ja'],
          timeZone: ['UTC', 'Asia/Tokyo'],
        },
      });
    });

    it('turns off the options a new role forbids and says so', async () => {
      const response = await browser.patch(`/api/accounts/${member.id}`, { role: 'accountant' });

      expect(response.json()).toEqual({
        account: expect.objectContaining({
          role: 'accountant',
          deliveryReport: false,
          virusAlert: false,
        }),
        notices: ['delivery_report_turned_off', 'virus_alert_turned_off'],
      });
      expect(await accountRow(member.id)).toMatchObject({
        deliveryReport: false,
        virusAlert: false,
      });
    });

    it('refuses an option together with a role that forbids it, changing nothing', async () => {
      const response = await browser.patch(`/api/accounts/${member.id}`, {
        role: 'accountant',
        deliveryReport: true,
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([
        expect.objectContaining({ field: 'deliveryReport', rule: 'option_forbidden_by_role' }),
      ]);
      expect(await accountRow(member.id)).toMatchObject({ role: 'service_user' });
    });

    it('refuses the group administrator role and fields it may not set', async () => {
      const promoted = await browser.patch(`/api/accounts/${member.id}`, { role: 'group_admin' });
      const moved = await browser.patch(`/api/accounts/${member.id}`, {
        organizationId: (await createOrganization(test.ctx)).id,
      });

      expect(promoted.json().error.fields).toEqual([
        expect.objectContaining({ field: 'role', rule: 'role_forbidden' }),
      ]);
      expect(moved.json().error.fields).toEqual([
        expect.objectContaining({ field: 'organizationId', rule: 'unknown_field' }),
      ]);
      expect(await accountRow(member.id)).toMatchObject({
        role: 'service_user',
        organizationId: organization.id,
      });
    });

    it('mails the old and the new address when the email changes, in the account language', async () => {
      await browser.patch(`/api/accounts/${member.id}`, { language: 'ja' });

      const response = await browser.patch(`/api/accounts/${member.id}`, {
        email: 'New.Address@Example.com',
      });

      expect(response.json().account.email).toBe('new.address@example.com');
      for (const address of [member.email, 'new.address@example.com']) {
        expect(await outboxTo(address)).toEqual([
          {
            template: 'email_changed',
            recipient: address,
            subject: expect.stringMatching(JAPANESE),
          },
        ]);
      }
      const events = await auditOf(member.id);
      expect(events.at(-1)?.details).toEqual({ email: [member.email, 'new.address@example.com'] });
    });

    it('refuses an email another account has', async () => {
      const other = await createAccount(test.ctx, { organizationId: organization.id });

      const response = await browser.patch(`/api/accounts/${member.id}`, { email: other.email });

      expect(response.json().error.fields).toEqual([
        expect.objectContaining({ field: 'email', rule: 'email_taken' }),
      ]);
      expect(await outboxTo(other.email)).toEqual([]);
    });

    it('switches two-factor authentication on and off', async () => {
      const on = await browser.patch(`/api/accounts/${member.id}`, { totp: true });
      const off = await browser.patch(`/api/accounts/${member.id}`, { totp: false });

      expect(on.json().account.totp).toBe('pending');
      expect(off.json().account.totp).toBe('off');
      expect((await auditOf(member.id)).map((event) => event.action)).toEqual([
        'totp.enabled',
        'totp.disabled',
      ]);
    });

    it('locks an account: its open session ends at once and it cannot sign in; unlocking gives it back', async () => {
      const memberBrowser = await signedIn(test.app, member);
      expect((await memberBrowser.get('/api/session')).statusCode).toBe(200);

      const locked = await browser.patch(`/api/accounts/${member.id}`, { locked: true });

      expect(locked.json().account.locked).toBe(true);
      expect((await memberBrowser.get('/api/session')).statusCode).toBe(401);
      const sessions = await test.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('accountId', '=', member.id)
        .execute();
      expect(sessions).toEqual([]);
      const again = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: member.email,
        password: member.password,
      });
      expect(again.json().error.code).toBe('account_locked');

      const unlocked = await browser.patch(`/api/accounts/${member.id}`, { locked: false });
      expect(unlocked.json().account.locked).toBe(false);
      await signedIn(test.app, member);
      expect((await auditOf(member.id)).map((event) => event.action)).toContain('account.unlocked');
      const lockEvent = (await auditOf(member.id)).find(
        (event) => event.action === 'account.locked',
      );
      expect(lockEvent).toMatchObject({ actor: admin.email, details: { locked: [false, true] } });
    });
  });

  describe('issuing a temporary password', () => {
    it('answers it once, mails it, ends the sessions of the account, and the old password stops working', async () => {
      const member = await createAccount(test.ctx, { organizationId: organization.id });
      const memberBrowser = await signedIn(test.app, member);

      const response = await browser.post(`/api/accounts/${member.id}/temporary-password`);

      expect(response.statusCode).toBe(200);
      const { temporaryPassword } = response.json();
      expect(temporaryPassword).toMatch(/^\S{16,}$/);
      expect((await memberBrowser.get('/api/session')).statusCode).toBe(401);
      expect(await outboxTo(member.email)).toEqual([
        expect.objectContaining({ template: 'temporary_password' }),
      ]);
      const old = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: member.email,
        password: member.password,
      });
      expect(old.statusCode).toBe(401);
      const fresh = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: member.email,
        password: temporaryPassword,
      });
      expect(fresh.json()).toEqual({ stage: 'password_change' });
      const audit = await test.ctx.db.selectFrom('auditEvents').select('details').execute();
      expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    });
  });

  describe('reissuing the OTP key', () => {
    it('forgets the authenticator, ends the sessions and asks for a new setup at the next sign-in', async () => {
      const member = await createAccount(test.ctx, { organizationId: organization.id, totp: 'on' });
      await test.ctx.db
        .insertInto('sessions')
        .values({
          id: 'a-session-of-the-member',
          accountId: member.id,
          stage: 'active',
          createdAt: test.clock.now().toISOString(),
          lastSeenAt: test.clock.now().toISOString(),
          expiresAt: new Date(test.clock.now().getTime() + 3_600_000).toISOString(),
          clientAddress: null,
        })
        .execute();

      const response = await browser.post(`/api/accounts/${member.id}/otp-key`);

      expect(response.json().account.totp).toBe('pending');
      expect(await accountRow(member.id)).toMatchObject({ totpSecret: null, totpEnabled: true });
      const sessions = await test.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('accountId', '=', member.id)
        .execute();
      expect(sessions).toEqual([]);
      const signIn = await new TestBrowser(test.app).post('/api/auth/sign-in', {
        email: member.email,
        password: member.password,
      });
      expect(signIn.json()).toEqual({ stage: 'totp_setup' });
      expect((await auditOf(member.id)).map((event) => event.action)).toEqual([
        'totp.key_reissued',
      ]);
    });
  });

  describe('deleting an account', () => {
    it('with the administrator password deletes it and its sessions; the audit trail keeps its email', async () => {
      const member = await createAccount(test.ctx, { organizationId: organization.id });
      const memberBrowser = await signedIn(test.app, member);

      const response = await browser.delete(`/api/accounts/${member.id}`, {
        password: admin.password,
      });

      expect(response.statusCode).toBe(204);
      expect(await accountRow(member.id)).toBeUndefined();
      expect((await memberBrowser.get('/api/session')).statusCode).toBe(401);
      expect((await auditOf(member.id)).at(-1)).toMatchObject({
        action: 'account.deleted',
        target: member.email,
        actor: admin.email,
      });
      expect((await browser.get(`/api/accounts/${member.id}`)).statusCode).toBe(404);
    });

    it('with a wrong password deletes nothing and counts toward the administrator sign-in throttling', async () => {
      const member = await createAccount(test.ctx, { organizationId: organization.id });

      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await browser.delete(`/api/accounts/${member.id}`, {
          password: 'not-the-password-at-all',
        });
        statuses.push(response.statusCode);
        if (attempt === 0) {
          expect(response.json().error).toMatchObject({
            code: 'validation_failed',
            fields: [expect.objectContaining({ field: 'password', rule: 'password_wrong' })],
          });
        }
      }

      expect(await accountRow(member.id)).toBeDefined();
      expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
      // After five failures even the right password waits, as at sign-in.
      const right = await browser.delete(`/api/accounts/${member.id}`, {
        password: admin.password,
      });
      expect(right.statusCode).toBe(429);
      expect(right.json().error.retryAfterSeconds).toBeGreaterThan(0);
      expect(await accountRow(member.id)).toBeDefined();
      const throttle = await test.ctx.db
        .selectFrom('signInThrottles')
        .select('failures')
        .where('login', '=', admin.email)
        .executeTakeFirst();
      expect(throttle?.failures).toBeGreaterThanOrEqual(5);
    });
  });
});
