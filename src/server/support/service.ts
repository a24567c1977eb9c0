import type { AssignableRole } from '../../contract/roles.ts';
import type {
  GroupAdminChange,
  GroupAdministrator,
  GroupAdminRequest,
  GroupAdminRequestStatus,
} from '../../contract/support.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { GroupAdminRequestTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { grantGroupAdmin, OPERATOR, revokeGroupAdmin } from '../organizations/service.ts';

/*
 * Group administrator change requests. Only the operator grants or revokes the role; a
 * group administrator asks for it with a reason, the request is mailed to the support
 * address, and the operator handles it from the command line. Each step runs in one
 * transaction with its audit record and its mail.
 */

/** A request as the operator lists it, with the organization it came from. */
export interface GroupAdminRequestForOperator extends GroupAdminRequest {
  clientNumber: string;
  organizationName: string;
}

export const REASON_MAX_LENGTH = 1000;

/**
 * Files a request on behalf of a group administrator of `organization`. The account must
 * be one of the organization's: another id is null, as if it did not exist.
 */
export async function fileGroupAdminRequest(
  ctx: AppContext,
  organization: { id: string; name: string; clientNumber: string },
  requester: Actor & { accountId: string },
  filing: { accountId: string; change: GroupAdminChange; reason: string },
): Promise<GroupAdminRequest | null> {
  const reason = filing.reason.trim();
  if (reason.length === 0) throw AppError.field('reason', 'required');
  if ([...reason].length > REASON_MAX_LENGTH) {
    throw AppError.field('reason', 'too_long', { limit: REASON_MAX_LENGTH });
  }

  return ctx.db.transaction().execute(async (trx) => {
    const target = await trx
      .selectFrom('accounts')
      .select(['id', 'email', 'role'])
      .where('organizationId', '=', organization.id)
      .where('id', '=', filing.accountId)
      .executeTakeFirst();
    if (!target) return null;

    if (filing.change === 'grant' && target.role === 'group_admin') {
      throw AppError.field('change', 'already_group_admin');
    }
    if (filing.change === 'revoke' && target.role !== 'group_admin') {
      throw AppError.field('change', 'not_group_admin');
    }
    const open = await trx
      .selectFrom('groupAdminRequests')
      .select('id')
      .where('organizationId', '=', organization.id)
      .where('targetAccountId', '=', target.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (open) throw AppError.field('accountId', 'request_open');
    if (
      filing.change === 'revoke' &&
      (await otherGroupAdmins(trx, organization.id, target.id)) === 0
    ) {
      throw new AppError('last_group_admin');
    }

    const now = ctx.clock.now();
    const request: GroupAdminRequestTable = {
      id: newId(),
      organizationId: organization.id,
      requesterAccountId: requester.accountId,
      requester: requester.label,
      targetAccountId: target.id,
      target: target.email,
      change: filing.change,
      reason,
      status: 'open',
      remark: null,
      createdAt: now.toISOString(),
      handledAt: null,
    };
    await trx.insertInto('groupAdminRequests').values(request).execute();
    await recordAudit(
      trx,
      {
        action: 'support_request.filed',
        organizationId: organization.id,
        actorAccountId: requester.accountId,
        actor: requester.label,
        targetAccountId: target.id,
        target: target.email,
        clientAddress: requester.clientAddress,
        details: { requestId: request.id, change: request.change, reason },
      },
      now,
    );
    // The support desk reads English; its time zone is not known, so dates are in UTC.
    await enqueueMail(ctx, trx, {
      dedupeKey: `group-admin-request:${request.id}`,
      to: ctx.config.supportEmail,
      language: 'en',
      timeZone: 'UTC',
      content: {
        template: 'group_admin_request',
        params: {
          clientNumber: organization.clientNumber,
          organizationName: organization.name,
          requester: requester.label,
          target: target.email,
          change: request.change,
          reason,
          requestId: request.id,
        },
      },
    });
    return presentRequest(request);
  });
}

/** The organization's requests, newest first, and the group administrators it has. */
export async function listGroupAdminRequests(
  ctx: AppContext,
  organizationId: string,
): Promise<{ requests: GroupAdminRequest[]; groupAdministrators: GroupAdministrator[] }> {
  const requests = await ctx.db
    .selectFrom('groupAdminRequests')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const groupAdministrators = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'email', 'name'])
    .where('organizationId', '=', organizationId)
    .where('role', '=', 'group_admin')
    .orderBy('email')
    .execute();
  return { requests: requests.map(presentRequest), groupAdministrators };
}

