import { Type } from 'typebox';
import { pageLimit } from '../accounts/account-list.ts';
import { sendCsv } from '../accounts/csv-file.ts';
import type { App } from '../app.ts';
import { principalOf, requireSession } from '../auth/guard.ts';
import type { AppContext } from '../context.ts';
import { type AuditFilter, auditCsvHeader, auditCsvRows, listAuditEvents } from './trail.ts';

const filters = {
  account: Type.Optional(Type.String({ maxLength: 254 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
};

const eventSchema = Type.Object({
  id: Type.String(),
  occurredAt: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/**
 * The organization's audit trail for its group administrators (docs/api.md, "Audit
 * trail"): a page at a time, or the whole filtered trail as a CSV file.
 */
export async function auditTrailRoutes(app: App, ctx: AppContext): Promise<void> {
  const preValidation = requireSession(ctx, { permission: 'manageAccounts' });
  const tags = ['audit'];

  app.get(
    '/audit-events',
    {
      preValidation,
      schema: {
        tags,
        querystring: Type.Object(
          {
            ...filters,
            after: Type.Optional(Type.String({ maxLength: 2000 })),
            limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            events: Type.Array(eventSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const { organization } = principalOf(request);
      const { after, limit, ...filter } = request.query;
      return listAuditEvents(ctx, organization.id, filter, after, pageLimit(limit));
    },
  );

  app.get(
    '/audit-events.csv',
    {
      preValidation,
      schema: { tags, querystring: Type.Object(filters, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const { organization, account: viewer } = principalOf(request);
      const filter: AuditFilter = request.query;
      const rows = auditCsvRows(ctx, organization.id, filter, viewer.timeZone);
      return sendCsv(reply, 'audit-events.csv', auditCsvHeader(viewer.language), rows);
    },
  );
}
