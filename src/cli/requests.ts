import { type Command, Option } from 'commander';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../contract/roles.ts';
import {
  GROUP_ADMIN_REQUEST_STATUSES,
  type GroupAdminRequest,
  type GroupAdminRequestStatus,
} from '../contract/support.ts';
import {
  type GroupAdminRequestForOperator,
  handleGroupAdminRequest,
  listRequestsForOperator,
} from '../server/support/service.ts';
import { table, utc } from './output.ts';
import { withContext } from './runtime.ts';

const LABELS = { id: 'ID', remark: '--remark', role: '--to' };

/**
 * Registers `mailroom request list|grant|revoke|close`: the group administrator change
 * requests that clients file from the console. Handling one applies the change, marks the
 * request and mails the requester the outcome, in one transaction.
 */
export function registerRequestCommands(program: Command): void {
  const request = program
    .command('request')
    .description('group administrator change requests filed by clients');

  request
    .command('list')
    .description('list requests, oldest first')
    .addOption(
      new Option('--status <status>', 'only requests in this state').choices(
        GROUP_ADMIN_REQUEST_STATUSES,
      ),
    )
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const { status } = command.opts<{ status?: GroupAdminRequestStatus }>();
        const requests = await listRequestsForOperator(ctx, status);
        return { json: requests, text: requestTable(requests) };
      }, LABELS),
    );

  request
    .command('grant')
    .description('make the requested account a group administrator; its sessions end')
    .argument('<ID>', 'the request')
    .option('--remark <text>', 'a word for the requester')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [id = ''] = command.args;
        const { remark } = command.opts<{ remark?: string }>();
        return presentHandled(
          await handleGroupAdminRequest(ctx, id, { outcome: 'granted', remark }),
        );
      }, LABELS),
    );

  request
    .command('revoke')
    .description('take the group administrator role from the requested account; its sessions end')
    .argument('<ID>', 'the request')
    .addOption(
      new Option('--to <role>', 'the role it keeps instead')
        .choices(ASSIGNABLE_ROLES)
        .makeOptionMandatory(),
    )
    .option('--remark <text>', 'a word for the requester')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [id = ''] = command.args;
        const { to, remark } = command.opts<{ to: AssignableRole; remark?: string }>();
        const handled = await handleGroupAdminRequest(ctx, id, {
          outcome: 'revoked',
          newRole: to,
          remark,
        });
        return presentHandled(handled);
      }, LABELS),
    );

  request
    .command('close')
    .description('answer a request without changing any role')
    .argument('<ID>', 'the request')
    .requiredOption('--remark <text>', 'why, for the requester')
    .option('--json', 'print JSON instead of text')
    .action(
      withContext(async (ctx, command) => {
        const [id = ''] = command.args;
        const { remark } = command.opts<{ remark: string }>();
        return presentHandled(
          await handleGroupAdminRequest(ctx, id, { outcome: 'closed', remark }),
        );
      }, LABELS),
    );
}

function requestTable(requests: GroupAdminRequestForOperator[]): string {
  if (requests.length === 0) return 'No requests.';
  return table(
    ['id', 'client', 'change', 'account', 'requester', 'status', 'filed', 'reason'],
    requests.map((request) => [
      request.id,
      request.clientNumber,
      request.change,
      request.account,
      request.requester,
      request.status,
      utc(request.createdAt),
      // One line per request: a reason typed over several lines is joined.
      request.reason.replace(/\s+/g, ' '),
    ]),
  );
}

function presentHandled(request: GroupAdminRequest) {
  return {
    json: request,
    text: `Request ${request.id} (${request.change} for ${request.account}) is ${request.status}.`,
  };
}
