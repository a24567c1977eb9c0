import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator, Page, TestInfo } from '@playwright/test';

/**
 * Takes a screenshot of the page, attaches it to the report and keeps it in the test's
 * results folder; with UPDATE_README_SCREENSHOTS=1 it also replaces docs/screenshots/<name>.png.
 */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const png = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body: png, contentType: 'image/png' });
  writeFileSync(testInfo.outputPath(`${name}.png`), png);
  if (process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync('docs/screenshots', { recursive: true });
    writeFileSync(`docs/screenshots/${name}.png`, png);
  }
}

/** Saves one element as a PNG in the test's results folder and gives its path. */
export async function elementPng(
  locator: Locator,
  testInfo: TestInfo,
  name: string,
): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await locator.screenshot({ path });
  return path;
}
