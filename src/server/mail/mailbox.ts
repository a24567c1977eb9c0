import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailboxEntry, MailboxMessage } from '../../contract/mailbox.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';

/** The largest mail the mailbox accepts; the console's own mails are a few kilobytes. */
const LARGEST_MAIL_BYTES = 10 * 1024 * 1024;

export interface Mailbox {
  /** Where the mail worker sends: `smtp://127.0.0.1:<port>`. */
  smtpUrl: string;
  close(): Promise<void>;
}

/**
 * The built-in mailbox of the embedded setup: a real SMTP server on the loopback interface,
 * without authentication or TLS, that keeps every mail it receives in `mailbox_messages`
 * so a person on this machine can read what the console sent. Port 0 takes any free port.
 */
export async function startMailbox(ctx: AppContext, port: number): Promise<Mailbox> {
  const log = ctx.logger.child({ component: 'mailbox' });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: LARGEST_MAIL_BYTES,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', async () => {
        if (stream.sizeExceeded) {
          return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
        }
        try {
          const source = Buffer.concat(chunks).toString('utf8');
          const message = await simpleParser(source);
          const id = newId();
          await ctx.db
            .insertInto('mailboxMessages')
            .values({
              id,
              receivedAt: ctx.clock.now().toISOString(),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address).join(', '),
              subject: message.subject ?? '',
              source,
            })
            .execute();
          log.debug({ mailboxMessageId: id }, 'mail received');
          callback();
        } catch (error) {
          log.error({ err: error }, 'mailbox could not store a mail');
          callback(Object.assign(new Error('could not store the mail'), { responseCode: 451 }));
        }
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'mailbox error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;

  return {
    smtpUrl: `smtp://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The most recent mails received, newest first. */
export async function listMailbox(ctx: AppContext, limit = 200): Promise<MailboxEntry[]> {
  return ctx.db
    .selectFrom('mailboxMessages')
    .select(['id', 'receivedAt', 'envelopeFrom as from', 'envelopeTo as to', 'subject'])
    .orderBy('receivedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** One received mail with its body, or undefined when there is none with this id. */
export async function readMailboxMessage(
  ctx: AppContext,
  id: string,
): Promise<MailboxMessage | undefined> {
  const row = await ctx.db
    .selectFrom('mailboxMessages')
    .select(['id', 'receivedAt', 'envelopeFrom', 'envelopeTo', 'subject', 'source'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;

  const parsed = await simpleParser(row.source);
  return {
    id: row.id,
    receivedAt: row.receivedAt,
    from: row.envelopeFrom,
    to: row.envelopeTo,
    subject: row.subject,
    text: parsed.text ?? '',
  };
}
