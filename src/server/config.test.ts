import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://console.example.com',
  SMTP_URL: 'smtp://relay.example.com:587',
  SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  SUPPORT_EMAIL: 'support@example.com',
  DATABASE_URL: 'postgres://mailroom@db.example.com/mailroom',
};

describe('configuration', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs embedded with no variables: SQLite, the built-in mailbox, demo data, a generated key', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });

    expect(config.database).toEqual({ kind: 'sqlite', path: join(dir, 'mailroom.db') });
    expect(config.smtp).toEqual({ kind: 'mailbox', port: 0 });
    expect(config.demoData).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.secretKey).toHaveLength(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('keeps the generated secret key across restarts', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).secretKey;
    const second = loadConfig({ DATA_DIR: dir }).secretKey;

    expect(second.equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8'), 'base64').equals(first)).toBe(
      true,
    );
  });

  it('accepts a complete production configuration without demo data or mailbox', () => {
    const config = loadConfig({ ...PRODUCTION, DATA_DIR: dataDir() });

    expect(config.production).toBe(true);
    expect(config.demoData).toBe(false);
    expect(config.smtp).toEqual({ kind: 'relay', url: 'smtp://relay.example.com:587' });
    expect(config.database.kind).toBe('postgres');
  });

  it.each([
    ['SECRET_KEY', 'SECRET_KEY: expected 32 bytes in base64'],
    ['SMTP_URL', 'SMTP_URL: expected an smtp:// or smtps:// relay in production'],
    ['PUBLIC_URL', 'PUBLIC_URL: expected the https:// address users sign in at'],
    ['SUPPORT_EMAIL', 'SUPPORT_EMAIL: expected an email address'],
  ])('refuses to start in production without %s', (variable, message) => {
    const env: Record<string, string> = { ...PRODUCTION, DATA_DIR: dataDir() };
    delete env[variable];

    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: expected an integer from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT: expected an integer from 0 to 65535, got "70000"'],
    [{ DATABASE_URL: 'mysql://db/mailroom' }, 'DATABASE_URL: expected postgres://'],
    [{ SMTP_URL: 'http://relay' }, 'SMTP_URL: expected a URL starting with smtp: or smtps:'],
    [{ SECRET_KEY: 'c2hvcnQ=' }, 'SECRET_KEY: expected 32 bytes in base64'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES: expected an integer from 1'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA: expected true or false, got "maybe"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of'],
  ])('names the variable and what it expects for %o', (env, message) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), ...env });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never prints a bad secret key back', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), SECRET_KEY: 'dG9vIHNob3J0' })).toThrow(
      'got "(hidden)"',
    );
  });
});
