import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { connect, goTo, job, pane, row, shoot } from './ui.ts';
import { useWorld } from './world.ts';

/**
 * The window at 200% zoom (a 1280×800 window leaves 640×400 CSS pixels), in English and in
 * Spanish: with a transfer in the queue the panes still show rows, the header and the list
 * of connections keep their text readable, and nothing runs off the window.
 */
const ZOOMED = { width: 640, height: 400 };
const world = useWorld({ tag: 'zoom', profile: 'Pyplan Cloud (month-end close)' });

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('not on screen');
  return found;
}

/** Rows of a pane's list that are entirely inside its scroller, below the column header. */
async function wholeRows(page: Page, side: 'local' | 'remote'): Promise<number> {
  const scroller = await box(pane(page, side).locator('[data-testid=file-scroller]'));
  const header = await box(pane(page, side).locator('.file-header'));
  const rows = await pane(page, side).locator('[data-testid=file-row]').all();
  let whole = 0;
  for (const item of rows) {
    const r = await box(item);
    if (r.y >= header.y + header.height - 1 && r.y + r.height <= scroller.y + scroller.height) {
      whole += 1;
    }
  }
  return whole;
}

async function language(page: Page, code: 'en' | 'es'): Promise<void> {
  await page.click('[data-testid=open-settings]');
  await page.selectOption('[data-testid=settings-language]', code);
  await page.locator('[data-testid=settings-dialog] .btn-primary').click();
}

describe('200% zoom', () => {
  it('keeps rows, the queue and every label in view, in English and Spanish', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'Cierre de mes');
    mkdirSync(local);
    for (const name of ['balance.xlsx', 'flujo.csv', 'ventas.csv', 'notas.txt']) {
      writeFileSync(join(local, name), name);
    }
    await page.reload();
    await connect(page, 'Pyplan Cloud (month-end close)');
    await goTo(page, 'local', local);
    await row(page, 'local', 'balance.xlsx').dblclick();
    await job(page, 'balance.xlsx').and(page.locator('[data-state=done]')).waitFor();
    await page.setViewportSize(ZOOMED);

    for (const code of ['en', 'es'] as const) {
      await language(page, code);
      await page.click('[data-testid=nav-files]');
      expect(await wholeRows(page, 'local')).toBeGreaterThanOrEqual(2);
      const queued = await box(job(page, 'balance.xlsx').locator('.job-name'));
      expect(queued.y + queued.height).toBeLessThanOrEqual(ZOOMED.height);
      const chip = await box(page.locator('[data-testid=status-chip]'));
      const gear = await box(page.locator('[data-testid=open-settings]'));
      expect(chip.x + chip.width).toBeLessThanOrEqual(gear.x);
      await shoot(page, `zoom-200-files-${code}`);

      await page.click('[data-testid=nav-connections]');
      const item = page.locator('[data-testid=profile-list] li').first();
      const name = await box(item.locator('.profile-name'));
      const connectButton = await box(item.locator('.btn'));
      expect(name.width).toBeGreaterThan(120);
      const apart =
        connectButton.y >= name.y + name.height || connectButton.x >= name.x + name.width;
      expect(apart).toBe(true);
      await shoot(page, `zoom-200-connections-${code}`);
    }
    await language(page, 'en');
  });
});
