import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  decodeQrCode,
  oathtool,
  readTemporaryPassword,
  screenshot,
  signIn,
  signInAsNewGroupAdministrator,
  signInFirstTime,
} from './group-admin.ts';

/*
 * The account settings of a group administrator, in a real browser against the real app:
 * an account is added, signs in and sets up its authenticator in a second browser, gets a
 * new OTP key, is locked out of its open session, and is deleted after a wrong password.
 */

const NEW_USER = 'new.user@demo.example';
const USER_PASSWORD = 'paper lantern orchard 2648';

test('a group administrator adds an account, reissues its OTP key, locks it and deletes it', async ({
  page,
  browser,
}, testInfo) => {
  const adminPassword = 'copper kettle meadow 7315';

  await test.step('1. a group administrator opens account settings from the menu', async () => {
    await signInAsNewGroupAdministrator(page, 'accounts.admin@demo.example', adminPassword);
    await page.getByRole('button', { name: /Group administrator/ }).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Account settings' })).toBeVisible();
    await expect(accountRow(page, 'sato@demo.example')).toContainText('Service user');
    await expect(accountRow(page, 'suzuki@demo.example')).toContainText('Accountant');
    // Group administrators are the operator's business: never in the list.
    await expect(page.getByRole('grid')).not.toContainText('admin@demo.example');
    await screenshot(page, testInfo, '1-account-list', 'accounts');
  });

  await test.step('2. the add dialog offers what the role and plan allow', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: 'English' })).toBeChecked();
    // Demo Company is on Pro with the virus check option: offered to a service user, off.
    await expect(dialog.getByRole('switch', { name: 'Virus check' })).not.toBeChecked();

    await dialog.getByLabel('Email address').fill('sato@demo.example');
    await dialog.getByLabel('Name').fill('New User');
    await dialog.getByText('日本語', { exact: true }).click();
    await dialog.getByText('Two-factor authentication', { exact: true }).click();
    await dialog.getByText('Delivery report', { exact: true }).click();
    await expect(dialog.getByRole('switch', { name: 'Delivery report' })).toBeChecked();

    await chooseRole(page, 'Accountant');
    await expect(dialog.getByRole('switch', { name: 'Delivery report' })).toHaveCount(0);
    await expect(dialog.getByRole('switch', { name: 'Virus check' })).toHaveCount(0);
    await expect(dialog.getByText('The delivery report was turned off')).toBeVisible();
    await chooseRole(page, 'Service user');
    await expect(dialog.getByRole('switch', { name: 'Delivery report' })).not.toBeChecked();
    await screenshot(page, testInfo, '2-add-dialog', 'account-dialog');
  });

  await test.step('3. a taken email is named in the dialog, which keeps what was typed', async () => {
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await dialog.getByRole('button', { name: 'Add account' }).click();

    await expect(dialog.getByText('This email address is already used.')).toBeVisible();
    await expect(dialog.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Name')).toHaveValue('New User');
    await expect(dialog.getByRole('radio', { name: '日本語' })).toBeChecked();
    await screenshot(page, testInfo, '3-add-refused');

    await dialog.getByLabel('Email address').fill(NEW_USER);
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`${NEW_USER} was added.`)).toBeVisible();
    const row = accountRow(page, NEW_USER);
    await expect(row).toContainText('New User');
    await expect(row).toContainText('日本語');
    await expect(row).toContainText('On, not set up yet');
    await screenshot(page, testInfo, '3-account-added');
  });

  await test.step('4. the CSV file of the list holds the new account', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;

    expect(file.suggestedFilename()).toBe('accounts.csv');
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.startsWith('\uFEFFEmail,Name,Role')).toBe(true);
    expect(csv).toContain(`${NEW_USER},New User,Service user,Japanese,UTC`);
  });

  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  let firstSecret = '';
  await test.step('5. the new account signs in and sets up its authenticator', async () => {
    const temporaryPassword = await readTemporaryPassword(user, NEW_USER);
    await signInFirstTime(user, NEW_USER, temporaryPassword, USER_PASSWORD);

    await expect(user).toHaveURL(/\/sign-in\/totp-setup$/);
    firstSecret = await setUpAuthenticator(user, testInfo, 'qr-first');
    // The console speaks the language the administrator chose for the account.
    await expect(
      user.getByRole('heading', { level: 1, name: /^ようこそ、New User/ }),
    ).toBeVisible();
    await screenshot(user, testInfo, '5-new-account-home');
    await page.reload();
    await expect(cell(page, NEW_USER, 'lastSignIn')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await expect(cell(page, NEW_USER, 'totp')).toHaveText('On');
  });

  await test.step('6. a reissued OTP key shows the account a new QR code', async () => {
    await openAccount(page, NEW_USER);
    const dialog = page.getByRole('dialog', { name: `Edit ${NEW_USER}` });
    await dialog.getByRole('button', { name: 'Reissue the OTP key' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Reissue the OTP key of ${NEW_USER}?` });
    await screenshot(page, testInfo, '6-reissue-confirm');
    await confirm.getByRole('button', { name: 'Reissue the OTP key' }).click();
    await expect(confirm).toBeHidden();
    await expect(dialog.getByText('The OTP key was reissued.')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(cell(page, NEW_USER, 'totp')).toHaveText('On, not set up yet');

    // The old authenticator's session is over; the next sign-in starts with a new key.
    await user.reload();
    await expect(user).toHaveURL(/\/sign-in$/);
    await signIn(user, NEW_USER, USER_PASSWORD);
    await expect(user).toHaveURL(/\/sign-in\/totp-setup$/);
    const secondSecret = await setUpAuthenticator(user, testInfo, 'qr-second');
    expect(secondSecret).not.toBe(firstSecret);
    await expect(user.getByRole('heading', { level: 1, name: /^ようこそ、/ })).toBeVisible();
  });

  await test.step('7. locking the account throws its open session out', async () => {
    await openAccount(page, NEW_USER);
    const dialog = page.getByRole('dialog', { name: `Edit ${NEW_USER}` });
    await dialog.getByText('Lock this account').click();
    await expect(dialog.getByRole('checkbox', { name: 'Lock this account' })).toBeChecked();
    await screenshot(page, testInfo, '7-lock');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(cell(page, NEW_USER, 'locked')).toHaveText('Locked');

    await user.goto('/profile');
    await expect(user).toHaveURL(/\/sign-in$/);
    expect((await user.request.get('/api/profile')).status()).toBe(401);
    await signIn(user, NEW_USER, USER_PASSWORD);
    await expect(user.getByText('This account is locked.')).toBeVisible();
    await screenshot(user, testInfo, '7-locked-sign-in');
    await userContext.close();
  });

  await test.step('8. deleting asks for the administrator’s password, and a wrong one deletes nothing', async () => {
    await page.getByRole('button', { name: `Delete ${NEW_USER}` }).click();
    const confirm = page.getByRole('alertdialog', { name: `Delete ${NEW_USER}?` });
    await confirm.getByLabel('Your password').fill('not my password at all');
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await expect(confirm.getByText('The password is wrong.')).toBeVisible();
    await screenshot(page, testInfo, '8-delete-wrong-password');
    await page.keyboard.press('Escape');
    await page.reload();
    await expect(accountRow(page, NEW_USER)).toBeVisible();

    await page.getByRole('button', { name: `Delete ${NEW_USER}` }).click();
    await confirm.getByLabel('Your password').fill(adminPassword);
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`${NEW_USER} was deleted.`)).toBeVisible();
    await expect(accountRow(page, NEW_USER)).toHaveCount(0);
    await screenshot(page, testInfo, '8-deleted');
  });

  await test.step('9. the audit trail tells who did what to the account', async () => {
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('textbox', { name: 'Account' }).fill(NEW_USER);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/account=new.user%40demo.example/);

    const table = page.getByRole('table');
    for (const action of [
      'Account added',
      'OTP key reissued',
      'Account locked',
      'Account deleted',
    ]) {
      const row = table
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: action, exact: true }) });
      await expect(row.first()).toContainText('accounts.admin@demo.example');
    }
    await screenshot(page, testInfo, '9-audit-trail');
  });
});

test('issuing a temporary password shows it once at the top of the screen and mails it', async ({
  page,
}, testInfo) => {
  const jones = 'jones@demo.example';
  await signInAsNewGroupAdministrator(
    page,
    'password.admin@demo.example',
    'amber canal willow 5920',
  );
  await page.goto('/accounts');

  await openAccount(page, jones);
  await page.getByRole('button', { name: 'Issue a temporary password' }).click();
  const confirm = page.getByRole('alertdialog', {
    name: `Issue a temporary password for ${jones}?`,
  });
  await confirm.getByRole('button', { name: 'Issue a temporary password' }).click();

  await expect(page.getByRole('dialog')).toHaveCount(0);
  const shown = (await page.getByTestId('temporary-password').textContent()) ?? '';
  expect(shown).toMatch(/^\S{12,}$/);
  await expect(page.getByText(`Temporary password for ${jones}:`)).toBeVisible();
  await screenshot(page, testInfo, 'temporary-password-banner');

  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('temporary-password')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(page.getByText(shown)).toHaveCount(0);

  await expect(async () => {
    expect(await readTemporaryPassword(page, jones)).toBe(shown);
  }).toPass({ timeout: 30_000 });
});

test('other roles are told account settings are not for them, and the server refuses them', async ({
  page,
}, testInfo) => {
  const miller = 'miller@demo.example';
  await signInFirstTime(
    page,
    miller,
    await readTemporaryPassword(page, miller),
    'velvet thunder garden 3184',
  );
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole('button', { name: /Report viewer/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Profile' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Account settings' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await page.goto('/accounts');
  await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
  await expect(
    page.getByText('Only group administrators can open account settings.'),
  ).toBeVisible();
  expect((await page.request.get('/api/accounts')).status()).toBe(403);
  await screenshot(page, testInfo, 'not-allowed');
});

function accountRow(page: Page, email: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });
}

/** The columns after the email, in the order of the list. */
const COLUMNS = [
  'name',
  'role',
  'language',
  'timeZone',
  'totp',
  'deliveryReport',
  'virusAlert',
  'locked',
  'lastSignIn',
] as const;

function cell(page: Page, email: string, column: (typeof COLUMNS)[number]) {
  return accountRow(page, email).getByRole('gridcell').nth(COLUMNS.indexOf(column));
}

async function openAccount(page: Page, email: string): Promise<void> {
  await page.getByRole('rowheader', { name: email }).click();
  await expect(page.getByRole('dialog', { name: `Edit ${email}` })).toBeVisible();
}

async function chooseRole(page: Page, role: string): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: /Role/ }).click();
  await page.getByRole('option', { name: role }).click();
}

/** Reads the QR code, enters the code of its key and gives the key. */
async function setUpAuthenticator(
  user: Page,
  testInfo: Parameters<typeof decodeQrCode>[1],
  name: string,
): Promise<string> {
  const uri = await decodeQrCode(user.getByRole('img', { name: /QR code/ }), testInfo, name);
  expect(uri.protocol).toBe('otpauth:');
  expect(decodeURIComponent(uri.pathname)).toContain(NEW_USER);
  const secret = uri.searchParams.get('secret') ?? '';
  await screenshot(user, testInfo, `5-${name}`);
  await user.getByLabel('6-digit code from the app').fill(oathtool(secret));
  await user.getByRole('button', { name: 'Confirm and sign in' }).click();
  return secret;
}
