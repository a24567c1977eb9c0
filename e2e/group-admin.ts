import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/*
 * What the account settings specs share: a group administrator of their own, added by the
 * operator's command line so that these specs do not depend on what other specs did to the
 * demo administrator; the built-in mailbox; the independent TOTP tools.
 */

const DEMO_CLIENT_NUMBER = 'CL00001';

/** Adds a group administrator to Demo Company with `mailroom admin add`, as the operator. */
export function addGroupAdministrator(email: string, name: string): void {
  const dataDir = process.env.MAILROOM_E2E_DATA_DIR;
  if (!dataDir) throw new Error('MAILROOM_E2E_DATA_DIR is set by playwright.config.ts');
  execFileSync(
    'node',
    [
      ...['--import', 'tsx', 'src/cli/main.ts', 'admin', 'add', DEMO_CLIENT_NUMBER],
      ...['--email', email, '--name', name, '--time-zone', 'Asia/Tokyo'],
    ],
    {
      // The same embedded setup as the server playwright.config.ts starts.
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        SMTP_URL: '',
        SECRET_KEY: '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
      },
      input: '',
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
}

/**
 * The newest temporary password mailed to `email`, read on the mailbox page. With `unlike`,
 * waits for a newer mail than the one that gave that password.
 */
export async function readTemporaryPassword(
  page: Page,
  email: string,
  unlike?: string,
): Promise<string> {
  let password = '';
  await expect(async () => {
    await page.goto('/mailbox');
    const mail = page.getByRole('link').filter({ hasText: email }).first();
    await expect(mail).toBeVisible({ timeout: 2_000 });
    await mail.click();
    const text = (await page.locator('pre').textContent({ timeout: 5_000 })) ?? '';
    password = /(?:Temporary password|仮パスワード): (\S+)/.exec(text)?.[1] ?? '';
    expect(password).not.toBe('');
    expect(password).not.toBe(unlike);
  }).toPass({ timeout: 30_000 });
  return password;
}

/** Signs in with a temporary password and chooses `newPassword`; ends on the next stage. */
export async function signInFirstTime(
  page: Page,
  email: string,
  temporaryPassword: string,
  newPassword: string,
): Promise<void> {
  await signIn(page, email, temporaryPassword);
  await expect(page).toHaveURL(/\/sign-in\/new-password$/);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** Fills and sends the sign-in form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new group administrator of Demo Company, signed in with an own password on `page`. */
export async function signInAsNewGroupAdministrator(
  page: Page,
  email: string,
  password: string,
): Promise<void> {
  addGroupAdministrator(email, 'Account Administrator');
  const temporaryPassword = await readTemporaryPassword(page, email);
  await signInFirstTime(page, email, temporaryPassword, password);
  await expect(page).toHaveURL(/\/$/);
}

/** The `otpauth://` URI of a QR code on screen, read by zbarimg, not by Mailroom's code. */
export async function decodeQrCode(qrCode: Locator, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await qrCode.screenshot({ path });
  return new URL(execFileSync('zbarimg', ['--raw', '-q', path], { encoding: 'utf8' }).trim());
}

/** The current code of a base32 `secret`, computed by Debian's oathtool. */
export function oathtool(secret: string): string {
  return execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
}

/**
 * A screenshot attached to the report and kept in the test's results folder; given a
 * `readmeName`, UPDATE_README_SCREENSHOTS=1 also writes it to docs/screenshots.
 */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  readmeName?: string,
): Promise<void> {
  const png = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body: png, contentType: 'image/png' });
  writeFileSync(testInfo.outputPath(`${name}.png`), png);
  if (readmeName && process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync('docs/screenshots', { recursive: true });
    writeFileSync(`docs/screenshots/${readmeName}.png`, png);
  }
}
