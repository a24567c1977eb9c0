import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { isoAfter } from '../clock.ts';
import type { AppContext } from '../context.ts';
import type { SealedBody } from './outbox.ts';

/** After a temporary failure the next attempt waits 30 s, doubling each time, at most 1 h. */
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * A mail the relay has kept refusing for this long is given up, with the last reason: three
 * days, the life of a temporary password, after which the mail would be of no use.
 */
const GIVE_UP_AFTER_MS = 72 * 60 * 60_000;

/** The longest the relay's reply is kept in `lastError`. */
const REASON_LENGTH = 500;

export interface MailWorkerOptions {
  smtpUrl: string;
  /** How often to look for due mails when the last pass found none. Default 1 s. */
  pollIntervalMs?: number;
  /** Mails claimed per pass. Default 20. */
  batchSize?: number;
  /**
   * How long a claimed mail belongs to this worker. Default 10 min, well above the time a
   * batch can take with the SMTP timeouts below, so that no other worker claims a mail
   * still being sent; after a crash, the mails become due again when it runs out.
   */
  leaseMs?: number;
}

interface ClaimedMail {
  id: string;
  dedupeKey: string;
  recipient: string;
  template: string;
  subject: string;
  body: string | null;
  attempts: number;
  createdAt: string;
}

/** What became of one attempt: sent, to try again later, or refused for good. */
type Outcome =
  | { kind: 'sent' }
  | { kind: 'deferred'; reason: string; code: string | undefined }
  | { kind: 'failed'; reason: string; code: string | undefined };

/**
 * Sends the outbox through SMTP. Any number of workers may run against one database: each
 * claims due mails for a lease, sends them, and records the outcome. A worker killed between
 * the relay's acceptance and the record sends that mail again after the lease; its
 * Message-ID, derived from the dedupe key, lets the receiver recognise the duplicate.
 */
