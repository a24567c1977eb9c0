import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything Mailroom reads from its environment, checked once at start. */
export interface Config {
  production: boolean;
  host: string;
  port: number;
  publicUrl: URL;
  dataDir: string;
  /** `postgres://...` or the path of the embedded SQLite file. */
  database: { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };
  /** An SMTP relay, or the built-in mailbox when none is configured (never in production). */
  smtp: { kind: 'relay'; url: string } | { kind: 'mailbox'; port: number };
  mailFrom: string;
  /** 32 bytes that encrypt TOTP secrets and queued mail bodies at rest. */
  secretKey: Buffer;
  serviceName: string;
  supportEmail: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  temporaryPasswordHours: number;
  signInRateLimitPerMinute: number;
  trustProxy: boolean;
  demoData: boolean;
  logLevel: string;
}

/** A bad setting: the message names the variable and what it expects, on one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(`${variable}: expected ${expected}${got === undefined ? '' : `, got "${got}"`}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads the configuration. With no variables at all this is the embedded setup: SQLite and
 * a secret key under DATA_DIR, the built-in mailbox and demo data. NODE_ENV=production
 * refuses every embedded default that would be unsafe on a real server.
 */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR || './data');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || (production ? '0.0.0.0' : '127.0.0.1');

  const publicUrl = url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']);
  if (production && !env.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL', 'the https:// address users sign in at', undefined);
  }

  const database = env.DATABASE_URL
    ? databaseFromUrl(env.DATABASE_URL)
    : { kind: 'sqlite' as const, path: join(dataDir, 'mailroom.db') };

  let smtp: Config['smtp'];
  if (env.SMTP_URL) {
    smtp = { kind: 'relay', url: url(env, 'SMTP_URL', '', ['smtp:', 'smtps:']).href };
  } else if (production) {
    throw new ConfigError('SMTP_URL', 'an smtp:// or smtps:// relay in production', undefined);
  } else {
    smtp = { kind: 'mailbox', port: integer(env, 'MAILBOX_SMTP_PORT', 0, 0, 65535) };
  }

  return {
    production,
    host,
    port,
    publicUrl,
    dataDir,
    database,
    smtp,
    mailFrom: env.MAIL_FROM || `Mailroom <no-reply@${publicUrl.hostname}>`,
    secretKey: secretKey(env, production, dataDir),
    serviceName: env.SERVICE_NAME || 'Mailroom',
    supportEmail: email(env, 'SUPPORT_EMAIL', production ? undefined : 'support@mailroom.test'),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    temporaryPasswordHours: integer(env, 'TEMPORARY_PASSWORD_HOURS', 72, 1, 24 * 30),
    signInRateLimitPerMinute: integer(env, 'SIGN_IN_RATE_LIMIT', 20, 1, 100_000),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    demoData: boolean(env, 'DEMO_DATA', !production),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'true or false', raw);
}

function oneOf(env: Env, name: string, fallback: string, allowed: string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): URL {
  const raw = env[name] || fallback;
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!parsed || !protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}//`, raw);
  }
  return parsed;
}

function email(env: Env, name: string, fallback: string | undefined): string {
  const raw = env[name] || fallback;
  if (raw === undefined || !/^[^\s@]+@[^\s@]+$/.test(raw)) {
    throw new ConfigError(name, 'an email address', env[name]);
  }
  return raw;
}

function databaseFromUrl(raw: string): Config['database'] {
  if (/^postgres(ql)?:\/\//.test(raw) && URL.canParse(raw)) return { kind: 'postgres', url: raw };
  if (raw.startsWith('sqlite:'))
    return { kind: 'sqlite', path: resolve(raw.slice('sqlite:'.length)) };
  throw new ConfigError('DATABASE_URL', 'postgres://user@host/db or sqlite:path/to/file.db', raw);
}

/**
 * SECRET_KEY is 32 bytes in base64. The embedded setup makes one in DATA_DIR on first start,
 * so that a restart can still read the secrets it encrypted; production must be given one.
 */
function secretKey(env: Env, production: boolean, dataDir: string): Buffer {
  const raw = env.SECRET_KEY;
  if (raw) {
    const key = Buffer.from(raw, 'base64');
    if (key.length !== 32) {
      throw new ConfigError(
        'SECRET_KEY',
        '32 bytes in base64 (openssl rand -base64 32)',
        '(hidden)',
      );
    }
    return key;
  }
  if (production) {
    throw new ConfigError('SECRET_KEY', '32 bytes in base64 (openssl rand -base64 32)', undefined);
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
