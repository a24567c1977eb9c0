import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../server/config.ts';
import { AppError } from '../server/errors.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../server/testing/harness.ts';
import { setTotpCommand } from './account-commands.ts';
import { createOrganizationCommand, updateOrganizationCommand } from './organization-commands.ts';
import { table } from './output.ts';
import { asCliError, type CliError } from './runtime.ts';

async function failure(promise: Promise<unknown>): Promise<CliError> {
  return asCliError(
    await promise.then(
      () => new Error('expected a failure'),
      (error) => error,
    ),
  );
}

describe.each(TEST_DATABASES)('the command functions on %s', (kind) => {
  let test: TestContext;
  beforeAll(async () => {
    test = await createTestContext(kind);
  });
  afterAll(() => test.close());

  it('refuses an update that changes nothing as a usage error', async () => {
    const organization = await createOrganizationCommand(test.ctx, { name: 'Acme', plan: 'pro' });

    const error = await failure(updateOrganizationCommand(test.ctx, organization.clientNumber, {}));

    expect(organization.virusCheckOption).toBe(false);
    expect(error).toMatchObject({
      exitCode: 2,
      message: 'nothing to change: give --name, --plan, --virus-check or --no-virus-check',
    });
  });

  it('asks for exactly one of --on and --off', async () => {
    const neither = await failure(setTotpCommand(test.ctx, 'someone@example.com', {}));
    const both = await failure(
      setTotpCommand(test.ctx, 'someone@example.com', { on: true, off: true }),
    );

    expect(neither).toMatchObject({ exitCode: 2, message: 'give either --on or --off' });
    expect(both.exitCode).toBe(2);
  });

  it('names CLIENT_NUMBER when no organization has it, as a refusal', async () => {
    const error = await failure(updateOrganizationCommand(test.ctx, 'CL09999', { name: 'X' }));

    expect(error).toMatchObject({
      exitCode: 1,
      message: 'CLIENT_NUMBER: No organization has this client number.',
    });
  });
});

describe('command line errors', () => {
  it('words field problems with the option names and exits 2 for bad input', () => {
    const error = asCliError(
      new AppError('validation_failed', [
        { field: 'name', rule: 'too_long', params: { limit: 100 } },
        { field: 'virusCheckOption', rule: 'option_forbidden_by_plan' },
      ]),
    );

    expect(error).toMatchObject({
      exitCode: 2,
      message: '--name: At most 100 characters. --virus-check: needs the Pro plan.',
    });
  });

  it('exits 1 for a refused operation and 2 for a configuration error', () => {
    expect(asCliError(new AppError('last_group_admin')).exitCode).toBe(1);
    expect(
      asCliError(new ConfigError('SECRET_KEY', '32 bytes in base64', undefined)),
    ).toMatchObject({
      exitCode: 2,
      message: 'configuration error: SECRET_KEY: expected 32 bytes in base64',
    });
  });
});

describe('text tables', () => {
  it('aligns columns, counting a kanji as two cells', () => {
    expect(
      table(
        ['name', 'role'],
        [
          ['山田', 'group_admin'],
          ['Sam', 'accountant'],
        ],
      ),
    ).toBe(['name  role', '山田  group_admin', 'Sam   accountant'].join('\n'));
  });
});
