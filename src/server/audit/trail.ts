import { type SelectQueryBuilder, sql } from 'kysely';
import type { AuditEntry, AuditTrailPage } from '../../contract/audit.ts';
import { formatDateTime, type Language } from '../../contract/locale.ts';
import type { AppContext } from '../context.ts';
import type { AuditEventTable, Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Which events of the organization's audit trail to show. */
export interface AuditFilter {
  /** The email the event was about. */
  account?: string;
  /** The email of who acted, or `operator`. */
  actor?: string;
  action?: string;
}

type AuditRow = Pick<
  AuditEventTable,
  'id' | 'occurredAt' | 'actor' | 'action' | 'target' | 'clientAddress' | 'details'
>;

/**
 * One page of the organization's audit trail, newest first. Pages continue from the
 * (time, id) of the last event shown, which the index on (organization, time, id) seeks.
 */
export async function listAuditEvents(
  ctx: AppContext,
  organizationId: string,
  filter: AuditFilter,
  after: string | undefined,
  limit: number,
): Promise<AuditTrailPage> {
  const position = after === undefined ? undefined : decodeCursor(after);
  const rows = await trailQuery(ctx, organizationId, filter, position)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(presentEvent),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

const CSV_HEADERS: Record<Language, readonly string[]> = {
  en: ['Time', 'Actor', 'Action', 'Target', 'Client address', 'Details'],
  ja: ['日時', '操作者', '操作', '対象', '接続元アドレス', '内容'],
};

/** The header row of the audit trail's CSV file in the viewer's language. */
export function auditCsvHeader(language: Language): readonly string[] {
  return CSV_HEADERS[language];
}

/**
 * The rows of the audit trail's CSV file, newest first, times in the viewer's time zone,
 * read in batches so that a long trail never sits in memory.
 */
export async function* auditCsvRows(
  ctx: AppContext,
  organizationId: string,
  filter: AuditFilter,
  timeZone: string,
  batchSize = 1000,
): AsyncGenerator<string[]> {
  const date = (iso: string) => formatDateTime(iso, timeZone);
  let position: Position | undefined;
  for (;;) {
    const rows = await trailQuery(ctx, organizationId, filter, position).limit(batchSize).execute();
    for (const row of rows) {
      yield [
        date(row.occurredAt),
        row.actor,
        row.action,
        row.target ?? '',
        row.clientAddress ?? '',
        row.details,
      ];
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    position = { occurredAt: last.occurredAt, id: last.id };
  }
}

interface Position {
  occurredAt: string;
  id: string;
}

function trailQuery(
  ctx: AppContext,
  organizationId: string,
  filter: AuditFilter,
  position: Position | undefined,
): SelectQueryBuilder<Schema, 'auditEvents', AuditRow> {
  let query = ctx.db
    .selectFrom('auditEvents')
    .select(['id', 'occurredAt', 'actor', 'action', 'target', 'clientAddress', 'details'])
    .where('organizationId', '=', organizationId);
  // Emails are stored lowercased; `operator` is too.
  if (filter.account) query = query.where('target', '=', filter.account.toLowerCase());
  if (filter.actor) query = query.where('actor', '=', filter.actor.toLowerCase());
  if (filter.action) query = query.where('action', '=', filter.action);
  if (position) {
    query = query.where(
      (eb) =>
        sql<boolean>`(${eb.ref('occurredAt')}, ${eb.ref('id')}) < (${position.occurredAt}, ${position.id})`,
    );
  }
  return query.orderBy('occurredAt', 'desc').orderBy('id', 'desc');
}

function presentEvent(row: AuditRow): AuditEntry {
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
}

function encodeCursor(row: AuditRow): string {
  return Buffer.from(JSON.stringify([row.occurredAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'string' &&
      typeof decoded[1] === 'string'
    ) {
      return { occurredAt: decoded[0], id: decoded[1] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw AppError.field('after', 'invalid_format');
}
