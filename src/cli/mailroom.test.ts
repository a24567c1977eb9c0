import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../server/context.ts';
import { addAccount } from '../server/organizations/service.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../server/testing/harness.ts';

/*
 * The real `mailroom` binary, spawned against the test's database. Each spawn costs about a
 * second of start-up, so every command runs once here; the rules behind them are proven in
 * the services' own tests.
 */

const BINARY = join(import.meta.dirname, '../../bin/mailroom.js');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function spawnMailroom(env: Record<string, string>, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BINARY, ...args],
      { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const status = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Rows of the tables a command may write, to prove a refused one wrote nothing. */
async function snapshot(ctx: AppContext) {
  const ids = async (table: 'organizations' | 'accounts' | 'outboxMails' | 'auditEvents') =>
    (await ctx.db.selectFrom(table).select('id').execute()).length;
  return {
    organizations: await ids('organizations'),
    accounts: await ids('accounts'),
    mails: await ids('outboxMails'),
    audit: await ids('auditEvents'),
    roles: await ctx.db.selectFrom('accounts').select(['email', 'role']).orderBy('email').execute(),
  };
}

async function openSession(ctx: AppContext, email: string): Promise<string> {
  const account = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('sessions')
    .values({
      id: `session-of-${email}`,
      accountId: account.id,
      stage: 'active',
      createdAt: now,
      lastSeenAt: now,
      expiresAt: '2999-01-01T00:00:00.000Z',
      clientAddress: null,
    })
    .execute();
  return account.id;
}

async function sessionCount(ctx: AppContext, accountId: string): Promise<number> {
  return (
    await ctx.db.selectFrom('sessions').select('id').where('accountId', '=', accountId).execute()
  ).length;
}

describe('mailroom migrate', () => {
  it('creates the schema of a new embedded database, then finds nothing left to apply', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-cli-'));
    try {
      const first = await spawnMailroom({ DATA_DIR: dataDir }, ['migrate', '--json']);
      const second = await spawnMailroom({ DATA_DIR: dataDir }, ['migrate']);

      expect(first.status).toBe(0);
      expect(JSON.parse(first.stdout).applied).toContain('0001-foundation');
      expect(second).toMatchObject({ status: 0, stdout: 'The database is up to date.\n' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(TEST_DATABASES)('the mailroom command line on %s', (kind) => {
  let test: TestContext;
  let ctx: AppContext;
  let env: Record<string, string>;
  let pro: string;
  let standard: string;
  const mailroom = (...args: string[]) => spawnMailroom(env, args);

  beforeAll(async () => {
    test = await createTestContext(kind);
    ctx = test.ctx;
    const { database } = test;
    env = {
      SECRET_KEY: ctx.config.secretKey.toString('base64'),
      ...(database.kind === 'postgres'
        ? { DATABASE_URL: database.url, DATA_DIR: ctx.config.dataDir }
        : { DATA_DIR: dirname(database.path) }),
    };
  });
  afterAll(() => test.close());

  it('creates two organizations at once with different client numbers', async () => {
    const [text, json] = await Promise.all([
      mailroom('org', 'create', '--name', 'Acme', '--plan', 'pro', '--virus-check'),
      mailroom('org', 'create', '--name', 'Globex', '--plan', 'standard', '--json'),
    ]);

    expect(text.status).toBe(0);
    expect(json.status).toBe(0);
    pro = text.stdout.trim();
    standard = JSON.parse(json.stdout).clientNumber;
    expect([pro, standard].sort()).toEqual(['CL00001', 'CL00002']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'Globex', plan: 'standard' });
  });

  it('lists the organizations', async () => {
    const run = await mailroom('org', 'list', '--json');

    expect(run.status).toBe(0);
    const byNumber = Object.fromEntries(
      JSON.parse(run.stdout).map((row: { clientNumber: string }) => [row.clientNumber, row]),
    );
    expect(byNumber[pro]).toMatchObject({
      name: 'Acme',
      plan: 'pro',
      virusCheckOption: true,
      accounts: 0,
    });
    expect(byNumber[standard]).toMatchObject({ name: 'Globex', virusCheckOption: false });
  });

  it('adds a group administrator whose temporary password mail is queued', async () => {
    const run = await mailroom(
      'admin',
      'add',
      pro,
      '--email',
      'Boss@Acme.example',
      '--name',
      '山田 太郎',
      '--language',
      'ja',
      '--time-zone',
      'Asia/Tokyo',
      '--json',
    );

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      email: 'boss@acme.example',
      role: 'group_admin',
      clientNumber: pro,
    });
    const account = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('email', '=', 'boss@acme.example')
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ role: 'group_admin', language: 'ja', passwordTemporary: true });
    const mail = await ctx.db
      .selectFrom('outboxMails')
      .select(['template', 'status'])
      .where('recipient', '=', 'boss@acme.example')
      .executeTakeFirstOrThrow();
    expect(mail).toEqual({ template: 'temporary_password', status: 'pending' });
  });

  it('refuses bad input with one line naming the option and writes nothing', async () => {
    const before = await snapshot(ctx);

    const [plan, clientNumber, fields, missing] = await Promise.all([
      mailroom('org', 'create', '--name', 'Initech', '--plan', 'gold'),
      mailroom('admin', 'add', 'CL99999', '--email', 'new@acme.example', '--name', 'New'),
      mailroom(
        'admin',
        'add',
        pro,
        '--email',
        'not-an-address',
        '--name',
        'New',
        '--time-zone',
        'Mars/Olympus',
      ),
      mailroom('admin', 'add', pro, '--name', 'New'),
    ]);

    expect(plan.status).toBe(2);
    expect(plan.stderr).toMatch(
      /^mailroom: option '--plan <plan>' argument 'gold' is invalid\..*\n$/,
    );
    expect(clientNumber).toMatchObject({
      status: 1,
      stderr: 'mailroom: CLIENT_NUMBER: No organization has this client number.\n',
    });
    expect(fields).toMatchObject({
      status: 2,
      stderr:
        'mailroom: --email: not a valid email address. --time-zone: not an IANA time zone (for example Asia/Tokyo or UTC).\n',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("mailroom: required option '--email <email>' not specified\n");
    for (const run of [plan, clientNumber, fields, missing]) expect(run.stdout).toBe('');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('grants the group administrator role and ends the account sessions', async () => {
    await addAccount(ctx, {
      clientNumber: pro,
      email: 'second@acme.example',
      name: 'Second',
      role: 'service_user',
      language: 'en',
      timeZone: 'UTC',
      virusAlert: true,
    });
    const accountId = await openSession(ctx, 'second@acme.example');

    const run = await mailroom('role', 'grant', 'second@acme.example', '--json');

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ from: 'service_user', to: 'group_admin' });
    expect(await sessionCount(ctx, accountId)).toBe(0);
  });

  it('revokes the role, and refuses to revoke the last unlocked group administrator', async () => {
    const revoked = await mailroom(
      'role',
      'revoke',
      'second@acme.example',
      '--to',
      'report_viewer',
    );
    const before = await snapshot(ctx);
    const last = await mailroom('role', 'revoke', 'boss@acme.example', '--to', 'service_user');

    expect(revoked).toMatchObject({
      status: 0,
      stdout: `second@acme.example (${pro}) is now report_viewer, was group_admin. Its sessions ended.\n`,
    });
    expect(last).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'mailroom: An organization keeps at least one unlocked group administrator.\n',
    });
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('turns virus alerts off when the organization leaves Pro', async () => {
    await ctx.db
      .updateTable('accounts')
      .set({ virusAlert: true })
      .where('email', '=', 'boss@acme.example')
      .execute();

    const run = await mailroom('org', 'update', pro, '--plan', 'standard', '--json');

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      organization: { clientNumber: pro, plan: 'standard', virusCheckOption: false },
      virusAlertsTurnedOff: 1,
    });
  });

  it('mails a temporary password without printing it, and ends the account sessions', async () => {
    const accountId = await openSession(ctx, 'boss@acme.example');
    const mailsBefore = (await snapshot(ctx)).mails;

    const run = await mailroom('account', 'temporary-password', 'boss@acme.example');

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^A temporary password was mailed to boss@acme\.example; it works until /,
    );
    expect(run.stdout).not.toMatch(/\w{4}-\w{4}-\w{4}-\w{4}/);
    expect((await snapshot(ctx)).mails).toBe(mailsBefore + 1);
    expect(await sessionCount(ctx, accountId)).toBe(0);
  });

  it('switches two-factor authentication on and reissues the OTP key', async () => {
    const on = await mailroom('account', 'totp', 'boss@acme.example', '--on', '--json');
    await ctx.db
      .updateTable('accounts')
      .set({ totpSecret: ctx.secretBox.seal('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), totpLastStep: 1 })
      .where('email', '=', 'boss@acme.example')
      .execute();
    const reissued = await mailroom('account', 'reissue-otp', 'boss@acme.example', '--json');

    expect(on.status).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual({ email: 'boss@acme.example', totp: 'pending' });
    expect(reissued.status).toBe(0);
    expect(JSON.parse(reissued.stdout)).toEqual({ email: 'boss@acme.example', totp: 'pending' });
    const account = await ctx.db
      .selectFrom('accounts')
      .select(['totpEnabled', 'totpSecret', 'totpLastStep'])
      .where('email', '=', 'boss@acme.example')
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ totpEnabled: true, totpSecret: null, totpLastStep: null });
    const audit = await ctx.db
      .selectFrom('auditEvents')
      .select('action')
      .where('actor', '=', 'operator')
      .where('target', '=', 'boss@acme.example')
      .execute();
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(['totp.enabled', 'totp.key_reissued']),
    );
  });

  it('lists every account of an organization, group administrators included', async () => {
    const run = await mailroom('account', 'list', pro);

    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^email +name +role +2FA +locked +last sign-in$/),
      expect.stringMatching(/^boss@acme\.example +山田 太郎 +group_admin +pending +no +never$/),
      expect.stringMatching(/^second@acme\.example +Second +report_viewer +off +no +never$/),
    ]);
  });
});
