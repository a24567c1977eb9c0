import { type Command, Option } from 'commander';
import { LANGUAGES, type Language } from '../contract/locale.ts';
import type { AppContext } from '../server/context.ts';
import {
  listOrganizationAccounts,
  mailTemporaryPassword,
  type OperatorAccountResult,
  type OperatorAccountView,
  reissueAccountOtpKey,
  setAccountTotp,
} from '../server/organizations/operator-accounts.ts';
import { type AddedAccount, addGroupAdmin } from '../server/organizations/service.ts';
import { table, utc, yesNo } from './output.ts';
import { CliError, EXIT_USAGE, requireOrganization, withContext } from './runtime.ts';

/** Options of `mailroom admin add`. */
export interface AddGroupAdminOptions {
  email: string;
  name: string;
  language?: Language;
  timeZone?: string;
}

/**
 * `mailroom admin add CLIENT_NUMBER`: a group administrator, English and UTC unless told
 * otherwise, with a temporary password mailed to it.
 */
export function addGroupAdminCommand(
  ctx: AppContext,
  clientNumber: string,
  options: AddGroupAdminOptions,
): Promise<AddedAccount> {
  return addGroupAdmin(ctx, {
    clientNumber,
    email: options.email,
    name: options.name,
    language: options.language ?? 'en',
    timeZone: options.timeZone ?? 'UTC',
  });
}

/** `mailroom account list CLIENT_NUMBER`: every account, group administrators included. */
export async function listAccountsCommand(
  ctx: AppContext,
  clientNumber: string,
): Promise<OperatorAccountView[]> {
  const organization = await requireOrganization(ctx, clientNumber);
  return listOrganizationAccounts(ctx, organization.id);
}

/** `mailroom account totp EMAIL --on|--off`: exactly one of the two. */
export async function setTotpCommand(
  ctx: AppContext,
  email: string,
  options: { on?: boolean; off?: boolean },
): Promise<OperatorAccountResult> {
  if (Boolean(options.on) === Boolean(options.off)) {
    throw new CliError('give either --on or --off', EXIT_USAGE);
  }
  return setAccountTotp(ctx, email, Boolean(options.on));
}

const TOTP_WORDING = {
  off: 'off',
  pending: 'on; the authenticator is set up at the next sign-in',
  on: 'on',
} as const;

/** Registers `mailroom admin add` and `mailroom account list|temporary-password|totp|reissue-otp`. */
export function registerAccountCommands(program: Command): void {
  program
    .command('admin')
    .description("add an organization's group administrator")
    .command('add')
    .description('add a group administrator and mail it a temporary password')
    .argument('<CLIENT_NUMBER>', 'the organization, e.g. CL00042')
    .requiredOption('--email <email>', 'login ID, unique across the service')
    .requiredOption('--name <name>', 'name, 1 to 100 characters')
    .addOption(
      new Option('--language <language>', 'language of screens and mails').choices(LANGUAGES),
    )
    .option('--time-zone <zone>', 'IANA time zone of dates on screens and in mails (default UTC)')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [clientNumber = ''] = command.args;
        const added = await addGroupAdminCommand(
          ctx,
          clientNumber,
          command.opts<AddGroupAdminOptions>(),
        );
        return {
          json: added,
          text: `Added group administrator ${added.email} to ${added.clientNumber}; a temporary password was mailed to it.`,
        };
      }),
    );

  const account = program.command('account').description('look after single accounts');

  account
    .command('list')
    .description("list an organization's accounts, every role")
    .argument('<CLIENT_NUMBER>', 'the organization, e.g. CL00042')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [clientNumber = ''] = command.args;
        const accounts = await listAccountsCommand(ctx, clientNumber);
        return { json: accounts, text: accountTable(accounts) };
      }),
    );

  const byEmail = { email: 'EMAIL' };

  account
    .command('temporary-password')
    .description('replace the password with a temporary one, mailed to the account')
    .argument('<EMAIL>', 'the account')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [email = ''] = command.args;
        const result = await mailTemporaryPassword(ctx, email);
        return {
          json: { email: result.email, mailed: true, expiresAt: result.passwordExpiresAt },
          text: `A temporary password was mailed to ${result.email}; it works until ${utc(result.passwordExpiresAt)}. Its sessions ended.`,
        };
      }, byEmail),
    );

  account
    .command('totp')
    .description('switch two-factor authentication on or off for the account')
    .argument('<EMAIL>', 'the account')
    .addOption(new Option('--on', 'require a TOTP code at sign-in').conflicts('off'))
    .addOption(new Option('--off', 'sign in with the password alone'))
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [email = ''] = command.args;
        const result = await setTotpCommand(ctx, email, command.opts());
        return {
          json: { email: result.email, totp: result.totp },
          text: `Two-factor authentication for ${result.email}: ${TOTP_WORDING[result.totp]}. Its sessions ended.`,
        };
      }, byEmail),
    );

  account
    .command('reissue-otp')
    .description('forget the authenticator (a lost phone); a new QR code comes at the next sign-in')
    .argument('<EMAIL>', 'the account')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [email = ''] = command.args;
        const result = await reissueAccountOtpKey(ctx, email);
        return {
          json: { email: result.email, totp: result.totp },
          text: `The OTP key of ${result.email} was reissued: the old authenticator no longer works and a new QR code comes at the next sign-in. Its sessions ended.`,
        };
      }, byEmail),
    );
}

function accountTable(accounts: OperatorAccountView[]): string {
  if (accounts.length === 0) return 'No accounts yet: add one with `mailroom admin add`.';
  return table(
    ['email', 'name', 'role', '2FA', 'locked', 'last sign-in'],
    accounts.map((row) => [
      row.email,
      row.name,
      row.role,
      row.totp,
      yesNo(row.locked),
      utc(row.lastSignInAt),
    ]),
  );
}
