import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * Paths pino censors wherever they appear in a log line: credentials in request bodies,
 * cookies and session headers. Routes log ids, never these values, but this is the net.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.temporaryPassword',
  '*.code',
  '*.secret',
  '*.token',
  '*.totpSecret',
];

/** One structured JSON line per event, secrets censored. */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'mailroom' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
