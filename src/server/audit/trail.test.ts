import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../accounts/testing.ts';
import { createAccount, createOrganization, type TestAccount } from '../testing/fixtures.ts';
import {
  createTestApp,
  TEST_DATABASES,
  type TestApp,
  type TestBrowser,
} from '../testing/harness.ts';

describe.each(TEST_DATABASES)('the organization audit trail, on %s', (kind) => {
  let test: TestApp;
  let admin: TestAccount;
  let browser: TestBrowser;
  let memberId: string;

  beforeAll(async () => {
    test = await createTestApp(kind);
    const organization = await createOrganization(test.ctx);
    admin = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
      timeZone: 'America/New_York',
    });
    browser = await signedIn(test.app, admin);

    // A minute between changes, so that newest-first has one answer.
    test.clock.advance(60_000);
    const added = await browser.post('/api/accounts', {
      email: '=1+1@example.com',
      name: 'Formula Person',
      role: 'service_user',
      language: 'en',
      timeZone: 'UTC',
    });
    memberId = added.json().account.id;
    test.clock.advance(60_000);
    await browser.patch(`/api/accounts/${memberId}`, { name: 'Renamed Person' });
    test.clock.advance(60_000);
    await browser.patch(`/api/accounts/${memberId}`, { locked: true });
    test.clock.advance(60_000);
    await browser.patch(`/api/accounts/${memberId}`, { locked: false });
  });
  afterAll(() => test.close());

  it('lists every change newest first, with actor, target, client address, UTC time and what changed', async () => {
    const response = await browser.get('/api/audit-events');

    const events = response.json().events;
    const actions = events.map((event: { action: string }) => event.action);
    expect(actions.slice(0, 3)).toEqual(['account.unlocked', 'account.locked', 'account.updated']);
    // Adding records two events at one instant; their order between them is not defined.
    expect(actions.slice(3, 5).sort()).toEqual(['account.created', 'password.temporary_issued']);
    expect(actions[5]).toBe('sign_in.succeeded');
    expect(events[2]).toEqual({
      id: expect.any(String),
      occurredAt: '2026-12-03T08:02:00.000Z',
      actor: admin.email,
      action: 'account.updated',
      target: '=1+1@example.com',
      clientAddress: '127.0.0.1',
      details: { name: ['Formula Person', 'Renamed Person'] },
    });
    expect(response.json().nextCursor).toBeNull();
  });

  it('filters by the account it was about, by actor and by action', async () => {
    const about = (await browser.get('/api/audit-events?account=%3D1%2B1%40EXAMPLE.com')).json();
    const byActor = (
      await browser.get(`/api/audit-events?actor=${admin.email.toUpperCase()}`)
    ).json();
    const locks = (await browser.get('/api/audit-events?action=account.locked')).json();

    expect(about.events).toHaveLength(5);
    expect(byActor.events).toHaveLength(6);
    expect(locks.events).toEqual([expect.objectContaining({ details: { locked: [false, true] } })]);
  });

  it('pages with a cursor from the newest to the oldest', async () => {
    const first = (await browser.get('/api/audit-events?limit=4')).json();
    const second = (
      await browser.get(`/api/audit-events?limit=4&after=${first.nextCursor}`)
    ).json();
    const whole = (await browser.get('/api/audit-events')).json();

    expect([...first.events, ...second.events]).toEqual(whole.events);
    expect(second.nextCursor).toBeNull();
    const malformed = await browser.get('/api/audit-events?after=garbage');
    expect(malformed.json().error.fields).toEqual([
      expect.objectContaining({ field: 'after', rule: 'invalid_format' }),
    ]);
  });

  it('downloads as CSV with times in the viewer time zone and formulas neutralized', async () => {
    const response = await browser.get('/api/audit-events.csv?action=account.locked');

    expect(response.headers['content-disposition']).toBe('attachment; filename="audit-events.csv"');
    expect(response.body.split('\r\n')).toEqual([
      '\uFEFFTime,Actor,Action,Target,Client address,Details',
      // 08:03 UTC is 03:03 in New York in December.
      `2026-12-03 03:03,${admin.email},account.locked,'=1+1@example.com,127.0.0.1,"{""locked"":[false,true]}"`,
      '',
    ]);
  });

  it('has Japanese headers for a Japanese viewer', async () => {
    await test.ctx.db
      .updateTable('accounts')
      .set({ language: 'ja' })
      .where('id', '=', admin.id)
      .execute();

    const body = (await browser.get('/api/audit-events.csv')).body;

    expect(body.split('\r\n')[0]).toBe('\uFEFF日時,操作者,操作,対象,接続元アドレス,内容');
    await test.ctx.db
      .updateTable('accounts')
      .set({ language: 'en' })
      .where('id', '=', admin.id)
      .execute();
  });

  it('never holds a password, not even a wrong one typed to confirm a deletion', async () => {
    const issued = await browser.post(`/api/accounts/${memberId}/temporary-password`);
    await browser.delete(`/api/accounts/${memberId}`, { password: 'a-wrong-password-typed' });

    const everything = JSON.stringify(
      await test.ctx.db.selectFrom('auditEvents').selectAll().execute(),
    );

    expect(everything).not.toContain(issued.json().temporaryPassword);
    expect(everything).not.toContain('a-wrong-password-typed');
    expect(everything).not.toContain(admin.password);
  });
});
