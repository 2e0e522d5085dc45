import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './harness.ts';

/** Helpers the renderer flows share: screenshots in both themes and common locators. */

export const E2E_ARTIFACTS = join(ARTIFACTS, 'e2e');

/** Saves `<name>-light.png` and `<name>-dark.png`, then leaves the page in light mode. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe(scheme);
    await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export const pane = (page: Page, side: 'local' | 'remote'): Locator =>
  page.locator(`[data-testid=pane-${side}]`);

export const row = (page: Page, side: 'local' | 'remote', name: string): Locator =>
  pane(page, side).locator(`[data-testid=file-row][data-name="${name}"]`);

export const job = (page: Page, name: string): Locator =>
  page.locator(`[data-testid=job-row][data-name="${name}"]`);

/** Clicks the saved connection on the server side and waits for its listing. */
export async function connect(page: Page, profileName: string): Promise<void> {
  await page.locator('[data-testid=site-card]', { hasText: profileName }).click();
  await pane(page, 'remote').locator('[data-testid=pane-status]').waitFor();
}

/** Types a path into a pane's path bar and waits until the pane shows it. */
export async function goTo(page: Page, side: 'local' | 'remote', path: string): Promise<void> {
  await pane(page, side).locator('[data-testid=path-edit]').click();
  const input = pane(page, side).locator('[data-testid=path-input]');
  await input.fill(path);
  await input.press('Enter');
  await expect.poll(() => pane(page, side).getAttribute('data-path')).toBe(path);
  await pane(page, side)
    .locator('[data-testid=pane-status], [data-testid=pane-empty]')
    .first()
    .waitFor();
}
