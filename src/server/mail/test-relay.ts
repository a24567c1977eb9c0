import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the relay received it: the SMTP envelope and the parsed message. */
export interface RelayedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  message: ParsedMail;
  receivedAt: number;
}

export interface TestRelay {
  url: string;
  port: number;
  received: RelayedMail[];
  /** Answers RCPT TO with this reply from now on, e.g. `550 5.1.1 no such user`; null accepts. */
  replyToRecipients(reply: string | null): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on the loopback interface, standing in for the operator's relay in tests
 * and benchmarks: it accepts everything unless told to refuse, and keeps what it received.
 */
export async function startTestRelay(
  options: { port?: number; onReceived?: (mail: RelayedMail) => void } = {},
): Promise<TestRelay> {
  const received: RelayedMail[] = [];
  let recipientReply: string | null = null;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onRcptTo(_address, _session, callback) {
      if (recipientReply === null) return callback();
      const refusal = new Error(recipientReply.replace(/^\d{3}\s*/, '')) as Error & {
        responseCode: number;
      };
      refusal.responseCode = Number(recipientReply.slice(0, 3));
      callback(refusal);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((message) => {
          const mail: RelayedMail = {
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            message,
            receivedAt: Date.now(),
          };
          received.push(mail);
          options.onReceived?.(mail);
          callback();
        })
        .catch(callback);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    replyToRecipients(reply) {
      recipientReply = reply;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (it was free a moment ago), for a relay that is down. */
export async function unusedPort(): Promise<number> {
  const relay = await startTestRelay();
  await relay.close();
  return relay.port;
}
