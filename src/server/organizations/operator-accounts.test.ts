import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';
import {
  listOrganizationAccounts,
  mailTemporaryPassword,
  reissueAccountOtpKey,
  setAccountTotp,
} from './operator-accounts.ts';
import { addAccount, createOrganization } from './service.ts';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe.each(TEST_DATABASES)("the operator's account recovery on %s", (kind) => {
  let test: TestContext;
  let organizationId: string;

  beforeAll(async () => {
    test = await createTestContext(kind);
    const organization = await createOrganization(test.ctx, {
      name: 'Acme',
      plan: 'standard',
      virusCheckOption: false,
    });
    organizationId = organization.id;
    await addAccount(test.ctx, {
      clientNumber: organization.clientNumber,
      email: 'phone-lost@acme.example',
      name: 'Phone Lost',
      role: 'service_user',
      language: 'en',
      timeZone: 'UTC',
    });
  });
  afterAll(() => test.close());

  it('shows two-factor authentication as off, pending until set up, then on', async () => {
    const states = async () =>
      (await listOrganizationAccounts(test.ctx, organizationId)).map((account) => account.totp);

    const off = await states();
    await setAccountTotp(test.ctx, 'phone-lost@acme.example', true);
    const pending = await states();
    await test.ctx.db
      .updateTable('accounts')
      .set({ totpSecret: test.ctx.secretBox.seal('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ') })
      .execute();
    const on = await states();

    expect([off, pending, on]).toEqual([['off'], ['pending'], ['on']]);
  });

  it('switching two-factor authentication off erases the key', async () => {
    const result = await setAccountTotp(test.ctx, 'PHONE-LOST@acme.example', false);

    const account = await test.ctx.db
      .selectFrom('accounts')
      .select(['totpEnabled', 'totpSecret'])
      .executeTakeFirstOrThrow();
    expect(result.totp).toBe('off');
    expect(account).toEqual({ totpEnabled: false, totpSecret: null });
  });

  it('refuses to reissue the key of an account without two-factor authentication', async () => {
    const error = await refusal(reissueAccountOtpKey(test.ctx, 'phone-lost@acme.example'));

    expect(error.code).toBe('conflict');
    expect(error.fields).toEqual([{ field: 'email', rule: 'totp_off' }]);
  });

  it('refuses an unknown email without mailing anything', async () => {
    const before = await test.ctx.db.selectFrom('outboxMails').select('id').execute();

    const error = await refusal(mailTemporaryPassword(test.ctx, 'nobody@acme.example'));

    expect(error.fields).toEqual([{ field: 'email', rule: 'unknown_account' }]);
    expect(await test.ctx.db.selectFrom('outboxMails').select('id').execute()).toEqual(before);
  });
});
