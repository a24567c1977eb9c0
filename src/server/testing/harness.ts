import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { type App, buildApp } from '../app.ts';
import type { Clock } from '../clock.ts';
import { type Config, loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { SecretBox } from '../crypto.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * The databases the integration suites run on: SQLite always, PostgreSQL when the test
 * command found one (it sets MAILROOM_TEST_POSTGRES_URL, or says why it skipped it).
 */
export const TEST_DATABASES: Array<'sqlite' | 'postgres'> = process.env.MAILROOM_TEST_POSTGRES_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private current: number;

  constructor(start = Date.parse('2026-12-03T08:00:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

export interface TestContext {
  ctx: AppContext;
  clock: TestClock;
  /** The database's connection URL (PostgreSQL) or file path (SQLite), for a second instance. */
  database: Config['database'];
  close(): Promise<void>;
}

/**
 * A migrated, empty database of the given kind with a context around it. Each call gets a
 * database of its own (a new PostgreSQL database, a new SQLite file), so suites can run
 * side by side.
 */
export async function createTestContext(
  kind: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestContext> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mailroom-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    SIGN_IN_RATE_LIMIT: '10000',
    LOG_LEVEL: process.env.MAILROOM_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });

  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const adminUrl = process.env.MAILROOM_TEST_POSTGRES_URL;
    if (!adminUrl) throw new Error('MAILROOM_TEST_POSTGRES_URL is not set');
    const name = `mailroom_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`create database ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    config.database = { kind: 'postgres', url: url.href };
    dropDatabase = () =>
      withAdminClient(adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
  } else {
    config.database = { kind: 'sqlite', path: join(dataDir, 'mailroom.db') };
  }

  const handle = openDatabase(config.database);
  await migrateToLatest(handle.db);
  const clock = new TestClock();
  const ctx: AppContext = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    clock,
    secretBox: new SecretBox(config.secretKey),
    logger: pino({ level: config.logLevel }),
  };
  return {
    ctx,
    clock,
    database: config.database,
    async close() {
      await handle.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdminClient(
  url: string,
  run: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

export interface TestApp extends TestContext {
  app: App;
}

/** A test context with the HTTP app built on it (requests go through `app.inject`). */
export async function createTestApp(
  kind: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestApp> {
  const context = await createTestContext(kind, env);
  const app = await buildApp(context.ctx);
  await app.ready();
  return {
    ...context,
    app,
    async close() {
      await app.close();
      await context.close();
    },
  };
}

/**
 * A browser-like client for `app.inject`: keeps the session cookie between requests and
 * sends the same-origin headers a browser sends, so tests exercise the real CSRF check.
 */
export class TestBrowser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly language = 'en',
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        'accept-language': this.language,
        'sec-fetch-site': 'same-origin',
        ...(this.cookies.size > 0 && {
          cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        }),
        ...headers,
      },
      ...(body !== undefined && { payload: body as object }),
    });
    for (const cookie of response.cookies as Array<{
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const cleared =
        cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }

  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }

  delete(url: string, body?: unknown) {
    return this.request('DELETE', url, body);
  }

  /** The session cookie's value, to replay it from another client. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
