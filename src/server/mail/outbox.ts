import type { Kysely } from 'kysely';
import type { Language } from '../../contract/locale.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { type MailContent, type MailSignature, renderMail } from './templates.ts';

/** A mail to queue, addressed to one recipient in their language and time zone. */
export interface OutgoingMail {
  /**
   * Makes the mail unique across the service and across retries of the change that causes
   * it, e.g. `temporary-password:<account id>:<issue id>`.
   */
  dedupeKey: string;
  to: string;
  language: Language;
  timeZone: string;
  content: MailContent;
}

/** What the outbox keeps sealed in `body`: it can hold a temporary password. */
export interface SealedBody {
  text: string;
}

/** The signature of every mail, from the operator's settings. */
export function mailSignature(config: Config): MailSignature {
  return {
    serviceName: config.serviceName,
    supportEmail: config.supportEmail,
    publicUrl: config.publicUrl,
  };
}

/**
 * Queues a mail in the caller's transaction: it is sent only if that transaction commits.
 * A second mail with the same dedupeKey is ignored (returns false).
 *
 * @example
 * await ctx.db.transaction().execute(async (trx) => {
 *   await trx.updateTable('accounts').set({ passwordHash }).where('id', '=', id).execute();
 *   await enqueueMail(ctx, trx, { dedupeKey: `temporary-password:${id}:${issueId}`, ... });
 * });
 */
export async function enqueueMail(
  ctx: AppContext,
  db: Kysely<Schema>,
  mail: OutgoingMail,
): Promise<boolean> {
  const rendered = renderMail(
    mail.content,
    { language: mail.language, timeZone: mail.timeZone },
    mailSignature(ctx.config),
  );
  const body: SealedBody = { text: rendered.text };
  const now = ctx.clock.now().toISOString();

  const result = await db
    .insertInto('outboxMails')
    .values({
      id: newId(),
      dedupeKey: mail.dedupeKey,
      recipient: mail.to,
      template: mail.content.template,
      subject: rendered.subject,
      body: ctx.secretBox.seal(JSON.stringify(body)),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimedUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    })
    .onConflict((conflict) => conflict.column('dedupeKey').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
