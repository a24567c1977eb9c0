import { Type } from 'typebox';
import { GROUP_ADMIN_CHANGES, GROUP_ADMIN_REQUEST_STATUSES } from '../../contract/support.ts';
import type { App } from '../app.ts';
import { principalOf, requireSession } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { fileGroupAdminRequest, listGroupAdminRequests } from './service.ts';

const requestSchema = Type.Object({
  id: Type.String(),
  accountId: Type.Union([Type.String(), Type.Null()]),
  account: Type.String(),
  change: Type.Enum(GROUP_ADMIN_CHANGES),
  reason: Type.String(),
  status: Type.Enum(GROUP_ADMIN_REQUEST_STATUSES),
  remark: Type.Union([Type.String(), Type.Null()]),
  requester: Type.String(),
  createdAt: Type.String(),
  handledAt: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The group administrator change request form (docs/api.md, "Group administrator change
 * requests"): a group administrator files a request and follows what became of it.
 */
export async function groupAdminRequestRoutes(app: App, ctx: AppContext): Promise<void> {
  const preValidation = requireSession(ctx, { permission: 'requestGroupAdminChange' });
  const tags = ['group administrator requests'];

  app.get(
    '/group-admin-requests',
    {
      preValidation,
      schema: {
        tags,
        response: {
          200: Type.Object({
            requests: Type.Array(requestSchema),
            groupAdministrators: Type.Array(
              Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => listGroupAdminRequests(ctx, principalOf(request).organization.id),
  );

  app.post(
    '/group-admin-requests',
    {
      preValidation,
      schema: {
        tags,
        body: Type.Object(
          {
            accountId: Type.String({ maxLength: 100 }),
            change: Type.Enum(GROUP_ADMIN_CHANGES),
            reason: Type.String({ maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ request: requestSchema }) },
      },
    },
    async (request, reply) => {
      const { organization, account, sessionId } = principalOf(request);
      const filed = await fileGroupAdminRequest(
        ctx,
        organization,
        { accountId: account.id, label: account.email, clientAddress: request.ip, sessionId },
        request.body,
      );
      if (!filed) throw new AppError('not_found');
      return reply.status(201).send({ request: filed });
    },
  );
}