export class MailWorker {
  private readonly transport: Transporter;
  private readonly log: Logger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly messageIdDomain: string;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly ctx: AppContext,
    options: MailWorkerOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.log = ctx.logger.child({ component: 'mail-worker' });
    this.messageIdDomain = addressDomain(ctx.config.mailFrom) ?? ctx.config.publicUrl.hostname;
    this.transport = nodemailer.createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      // Mail content is built by the templates; never let it pull in files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  /** Polls every pollIntervalMs, and at once again while passes find full batches. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight, so that its outcomes are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
    this.transport.close();
  }

  /** Claims due mails, sends them, records each outcome; returns how many it attempted. */
  runOnce(): Promise<number> {
    this.pass ??= this.sendDueMails().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(async () => {
      let attempted = 0;
      try {
        attempted = await this.runOnce();
      } catch (error) {
        this.log.error({ err: error }, 'mail worker pass failed');
      }
      if (!this.stopped) this.schedule(attempted >= this.batchSize ? 0 : this.pollIntervalMs);
    }, delayMs);
  }

  private async sendDueMails(): Promise<number> {
    const mails = await this.claim();
    await Promise.all(mails.map((mail) => this.deliver(mail)));
    return mails.length;
  }

  /**
   * One statement both picks and claims, so no other worker can claim the same mail in
   * between; on PostgreSQL, SKIP LOCKED lets concurrent workers pass over each other's rows
   * instead of waiting for them.
   */
  private async claim(): Promise<ClaimedMail[]> {
    const now = this.ctx.clock.now();
    const nowIso = now.toISOString();

    let due = this.ctx.db
      .selectFrom('outboxMails')
      .select('id')
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', nowIso)
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', nowIso)]))
      .orderBy('nextAttemptAt')
      .limit(this.batchSize);
    if (this.ctx.dialect === 'postgres') due = due.forUpdate().skipLocked();

    return this.ctx.db
      .updateTable('outboxMails')
      .set({ claimedUntil: isoAfter(now, this.leaseMs) })
      .where('id', 'in', due)
      .returning([
        'id',
        'dedupeKey',
        'recipient',
        'template',
        'subject',
        'body',
        'attempts',
        'createdAt',
      ])
      .execute();
  }

  private async deliver(mail: ClaimedMail): Promise<void> {
    const outcome = await this.send(mail);
    const recorded = await this.record(mail, outcome);

    const fields = { mailId: mail.id, template: mail.template, attempts: mail.attempts + 1 };
    if (recorded.kind === 'sent') {
      this.log.info(fields, 'mail sent');
    } else if (recorded.kind === 'deferred') {
      this.log.warn({ ...fields, smtpError: recorded.code }, 'mail deferred');
    } else {
      this.log.error({ ...fields, smtpError: recorded.code }, 'mail failed');
    }
  }

  private async send(mail: ClaimedMail): Promise<Outcome> {
    const text = this.openBody(mail.body);
    if (text === undefined) {
      return {
        kind: 'failed',
        reason: 'the body cannot be opened with SECRET_KEY',
        code: undefined,
      };
    }

    try {
      await this.transport.sendMail({
        from: this.ctx.config.mailFrom,
        to: mail.recipient,
        subject: mail.subject,
        text,
        messageId: `<${createHash('sha256').update(mail.dedupeKey).digest('hex').slice(0, 40)}@${this.messageIdDomain}>`,
      });
      return { kind: 'sent' };
    } catch (error) {
      return classify(error);
    }
  }

  private openBody(sealed: string | null): string | undefined {
    if (sealed === null) return undefined;
    try {
      return (JSON.parse(this.ctx.secretBox.open(sealed)) as SealedBody).text;
    } catch {
      return undefined;
    }
  }

  /** Writes the outcome; a mail refused for too long becomes failed. Returns what it wrote. */
  private async record(mail: ClaimedMail, outcome: Outcome): Promise<Outcome> {
    const now = this.ctx.clock.now();
    const attempts = mail.attempts + 1;
    const row = this.ctx.db
      .updateTable('outboxMails')
      .where('id', '=', mail.id)
      .where('status', '=', 'pending');

    if (outcome.kind === 'sent') {
      await row
        .set({
          status: 'sent',
          sentAt: now.toISOString(),
          body: null,
          claimedUntil: null,
          attempts,
        })
        .execute();
      return outcome;
    }

    const givenUp = now.getTime() - Date.parse(mail.createdAt) >= GIVE_UP_AFTER_MS;
    if (outcome.kind === 'failed' || givenUp) {
      const reason =
        outcome.kind === 'failed'
          ? outcome.reason
          : `given up after ${attempts} attempts: ${outcome.reason}`;
      await row
        .set({ status: 'failed', lastError: reason, claimedUntil: null, attempts })
        .execute();
      return { kind: 'failed', reason, code: outcome.code };
    }

    await row
      .set({
        nextAttemptAt: isoAfter(now, retryDelayMs(attempts)),
        lastError: outcome.reason,
        claimedUntil: null,
        attempts,
      })
      .execute();
    return outcome;
  }
}

/** 30 s after the first failed attempt, doubling after each further one, at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * A 5xx reply to this mail's envelope or content is final. Everything else is temporary:
 * 4xx replies, a relay out of reach, and refusals of the connection itself (a 5xx greeting,
 * failed authentication), which are the relay's or the configuration's problem, not the
 * mail's, and clear up once fixed.
 */
function classify(error: unknown): Outcome {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const reason = (
    failure.response ?? `${failure.code ?? 'Error'}: ${failure.message ?? String(error)}`
  )
    .replace(/\s+/g, ' ')
    .slice(0, REASON_LENGTH);
  const code = failure.responseCode ? `${failure.code} ${failure.responseCode}` : failure.code;
  const aboutThisMail = failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE';
  if (aboutThisMail && failure.responseCode !== undefined && failure.responseCode >= 500) {
    return { kind: 'failed', reason, code };
  }
  return { kind: 'deferred', reason, code };
}

/** The domain of `Name <user@domain>` or `user@domain`. */
function addressDomain(address: string): string | undefined {
  return /@([^\s<>@]+)>?\s*$/.exec(address)?.[1];
}
