import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.ts';
import type { AppContext } from './context.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { createAccount, createOrganization, DEFAULT_TEST_PASSWORD } from './testing/fixtures.ts';
import { createTestApp, TEST_DATABASES, type TestApp, TestBrowser } from './testing/harness.ts';

/*
 * Several instances behind a load balancer share nothing but the database: a session
 * started on one instance is known to the others, and ended everywhere when it ends.
 */
describe.runIf(TEST_DATABASES.includes('postgres'))(
  'two instances on one PostgreSQL database',
  () => {
    let first: TestApp;
    let secondHandle: DatabaseHandle;
    let second: App;

    beforeAll(async () => {
      first = await createTestApp('postgres');
      secondHandle = openDatabase(first.database);
      const ctx: AppContext = {
        ...first.ctx,
        db: secondHandle.db,
        logger: pino({ level: 'silent' }),
      };
      second = await buildApp(ctx);
      await second.ready();
    });
    afterAll(async () => {
      await second.close();
      await secondHandle.close();
      await first.close();
    });

    const onSecond = (method: 'GET' | 'POST', url: string, cookie: string) =>
      second.inject({
        method,
        url,
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
        ...(method === 'POST' && { payload: {} }),
      });

    it('serves on one instance the session started on the other, and ends it on both', async () => {
      const organization = await createOrganization(first.ctx);
      const account = await createAccount(first.ctx, { organizationId: organization.id });
      const browser = new TestBrowser(first.app);
      const signIn = await browser.post('/api/auth/sign-in', {
        email: account.email,
        password: DEFAULT_TEST_PASSWORD,
      });
      expect(signIn.json()).toEqual({ stage: 'active' });
      const cookie = `mailroom_session=${browser.cookie('mailroom_session')}`;

      const profile = await onSecond('GET', '/api/profile', cookie);
      expect(profile.statusCode).toBe(200);
      expect(profile.json().email).toBe(account.email);

      expect((await onSecond('POST', '/api/auth/sign-out', cookie)).statusCode).toBe(204);
      expect((await browser.get('/api/profile')).statusCode).toBe(401);
    });

    it('reports not ready when its database does not answer, and ready again through the other', async () => {
      const unreachable = openDatabase({
        kind: 'postgres',
        url: 'postgres://postgres@127.0.0.1:1/none',
      });
      const orphan = await buildApp({
        ...first.ctx,
        db: unreachable.db,
        logger: pino({ level: 'silent' }),
      });
      try {
        expect((await orphan.inject({ url: '/readyz' })).statusCode).toBe(503);
        expect((await orphan.inject({ url: '/healthz' })).statusCode).toBe(200);
        expect((await second.inject({ url: '/readyz' })).statusCode).toBe(200);
      } finally {
        await orphan.close();
        await unreachable.close();
      }
    });
  },
);
