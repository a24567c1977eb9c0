import { execFileSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { elementPng, keepScreenshot } from './screenshots.ts';
import { adminSessionFile } from './session-file.ts';

/*
 * The first hour of the demo group administrator, in a real browser against the real app:
 * temporary password from the built-in mailbox, own password, two-factor authentication set
 * up from the QR code (read and computed by tools independent of Mailroom), sign-in with a
 * code, and the whole console switching to Japanese.
 */

const ADMIN_EMAIL = 'admin@demo.example';
const NEW_PASSWORD = 'quiet harbour lanterns 4821';
const TOTP_STEP_MS = 30_000;

test('the demo group administrator signs in, sets up two-factor authentication and switches to Japanese', async ({
  page,
}, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      cspViolations.push(message.text());
    }
  });

  let temporaryPassword = '';
  await test.step('1. the temporary password arrives in the built-in mailbox', async () => {
    await page.goto('/mailbox');
    await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
    // The mail worker sends it shortly after start; the mailbox page polls for new mail.
    const mail = page.getByRole('link').filter({ hasText: ADMIN_EMAIL }).first();
    await expect(mail).toBeVisible({ timeout: 30_000 });
    await mail.click();

    const text = await page.locator('pre').textContent({ timeout: 10_000 });
    temporaryPassword = /Temporary password: (\S+)/.exec(text ?? '')?.[1] ?? '';
    expect(temporaryPassword, 'the mail text gives the temporary password').not.toBe('');
    await keepScreenshot(page, testInfo, 'mailbox');
  });

  await test.step('2. signing in with it asks for an own password first', async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(temporaryPassword);
    await keepScreenshot(page, testInfo, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/sign-in\/new-password$/);
    await expect(page.getByText('From 12 to 128 characters')).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  await test.step('3. two-factor authentication is switched on in the profile', async () => {
    await openFromAccountMenu(page, 'Profile');
    await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    await expect(page.getByTestId('totp-status')).toHaveText('Off');

    await page.getByRole('button', { name: 'Switch on' }).click();
    await expect(page.getByTestId('totp-status')).toHaveText('On, not set up yet');
    await expect(page.getByText('At your next sign-in you will scan a QR code')).toBeVisible();
    await keepScreenshot(page, testInfo, 'profile');

    await openFromAccountMenu(page, 'Sign out');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  let secret = '';
  let lastCodeStep = 0;
  await test.step('4. the next sign-in shows a QR code that sets up an authenticator', async () => {
    await signInWithPassword(page);
    await expect(page).toHaveURL(/\/sign-in\/totp-setup$/);

    const qrCode = page.getByRole('img', { name: /QR code/ });
    await expect(qrCode).toBeVisible();
    const qrPng = await elementPng(qrCode, testInfo, 'qr');
    const uri = execFileSync('zbarimg', ['--raw', '-q', qrPng], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const otpauth = new URL(uri);
    expect(otpauth.protocol).toBe('otpauth:');
    expect(otpauth.host).toBe('totp');
    expect(decodeURIComponent(otpauth.pathname)).toContain(ADMIN_EMAIL);

    secret = otpauth.searchParams.get('secret') ?? '';
    const shownKey = (await page.getByTestId('secret-key').textContent()) ?? '';
    expect(shownKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(shownKey.replaceAll(' ', '')).toBe(secret);
    await keepScreenshot(page, testInfo, 'totp-setup');

    lastCodeStep = currentStep();
    await page.getByLabel('6-digit code from the app').fill(oathtool(secret));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText('Group administrator').first()).toBeVisible();
    await expect(page.getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(.+\)/)).toBeVisible();
    await keepScreenshot(page, testInfo, 'home');
  });

  await test.step('5. signing in again takes the password and a fresh code', async () => {
    await openFromAccountMenu(page, 'Sign out');
    await expect(page).toHaveURL(/\/sign-in$/);

    await signInWithPassword(page);
    await expect(page).toHaveURL(/\/sign-in\/totp$/);
    const code = page.getByLabel('Code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');

    // A code is accepted once: the one of step 4 would be refused, so wait for the next.
    await waitForStepAfter(lastCodeStep);
    await code.fill(oathtool(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();
  });

  await test.step('6. choosing 日本語 and a time zone in the profile switches the whole console', async () => {
    await page.goto('/profile');
    // The time-zone list is searched by typing, as in any zone of GET /api/meta.
    await page.getByRole('combobox', { name: 'Time zone' }).fill('new york');
    await page.getByRole('option', { name: /America\/New York/ }).click();
    await page.getByText('日本語', { exact: true }).click();
    await expect(page.getByRole('radio', { name: '日本語' })).toBeChecked();
    await page.getByRole('button', { name: 'Save' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'プロフィール' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '個人設定' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '二要素認証' })).toBeVisible();
    await expect(page.getByText('プロフィールを保存しました。')).toBeVisible();
    await expect(page.getByTestId('totp-status')).toHaveText('有効');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await keepScreenshot(page, testInfo, 'profile-ja');

    await page.getByRole('button', { name: /グループ管理者/ }).click();
    await expect(page.getByRole('menuitem', { name: 'プロフィール' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'アカウント設定' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: 'ログアウト' })).toBeVisible();
    await page.keyboard.press('Escape');

    await page
      .getByRole('link', { name: /ホーム|Mailroom/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 1, name: /^ようこそ、/ })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '組織' })).toBeVisible();
    await expect(page.getByText('お客様番号')).toBeVisible();
    await expect(page.getByText('最終ログイン日時')).toBeVisible();
    await expect(
      page.getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（America\/New_York）/),
    ).toBeVisible();
  });

  await page.context().storageState({ path: adminSessionFile() });
  expect(cspViolations).toEqual([]);
});

async function openFromAccountMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: /Group administrator/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function signInWithPassword(page: Page): Promise<void> {
  await page.getByLabel('Email address').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The current code of `secret`, computed by Debian's oathtool, not by Mailroom's code. */
function oathtool(secret: string): string {
  return execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
}

function currentStep(): number {
  return Math.floor(Date.now() / TOTP_STEP_MS);
}

async function waitForStepAfter(step: number): Promise<void> {
  const wait = (step + 1) * TOTP_STEP_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 250));
}
