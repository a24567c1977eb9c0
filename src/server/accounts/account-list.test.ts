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

const BOM = '\uFEFF';

describe.each(TEST_DATABASES)('the account list and its CSV file, on %s', (kind) => {
  let test: TestApp;
  let organization: TestOrganization;
  let admin: TestAccount;
  let browser: TestBrowser;
  const members: TestAccount[] = [];

  beforeAll(async () => {
    test = await createTestApp(kind);
    organization = await createOrganization(test.ctx);
    admin = await createAccount(test.ctx, {
      organizationId: organization.id,
      role: 'group_admin',
      timeZone: 'Asia/Tokyo',
    });
    await createAccount(test.ctx, { organizationId: organization.id, role: 'group_admin' });
    const people = [
      ['alice@example.com', 'Alice Able', 'service_user', false],
      ['bob@example.com', 'Bob Baker', 'report_viewer', true],
      ['carol@example.net', 'carol carter', 'accountant', false],
      ['dave@example.org', 'Alice Dover', 'service_user', false],
      ['erin@example.com', '江藤 恵理', 'report_viewer', false],
      ['frank@example.com', 'Frank Alison', 'service_user', true],
      ['grace@example.com', 'Grace Gale', 'accountant', false],
    ] as const;
    for (const [email, name, role, locked] of people) {
      members.push(
        await createAccount(test.ctx, {
          organizationId: organization.id,
          email,
          name,
          role,
          locked,
        }),
      );
    }
    // Sign-ins at known times; the rest never signed in.
    const signIns: Record<string, string> = {
      'bob@example.com': '2026-11-30T23:30:00.000Z',
      'dave@example.org': '2026-12-01T10:00:00.000Z',
      'alice@example.com': '2026-12-02T09:15:00.000Z',
    };
    for (const [email, at] of Object.entries(signIns)) {
      await test.ctx.db
        .updateTable('accounts')
        .set({ lastSignInAt: at })
        .where('email', '=', email)
        .execute();
    }
    const elsewhere = await createOrganization(test.ctx);
    await createAccount(test.ctx, {
      organizationId: elsewhere.id,
      email: 'alien@example.com',
      name: 'Alice Alien',
    });
    browser = await signedIn(test.app, admin);
  });
  afterAll(() => test.close());

  async function emailsOf(query: string): Promise<string[]> {
    const response = await browser.get(`/api/accounts${query}`);
    expect(response.statusCode).toBe(200);
    return response.json().accounts.map((account: { email: string }) => account.email);
  }

  interface Page {
    emails: string[];
    nextCursor: string | null;
    previousCursor: string | null;
  }

  async function page(query: string): Promise<Page> {
    const answer = (await browser.get(`/api/accounts?${query}`)).json();
    return {
      emails: answer.accounts.map((account: { email: string }) => account.email),
      nextCursor: answer.nextCursor,
      previousCursor: answer.previousCursor,
    };
  }

  it('lists the organization accounts by email, without its group administrators or other organizations', async () => {
    expect(await emailsOf('')).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.net',
      'dave@example.org',
      'erin@example.com',
      'frank@example.com',
      'grace@example.com',
    ]);
  });

  it.each([
    ['sort=email&order=asc'],
    ['sort=email&order=desc'],
    ['sort=name&order=asc'],
    ['sort=name&order=desc'],
    ['sort=lastSignInAt&order=asc'],
    ['sort=lastSignInAt&order=desc'],
  ])('pages through %s with cursors, forward and back, without gaps or repeats', async (query) => {
    const whole = await emailsOf(`?${query}`);

    const first = await page(`${query}&limit=3`);
    const second = await page(`${query}&limit=3&after=${first.nextCursor}`);
    const third = await page(`${query}&limit=3&after=${second.nextCursor}`);
    const backToSecond = await page(`${query}&limit=3&before=${third.previousCursor}`);
    const backToFirst = await page(`${query}&limit=3&before=${backToSecond.previousCursor}`);

    expect([...first.emails, ...second.emails, ...third.emails]).toEqual(whole);
    expect(third.emails).toHaveLength(1);
    expect(first.previousCursor).toBeNull();
    expect(third.nextCursor).toBeNull();
    expect(backToSecond.emails).toEqual(second.emails);
    expect(backToFirst.emails).toEqual(first.emails);
    expect(backToFirst.previousCursor).toBeNull();
    expect(backToFirst.nextCursor).not.toBeNull();
  });

  it('sorts by last sign-in with accounts that never signed in first, most recent last', async () => {
    const emails = await emailsOf('?sort=lastSignInAt');

    expect(emails.slice(-3)).toEqual(['bob@example.com', 'dave@example.org', 'alice@example.com']);
  });

  it('sorts by name', async () => {
    expect((await emailsOf('?sort=name&order=desc')).slice(0, 2)).toEqual([
      'erin@example.com',
      'carol@example.net',
    ]);
  });

  it('searches a prefix of the email or of the name, whatever the case', async () => {
    expect(await emailsOf('?q=ALI')).toEqual(['alice@example.com', 'dave@example.org']);
    expect(await emailsOf('?q=carol%20C')).toEqual(['carol@example.net']);
    expect(await emailsOf(`?q=${encodeURIComponent('江藤')}`)).toEqual(['erin@example.com']);
    // A part in the middle is not a prefix.
    expect(await emailsOf('?q=example')).toEqual([]);
    expect(await emailsOf('?q=alison')).toEqual([]);
  });

  it('filters by role and by lock', async () => {
    expect(await emailsOf('?role=accountant')).toEqual(['carol@example.net', 'grace@example.com']);
    expect(await emailsOf('?locked=true')).toEqual(['bob@example.com', 'frank@example.com']);
    expect(await emailsOf('?locked=false&role=report_viewer')).toEqual(['erin@example.com']);
  });

  it('refuses a malformed cursor, a cursor of another sort, a role it does not list and too large a page', async () => {
    const byName = (await browser.get('/api/accounts?sort=name&limit=2')).json().nextCursor;
    const cases = [
      ['?after=not-a-cursor', 'after', 'invalid_format'],
      [`?sort=email&after=${byName}`, 'after', 'invalid_format'],
      ['?role=group_admin', 'role', 'not_allowed'],
      ['?limit=201', 'limit', 'not_allowed'],
      ['?organizationId=x', 'organizationId', 'unknown_field'],
    ];
    for (const [query, field, rule] of cases) {
      const response = await browser.get(`/api/accounts${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.fields, query).toEqual([
        expect.objectContaining({ field, rule }),
      ]);
    }
  });

  describe('the CSV file', () => {
    it('holds the filtered list in the viewer language and time zone, behind a byte order mark', async () => {
      const response = await browser.get('/api/accounts.csv?q=bob');

      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="accounts.csv"');
      expect(response.body.startsWith(BOM)).toBe(true);
      expect(response.body.slice(1).split('\r\n')).toEqual([
        'Email,Name,Role,Language,Time zone,Two-factor authentication,Delivery report,Virus check,Locked,Last sign-in,Created',
        // 23:30 UTC on the 30th is 08:30 on the 1st in Tokyo, the viewer's zone.
        'bob@example.com,Bob Baker,Report viewer,English,UTC,Off,No,No,Yes,2026-12-01 08:30,2026-12-03 17:00',
        '',
      ]);
    });

    it('has Japanese headers and words for a Japanese viewer', async () => {
      const japanese = await createAccount(test.ctx, {
        organizationId: organization.id,
        role: 'group_admin',
        language: 'ja',
        timeZone: 'UTC',
      });
      const japaneseBrowser = await signedIn(test.app, japanese, 'ja');

      const body = (await japaneseBrowser.get('/api/accounts.csv?q=bob')).body;

      const [header, row] = body.slice(1).split('\r\n');
      expect(header).toBe(
        'アカウント,名前,権限,言語,タイムゾーン,二要素認証,配信レポート,ウイルスチェック,ロック,最終ログイン,作成日時',
      );
      expect(row).toBe(
        'bob@example.com,Bob Baker,レポート閲覧者,英語,UTC,無効,いいえ,いいえ,はい,2026-11-30 23:30,2026-12-03 08:00',
      );
    });

    it.each([
      ['=1+1', "'=1+1"],
      ['+1+1', "'+1+1"],
      ['-1+1', "'-1+1"],
      ['@SUM(1,1)', `"'@SUM(1,1)"`],
      ['\tcmd', "'\tcmd"],
      ['\rcmd', `"'\rcmd"`],
      ['Say "hi", then go', '"Say ""hi"", then go"'],
    ])(
      'writes a name %j as %j, never as a formula, quoted as RFC 4180 asks',
      async (name, cell) => {
        const email = `csv-${Math.random().toString(36).slice(2)}@example.com`;
        await createAccount(test.ctx, { organizationId: organization.id, email, name });

        const body = (await browser.get(`/api/accounts.csv?q=${email}`)).body;

        expect(body.slice(1).startsWith('Email,')).toBe(true);
        expect(body).toContain(`\r\n${email},${cell},Service user,`);
      },
    );

    it('streams every account of a long list, in the list order', async () => {
      const crowd = await createOrganization(test.ctx);
      const crowdAdmin = await createAccount(test.ctx, {
        organizationId: crowd.id,
        role: 'group_admin',
      });
      const now = test.clock.now().toISOString();
      const rows = Array.from({ length: 2500 }, (_, index) => ({
        id: `crowd-${String(index).padStart(5, '0')}-${crowd.id}`,
        organizationId: crowd.id,
        email: `crowd${String(index).padStart(5, '0')}@${crowd.id}.example`,
        name: `Crowd ${index}`,
        role: 'service_user' as const,
        language: 'en' as const,
        timeZone: 'UTC',
        passwordHash: 'x',
        passwordTemporary: false,
        passwordExpiresAt: null,
        totpEnabled: false,
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        deliveryReport: false,
        virusAlert: false,
        locked: false,
        lastSignInAt: null,
        createdAt: now,
        updatedAt: now,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await test.ctx.db
          .insertInto('accounts')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      const crowdBrowser = await signedIn(test.app, crowdAdmin);

      const lines = (await crowdBrowser.get('/api/accounts.csv')).body.split('\r\n');

      expect(lines).toHaveLength(1 + 2500 + 1);
      expect(lines[1]?.startsWith('crowd00000@')).toBe(true);
      expect(lines[2500]?.startsWith('crowd02499@')).toBe(true);
    });
  });
});
