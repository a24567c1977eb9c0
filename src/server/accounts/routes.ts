import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../app.ts';
import { auditTrailRoutes } from '../audit/routes.ts';
import type { Actor } from '../auth/actor.ts';
import { principalOf, requireSession } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { groupAdminRequestRoutes } from '../support/routes.ts';
import { accountCsvHeader, accountCsvRows } from './account-csv.ts';
import { type AccountFilter, listAccounts, pageLimit } from './account-list.ts';
import { sendCsv } from './csv-file.ts';
import {
  accountChangesBody,
  accountCsvQuery,
  accountIdParams,
  accountListQuery,
  accountSchema,
  deletionBody,
  newAccountBody,
  noticesSchema,
} from './schemas.ts';
import {
  addAccount,
  deleteAccount,
  editAccount,
  issueTemporaryPasswordFor,
  readAccount,
  reissueOtpKey,
} from './service.ts';

/**
 * The account settings screen's API (docs/api.md, "Account settings"), for group
 * administrators only, plus the audit trail and the group administrator change requests
 * that live on the same screen. Each handler authenticates, validates, calls the service
 * and presents; the organization is always the session's.
 */
export async function accountRoutes(app: App, ctx: AppContext): Promise<void> {
  // Before validation, so that a caller without the right gets 401/403, never a field list.
  const preValidation = requireSession(ctx, { permission: 'manageAccounts' });
  const tags = ['accounts'];

  app.get(
    '/accounts',
    {
      preValidation,
      schema: {
        tags,
        querystring: accountListQuery,
        response: {
          200: Type.Object({
            accounts: Type.Array(accountSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            previousCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const { after, before, limit } = request.query;
      const filter = filterOf(request.query);
      return listAccounts(ctx, organization.id, filter, { after, before }, pageLimit(limit));
    },
  );

  app.get(
    '/accounts.csv',
    { preValidation, schema: { tags, querystring: accountCsvQuery } },
    async (request, reply) => {
      const { organization, account: viewer } = principalOf(request);
      const rows = accountCsvRows(ctx, organization.id, filterOf(request.query), viewer);
      return sendCsv(reply, 'accounts.csv', accountCsvHeader(viewer.language), rows);
    },
  );

  app.post(
    '/accounts',
    {
      preValidation,
      schema: {
        tags,
        body: newAccountBody,
        response: { 201: Type.Object({ account: accountSchema }) },
      },
    },
    async (request, reply) => {
      const { organization } = principalOf(request);
      const account = await addAccount(ctx, organization, actorOf(request), request.body);
      return reply.status(201).send({ account });
    },
  );

  app.get(
    '/accounts/:id',
    {
      preValidation,
      schema: {
        tags,
        params: accountIdParams,
        response: { 200: Type.Object({ account: accountSchema }) },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const account = await readAccount(ctx, organization.id, request.params.id);
      if (!account) throw new AppError('not_found');
      return { account };
    },
  );

  app.patch(
    '/accounts/:id',
    {
      preValidation,
      schema: {
        tags,
        params: accountIdParams,
        body: accountChangesBody,
        response: { 200: Type.Object({ account: accountSchema, notices: noticesSchema }) },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const saved = await editAccount(
        ctx,
        organization,
        actorOf(request),
        request.params.id,
        request.body,
      );
      if (!saved) throw new AppError('not_found');
      return saved;
    },
  );

  app.post(
    '/accounts/:id/temporary-password',
    {
      preValidation,
      schema: {
        tags,
        params: accountIdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Object({ temporaryPassword: Type.String() }) },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const temporaryPassword = await issueTemporaryPasswordFor(
        ctx,
        organization,
        actorOf(request),
        request.params.id,
      );
      if (temporaryPassword === null) throw new AppError('not_found');
      return { temporaryPassword };
    },
  );

  app.post(
    '/accounts/:id/otp-key',
    {
      preValidation,
      schema: {
        tags,
        params: accountIdParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Object({ account: accountSchema }) },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const account = await reissueOtpKey(ctx, organization, actorOf(request), request.params.id);
      if (!account) throw new AppError('not_found');
      return { account };
    },
  );

  app.delete(
    '/accounts/:id',
    {
      preValidation,
      config: { rateLimit: { max: ctx.config.signInRateLimitPerMinute, timeWindow: 60_000 } },
      schema: { tags, params: accountIdParams, body: deletionBody },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const refusal = await deleteAccount(
        ctx,
        principal.organization,
        { ...actorOf(request), accountId: principal.account.id },
        request.params.id,
        request.body.password,
      );
      if (refusal?.refused === 'not_found') throw new AppError('not_found');
      if (refusal?.refused === 'password_wrong') throw AppError.field('password', 'password_wrong');
      if (refusal?.refused === 'throttled') {
        throw new AppError('sign_in_throttled', [], {
          retryAfterSeconds: refusal.retryAfterSeconds,
        });
      }
      return reply.status(204).send();
    },
  );

  await auditTrailRoutes(app, ctx);
  await groupAdminRequestRoutes(app, ctx);
}

/** The filters of the list and its CSV file, from the query. */
function filterOf(query: {
  q?: string;
  role?: AccountFilter['role'];
  locked?: 'true' | 'false';
  sort?: AccountFilter['sort'];
  order?: AccountFilter['order'];
}): AccountFilter {
  return {
    q: query.q?.trim() || undefined,
    role: query.role,
    locked: query.locked === undefined ? undefined : query.locked === 'true',
    sort: query.sort ?? 'email',
    order: query.order ?? 'asc',
  };
}

/** The signed-in administrator as the audit trail records them. */
export function actorOf(request: FastifyRequest): Actor {
  const { account, sessionId } = principalOf(request);
  return { accountId: account.id, label: account.email, clientAddress: request.ip, sessionId };
}
