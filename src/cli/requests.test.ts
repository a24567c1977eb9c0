import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileGroupAdminRequest } from '../server/support/service.ts';
import { createAccount, createOrganization, type TestAccount } from '../server/testing/fixtures.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../server/testing/harness.ts';
import { registerRequestCommands } from './requests.ts';

/*
 * `mailroom request ...` run in this process against the test's database, through the
 * same configuration variables the real binary reads.
 */

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function mailroom(args: string[]): Promise<Run> {
  const program = new Command('mailroom').exitOverride().configureOutput({
    writeErr: () => {},
    writeOut: () => {},
  });
  registerRequestCommands(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = 0;
  let exitCode = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
  return { stdout, stderr, exitCode };
}

describe.each(TEST_DATABASES)('mailroom request, on %s', (kind) => {
  let test: TestContext;
  let requester: TestAccount;
  let member: TestAccount;
  let requestId: string;
  let clientNumber: string;

  beforeAll(async () => {
    test = await createTestContext(kind);
    const { database, ctx } = test;
    process.env.DATABASE_URL =
      database.kind === 'postgres' ? database.url : `sqlite:${database.path}`;
    process.env.SECRET_KEY = ctx.config.secretKey.toString('base64');
    process.env.DATA_DIR = ctx.config.dataDir;
    process.env.LOG_LEVEL = 'silent';

    const organization = await createOrganization(ctx);
    clientNumber = organization.clientNumber;
    requester = await createAccount(ctx, { organizationId: organization.id, role: 'group_admin' });
    member = await createAccount(ctx, { organizationId: organization.id });
    const filed = await fileGroupAdminRequest(
      ctx,
      organization,
      { accountId: requester.id, label: requester.email, clientAddress: null },
      { accountId: member.id, change: 'grant', reason: 'Runs the\nbilling now.' },
    );
    requestId = filed?.id ?? '';
  });
  afterAll(() => test.close());

  it('lists the open requests as a table and as JSON', async () => {
    const text = await mailroom(['request', 'list', '--status', 'open']);
    const json = await mailroom(['request', 'list', '--json']);

    expect(text.exitCode).toBe(0);
    const [header, row] = text.stdout.trimEnd().split('\n');
    expect(header).toMatch(
      /^id\s+client\s+change\s+account\s+requester\s+status\s+filed\s+reason$/,
    );
    expect(row).toContain(requestId);
    expect(row).toContain(clientNumber);
    expect(row).toMatch(/grant\s+.*open\s+.*Runs the billing now\.$/);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id: requestId,
        status: 'open',
        account: member.email,
        clientNumber,
      }),
    ]);
  });

  it('refuses a revoke of a grant request, and a close without a remark, changing nothing', async () => {
    const revoke = await mailroom(['request', 'revoke', requestId, '--to', 'accountant']);
    const close = await mailroom(['request', 'close', requestId]);

    expect(revoke).toMatchObject({
      exitCode: 1,
      stderr: 'mailroom: ID: This request asks for the other change.\n',
    });
    expect(close.exitCode).not.toBe(0);
    const open = await mailroom(['request', 'list', '--status', 'open', '--json']);
    expect(JSON.parse(open.stdout)).toHaveLength(1);
  });

  it('grants a request: the role changes, the request is marked and the requester mailed', async () => {
    const run = await mailroom(['request', 'grant', requestId, '--remark', 'Done.']);

    expect(run).toMatchObject({
      exitCode: 0,
      stdout: `Request ${requestId} (grant for ${member.email}) is granted.\n`,
    });
    const account = await test.ctx.db
      .selectFrom('accounts')
      .select('role')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(account.role).toBe('group_admin');
    const mails = await test.ctx.db
      .selectFrom('outboxMails')
      .select('template')
      .where('recipient', '=', requester.email)
      .execute();
    expect(mails).toEqual([{ template: 'group_admin_request_outcome' }]);
    expect(
      JSON.parse((await mailroom(['request', 'list', '--status', 'open', '--json'])).stdout),
    ).toEqual([]);
  });

  it('refuses to handle it again', async () => {
    const again = await mailroom(['request', 'close', requestId, '--remark', 'Twice.']);

    expect(again).toMatchObject({
      exitCode: 1,
      stderr: 'mailroom: ID: This request was already handled.\n',
    });
  });
});
