import type { Kysely } from 'kysely';
import type { AuditAction } from '../../contract/audit.ts';
import type { Schema } from '../db/schema.ts';
import { newId } from '../ids.ts';

export interface AuditEvent {
  action: AuditAction;
  organizationId: string | null;
  actorAccountId: string | null;
  /** The actor's email, or `operator` for the command line. */
  actor: string;
  targetAccountId?: string | null;
  target?: string | null;
  clientAddress?: string | null;
  /** What changed or why it failed. Never a password, code, token or secret. */
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit trail. Pass the transaction of the change itself, so that the record
 * exists exactly when the change does.
 */
export async function recordAudit(db: Kysely<Schema>, event: AuditEvent, at: Date): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({
      id: newId(),
      occurredAt: at.toISOString(),
      organizationId: event.organizationId,
      actorAccountId: event.actorAccountId,
      actor: event.actor,
      action: event.action,
      targetAccountId: event.targetAccountId ?? null,
      target: event.target ?? null,
      clientAddress: event.clientAddress ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}
