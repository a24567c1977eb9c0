import { expect } from 'vitest';
import type { App } from '../app.ts';
import type { TestAccount } from '../testing/fixtures.ts';
import { TestBrowser } from '../testing/harness.ts';

/**
 * A browser signed in as `account` through the real sign-in endpoint, in `language`. Tests
 * of the account settings screen act through it exactly as a group administrator would.
 */
export async function signedIn(
  app: App,
  account: TestAccount,
  language = 'en',
): Promise<TestBrowser> {
  const browser = new TestBrowser(app, language);
  const response = await browser.post('/api/auth/sign-in', {
    email: account.email,
    password: account.password,
  });
  expect(response.json()).toEqual({ stage: 'active' });
  return browser;
}

/** A valid body of `POST /api/accounts`, for a new address each call. */
export function newAccountBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  newAccountNumber += 1;
  return {
    email: `added${newAccountNumber}-${Date.now()}@example.com`,
    name: `Added ${newAccountNumber}`,
    role: 'service_user',
    language: 'en',
    timeZone: 'UTC',
    ...overrides,
  };
}
let newAccountNumber = 0;
