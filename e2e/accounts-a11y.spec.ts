import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { screenshot, signInAsNewGroupAdministrator } from './group-admin.ts';

/*
 * Accessibility of the account settings screen: axe-core finds no serious or critical
 * violation on the list and its dialogs, and the whole add flow works from the keyboard.
 */

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let signedIn: Page;

test.beforeAll(async ({ browser }) => {
  // axe-core needs a page of a context of our own; the session stays for every test here.
  context = await browser.newContext();
  signedIn = await context.newPage();
  await signInAsNewGroupAdministrator(
    signedIn,
    'a11y.admin@demo.example',
    'granite orchid signal 6402',
  );
});

test.afterAll(async () => {
  await context.close();
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      where: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

test('the account list, its add and edit dialog and its delete dialog have no serious violation', async () => {
  const page = signedIn;
  const testInfo = test.info();
  await page.goto('/accounts');
  await expect(page.getByRole('rowheader', { name: 'sato@demo.example' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByRole('dialog', { name: 'Add an account' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('rowheader', { name: 'sato@demo.example' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit sato@demo.example' });
  await expect(edit).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await edit.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Delete sato@demo.example?' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, testInfo, 'delete-dialog');
});

test('Escape closes each dialog and gives focus back to what opened it', async () => {
  const page = signedIn;
  await page.goto('/accounts');
  const add = page.getByRole('button', { name: 'Add account' });
  await add.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(add).toBeFocused();

  await page.getByRole('rowheader', { name: 'jones@demo.example' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit jones@demo.example' });
  const deleteInDialog = edit.getByRole('button', { name: 'Delete' });
  await deleteInDialog.click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(edit).toBeVisible();
  await expect(deleteInDialog).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Back on the row that opened it (the table puts focus on the row or its first cell).
  const row = page.getByRole('row').filter({ hasText: 'jones@demo.example' });
  await expect
    .poll(() => row.evaluate((element) => element.contains(document.activeElement)))
    .toBe(true);
});

test('an account is added with the keyboard alone', async () => {
  const page = signedIn;
  const testInfo = test.info();
  await page.goto('/accounts');
  await expect(page.getByRole('rowheader', { name: 'sato@demo.example' })).toBeVisible();

  const add = page.getByRole('button', { name: 'Add account' });
  await tabUntilFocused(page, add);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add an account' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Email address')).toBeFocused();

  await page.keyboard.type('keyboard.user@demo.example');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard User');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: /Role/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: /Role/ })).toContainText('Report viewer');
  await expect(dialog.getByRole('button', { name: /Role/ })).toBeFocused();

  const submit = dialog.getByRole('button', { name: 'Add account' });
  await tabUntilFocused(page, submit);
  await screenshot(page, testInfo, 'keyboard-add');
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  const row = page.getByRole('row').filter({ hasText: 'keyboard.user@demo.example' });
  await expect(row).toContainText('Keyboard User');
  await expect(row).toContainText('Report viewer');
});

/** Presses Tab until `target` has focus, as a keyboard user would, within a sane limit. */
async function tabUntilFocused(page: Page, target: ReturnType<Page['getByRole']>): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