/** Every organization's requests for the operator, oldest first, optionally of one status. */
export async function listRequestsForOperator(
  ctx: AppContext,
  status?: GroupAdminRequestStatus,
): Promise<GroupAdminRequestForOperator[]> {
  let query = ctx.db
    .selectFrom('groupAdminRequests')
    .innerJoin('organizations', 'organizations.id', 'groupAdminRequests.organizationId')
    .selectAll('groupAdminRequests')
    .select(['organizations.clientNumber', 'organizations.name as organizationName'])
    .orderBy('groupAdminRequests.createdAt')
    .orderBy('groupAdminRequests.id');
  if (status) query = query.where('groupAdminRequests.status', '=', status);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...presentRequest(row),
    clientNumber: row.clientNumber,
    organizationName: row.organizationName,
  }));
}

/** How the operator answers a request. */
export type RequestOutcome =
  | { outcome: 'granted'; remark?: string }
  | { outcome: 'revoked'; newRole: AssignableRole; remark?: string }
  | { outcome: 'closed'; remark: string };

/**
 * The operator's answer to an open request: grants or revokes the role as asked (a revoke
 * that would leave the organization without an unlocked group administrator is refused),
 * or closes the request without a change. The request is marked, the change audited, and
 * the requester mailed the outcome in their language, all in one transaction.
 */
export async function handleGroupAdminRequest(
  ctx: AppContext,
  requestId: string,
  answer: RequestOutcome,
  actor: Actor = OPERATOR,
): Promise<GroupAdminRequest> {
  const remark = answer.remark?.trim() || null;
  if (answer.outcome === 'closed' && remark === null) throw AppError.field('remark', 'required');

  return ctx.db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom('groupAdminRequests')
      .selectAll()
      .where('id', '=', requestId)
      .$if(ctx.dialect === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
    if (!request) throw new AppError('not_found', [{ field: 'id', rule: 'unknown_request' }]);
    if (request.status !== 'open') throw refusal('request_handled');

    if (answer.outcome !== 'closed') {
      const asked = answer.outcome === 'granted' ? 'grant' : 'revoke';
      if (request.change !== asked) throw refusal('request_other_change');
      // The account may have changed its email since the request was filed; its id holds.
      const target = request.targetAccountId
        ? await trx
            .selectFrom('accounts')
            .select('email')
            .where('id', '=', request.targetAccountId)
            .where('organizationId', '=', request.organizationId)
            .executeTakeFirst()
        : undefined;
      if (!target) throw refusal('request_account_gone');
      if (answer.outcome === 'granted') await grantGroupAdmin(ctx, target.email, actor, trx);
      else await revokeGroupAdmin(ctx, target.email, answer.newRole, actor, trx);
    }

    const now = ctx.clock.now();
    const handled: GroupAdminRequestTable = {
      ...request,
      status: answer.outcome,
      remark,
      handledAt: now.toISOString(),
    };
    await trx
      .updateTable('groupAdminRequests')
      .set({ status: handled.status, remark, handledAt: handled.handledAt })
      .where('id', '=', requestId)
      .execute();
    await recordAudit(
      trx,
      {
        action: 'support_request.handled',
        organizationId: request.organizationId,
        actorAccountId: actor.accountId,
        actor: actor.label,
        targetAccountId: request.targetAccountId,
        target: request.target,
        clientAddress: actor.clientAddress,
        details: { requestId, change: request.change, outcome: answer.outcome, remark },
      },
      now,
    );
    await mailOutcome(ctx, trx, handled);
    return presentRequest(handled);
  });
}

/** Tells the requester, in their language, what became of the request. */
async function mailOutcome(
  ctx: AppContext,
  trx: Database,
  request: GroupAdminRequestTable,
): Promise<void> {
  // A requester whose account was deleted since has no address left to tell.
  const requester = request.requesterAccountId
    ? await trx
        .selectFrom('accounts')
        .select(['email', 'language', 'timeZone'])
        .where('id', '=', request.requesterAccountId)
        .executeTakeFirst()
    : undefined;
  if (!requester) return;
  await enqueueMail(ctx, trx, {
    dedupeKey: `group-admin-request-outcome:${request.id}`,
    to: requester.email,
    language: requester.language,
    timeZone: requester.timeZone,
    content: {
      template: 'group_admin_request_outcome',
      params: {
        target: request.target,
        change: request.change,
        outcome: request.status as 'granted' | 'revoked' | 'closed',
        remark: request.remark,
      },
    },
  });
}

async function otherGroupAdmins(
  db: Database,
  organizationId: string,
  exceptAccountId: string,
): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organizationId', '=', organizationId)
    .where('role', '=', 'group_admin')
    .where('locked', '=', false)
    .where('id', '!=', exceptAccountId)
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The request cannot take this answer as it stands: not the caller's typing mistake. */
function refusal(rule: string): AppError {
  return new AppError('conflict', [{ field: 'id', rule }]);
}

function presentRequest(row: GroupAdminRequestTable): GroupAdminRequest {
  return {
    id: row.id,
    accountId: row.targetAccountId,
    account: row.target,
    change: row.change,
    reason: row.reason,
    status: row.status,
    remark: row.remark,
    requester: row.requester,
    createdAt: row.createdAt,
    handledAt: row.handledAt,
  };
}
