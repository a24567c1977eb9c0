import { type Command, Option } from 'commander';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../contract/roles.ts';
import {
  grantGroupAdmin,
  OPERATOR,
  type RoleChange,
  revokeGroupAdmin,
} from '../server/organizations/service.ts';
import { withContext } from './runtime.ts';

/** Registers `mailroom role grant|revoke`: the group administrator role, the operator's alone. */
export function registerRoleCommands(program: Command): void {
  const role = program
    .command('role')
    .description('grant or revoke the group administrator role (after a request from the client)');
  const byEmail = { email: 'EMAIL' };

  role
    .command('grant')
    .description('make the account a group administrator; its sessions end')
    .argument('<EMAIL>', 'the account')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [email = ''] = command.args;
        return presentRoleChange(await grantGroupAdmin(ctx, email, OPERATOR));
      }, byEmail),
    );

  role
    .command('revoke')
    .description('take the group administrator role away; its sessions end')
    .argument('<EMAIL>', 'the account')
    .addOption(
      new Option('--to <role>', 'the role it keeps instead')
        .choices(ASSIGNABLE_ROLES)
        .makeOptionMandatory(),
    )
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [email = ''] = command.args;
        const { to } = command.opts<{ to: AssignableRole }>();
        return presentRoleChange(await revokeGroupAdmin(ctx, email, to, OPERATOR));
      }, byEmail),
    );
}

function presentRoleChange(change: RoleChange) {
  return {
    json: change,
    text: `${change.email} (${change.clientNumber}) is now ${change.to}, was ${change.from}. Its sessions ended.`,
  };
}
