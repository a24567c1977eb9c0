import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { adminSessionFile } from './session-file.ts';

/*
 * Automated accessibility checks (axe-core, WCAG rules) on the screen everyone sees first and
 * on the screen with the most controls. The profile check reuses the session the foundation
 * test ends with.
 */

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

test('the sign-in page has no serious or critical accessibility violation', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  expect(await seriousViolations(page)).toEqual([]);
});

test.describe('signed in', () => {
  test.use({ storageState: adminSessionFile() });

  test('the profile page has no serious or critical accessibility violation', async ({ page }) => {
    await page.goto('/profile');
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();

    expect(await seriousViolations(page)).toEqual([]);
  });
});
