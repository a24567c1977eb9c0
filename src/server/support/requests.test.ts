import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../accounts/testing.ts';
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
import { handleGroupAdminRequest } from './service.ts';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe.each(TEST_DATABASES)('group administrator change requests, on %s', (kind) => {
  let test: TestApp;
  let organization: TestOrganization;
  let admin: TestAccount;
  let browser: TestBrowser;
  let member: TestAccount;

  beforeAll(async () => {
    test = await createTestApp(kind, { SUPPORT_EMAIL: 'desk@operator.example' });
  });
  afterAll(() => test.close());

  beforeEach(async () => {
    organization = await createOrganization(test.ctx);
    admin = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
      language: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    member = await createAccount(test.ctx, { organizationId: organization.id });
    browser = await signedIn(test.app, admin, 'ja');
  });

  async function file(body: Record<string, unknown>) {
    return browser.post('/api/group-admin-requests', body);
  }

  async function mailsTo(recipient: string) {
    return test.ctx.db
      .selectFrom('outboxMails')
      .select(['template', 'subject'])
      .where('recipient', '=', recipient)
      .execute();
  }

  async function roleOf(account: TestAccount) {
    const row = await test.ctx.db
      .selectFrom('accounts')
      .select('role')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    return row.role;
  }

  it('files a request, mails it to the support address in English and lists it as open', async () => {
    const response = await file({
      accountId: member.id,
      change: 'grant',
      reason: 'Takes over billing from April.',
    });

    expect(response.statusCode).toBe(201);
    const { request } = response.json();
    expect(request).toEqual({
      id: expect.any(String),
      accountId: member.id,
      account: member.email,
      change: 'grant',
      reason: 'Takes over billing from April.',
      status: 'open',
      remark: null,
      requester: admin.email,
      createdAt: test.clock.now().toISOString(),
      handledAt: null,
    });
    const [mail] = await test.ctx.db
      .selectFrom('outboxMails')
      .select(['template', 'subject', 'body'])
      .where('recipient', '=', 'desk@operator.example')
      .where('dedupeKey', '=', `group-admin-request:${request.id}`)
      .execute();
    expect(mail?.template).toBe('group_admin_request');
    expect(mail?.subject).toContain(organization.clientNumber);
    expect(mail?.subject).not.toMatch(JAPANESE);
    const text = JSON.parse(test.ctx.secretBox.open(mail?.body ?? '')).text;
    expect(text).toContain('Takes over billing from April.');
    expect(text).toContain(request.id);

    const listed = (await browser.get('/api/group-admin-requests')).json();
    expect(listed.requests).toEqual([request]);
    expect(listed.groupAdministrators).toEqual([
      { id: admin.id, email: admin.email, name: admin.name },
    ]);
    const [event] = await test.ctx.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'support_request.filed')
      .where('organizationId', '=', organization.id)
      .execute();
    expect(event).toMatchObject({ actor: admin.email, target: member.email });
  });

  it('refuses what the role already says, a second open request and an empty reason', async () => {
    const other = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
    });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ accountId: other.id, change: 'grant', reason: 'x' }, 'change', 'already_group_admin'],
      [{ accountId: member.id, change: 'revoke', reason: 'x' }, 'change', 'not_group_admin'],
      [{ accountId: member.id, change: 'grant', reason: '   ' }, 'reason', 'required'],
      [{ accountId: member.id, change: 'grant', reason: 'x'.repeat(1001) }, 'reason', 'too_long'],
      [{ accountId: member.id, change: 'promote', reason: 'x' }, 'change', 'not_allowed'],
      [
        { accountId: member.id, change: 'grant', reason: 'x', organizationId: 'y' },
        'organizationId',
        'unknown_field',
      ],
    ];
    for (const [body, field, rule] of cases) {
      const response = await file(body);
      expect(response.statusCode, rule).toBe(400);
      expect(response.json().error.fields, rule).toEqual([
        expect.objectContaining({ field, rule }),
      ]);
    }
    expect(
      (await file({ accountId: member.id, change: 'grant', reason: 'First.' })).statusCode,
    ).toBe(201);

    const second = await file({ accountId: member.id, change: 'grant', reason: 'Again.' });

    expect(second.json().error.fields).toEqual([
      { field: 'accountId', rule: 'request_open', message: expect.stringMatching(JAPANESE) },
    ]);
  });

  it('refuses to ask for revoking the only unlocked group administrator', async () => {
    await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
      locked: true,
    });
    const deskMails = (await mailsTo('desk@operator.example')).length;

    const response = await file({ accountId: admin.id, change: 'revoke', reason: 'Leaving.' });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('last_group_admin');
    expect(await mailsTo('desk@operator.example')).toHaveLength(deskMails);
    const open = await test.ctx.db
      .selectFrom('groupAdminRequests')
      .select('id')
      .where('organizationId', '=', organization.id)
      .execute();
    expect(open).toEqual([]);
  });

  it('answers 404 for an account of another organization', async () => {
    const elsewhere = await createOrganization(test.ctx);
    const stranger = await createAccount(test.ctx, { organizationId: elsewhere.id });

    const response = await file({ accountId: stranger.id, change: 'grant', reason: 'Please.' });

    expect(response.statusCode).toBe(404);
  });

  describe('handled by the operator', () => {
    it('grants: the account becomes a group administrator, leaves the list, and the requester is mailed in their language', async () => {
      const memberBrowser = await signedIn(test.app, member);
      const { request } = (
        await file({ accountId: member.id, change: 'grant', reason: 'Billing.' })
      ).json();
      test.clock.advance(10 * 60_000);

      const handled = await handleGroupAdminRequest(test.ctx, request.id, {
        outcome: 'granted',
        remark: 'Done as asked.',
      });

      expect(handled).toMatchObject({
        status: 'granted',
        remark: 'Done as asked.',
        handledAt: '2026-12-03T08:10:00.000Z',
      });
      expect(await roleOf(member)).toBe('group_admin');
      expect((await memberBrowser.get('/api/session')).statusCode).toBe(401);
      const list = (await browser.get('/api/accounts')).json();
      expect(list.accounts.map((account: { id: string }) => account.id)).not.toContain(member.id);
      expect(await mailsTo(admin.email)).toEqual([
        { template: 'group_admin_request_outcome', subject: expect.stringMatching(JAPANESE) },
      ]);
      const listed = (await browser.get('/api/group-admin-requests')).json();
      expect(listed.requests[0]).toMatchObject({ status: 'granted', remark: 'Done as asked.' });
      const actions = await test.ctx.db
        .selectFrom('auditEvents')
        .select(['action', 'actor'])
        .where('targetAccountId', '=', member.id)
        .where('action', 'in', ['role.granted', 'support_request.handled'])
        .execute();
      expect(actions).toEqual(
        expect.arrayContaining([
          { action: 'role.granted', actor: 'operator' },
          { action: 'support_request.handled', actor: 'operator' },
        ]),
      );
    });

    it('revokes to the role the operator picks', async () => {
      const other = await createAccount(test.ctx, {
        organizationId: organization.id,
        role: 'group_admin',
      });
      const { request } = (
        await file({ accountId: other.id, change: 'revoke', reason: 'Moved.' })
      ).json();

      await handleGroupAdminRequest(test.ctx, request.id, {
        outcome: 'revoked',
        newRole: 'report_viewer',
      });

      expect(await roleOf(other)).toBe('report_viewer');
      const read = await browser.get(`/api/accounts/${other.id}`);
      expect(read.json().account.role).toBe('report_viewer');
    });

    it('refuses a revoke that would leave no unlocked group administrator by now, keeping the request open', async () => {
      const other = await createAccount(test.ctx, {
        organizationId: organization.id,
        role: 'group_admin',
      });
      const { request } = (
        await file({ accountId: admin.id, change: 'revoke', reason: 'Leaving.' })
      ).json();
      await test.ctx.db
        .updateTable('accounts')
        .set({ locked: true })
        .where('id', '=', other.id)
        .execute();

      await expect(
        handleGroupAdminRequest(test.ctx, request.id, {
          outcome: 'revoked',
          newRole: 'service_user',
        }),
      ).rejects.toMatchObject({ code: 'last_group_admin' });

      expect(await roleOf(admin)).toBe('group_admin');
      const stored = await test.ctx.db
        .selectFrom('groupAdminRequests')
        .select('status')
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      expect(stored.status).toBe('open');
      expect(await mailsTo(admin.email)).toEqual([]);
    });

    it('closes without a change, with a remark the requester reads', async () => {
      const { request } = (
        await file({ accountId: member.id, change: 'grant', reason: 'Maybe.' })
      ).json();

      await expect(
        handleGroupAdminRequest(test.ctx, request.id, { outcome: 'closed', remark: ' ' }),
      ).rejects.toMatchObject({
        fields: [expect.objectContaining({ field: 'remark', rule: 'required' })],
      });
      await handleGroupAdminRequest(test.ctx, request.id, {
        outcome: 'closed',
        remark: 'Please ask the contract holder.',
      });

      expect(await roleOf(member)).toBe('service_user');
      const [mail] = await test.ctx.db
        .selectFrom('outboxMails')
        .select('body')
        .where('recipient', '=', admin.email)
        .execute();
      expect(JSON.parse(test.ctx.secretBox.open(mail?.body ?? '')).text).toContain(
        'Please ask the contract holder.',
      );
    });

    it('refuses to handle a request twice, or with the other change', async () => {
      const { request } = (
        await file({ accountId: member.id, change: 'grant', reason: 'Once.' })
      ).json();

      await expect(
        handleGroupAdminRequest(test.ctx, request.id, {
          outcome: 'revoked',
          newRole: 'accountant',
        }),
      ).rejects.toMatchObject({
        fields: [expect.objectContaining({ rule: 'request_other_change' })],
      });
      await handleGroupAdminRequest(test.ctx, request.id, { outcome: 'granted' });
      await expect(
        handleGroupAdminRequest(test.ctx, request.id, { outcome: 'closed', remark: 'Again.' }),
      ).rejects.toMatchObject({ fields: [expect.objectContaining({ rule: 'request_handled' })] });
      await expect(
        handleGroupAdminRequest(test.ctx, 'no-such-request', { outcome: 'granted' }),
      ).rejects.toMatchObject({ code: 'not_found' });

      expect(await mailsTo(admin.email)).toHaveLength(1);
    });
  });
});
