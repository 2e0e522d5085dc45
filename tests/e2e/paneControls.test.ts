import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connect, goTo, pane, row, shoot } from './ui.ts';
import { useWorld } from './world.ts';

/**
 * The pane's controls as a commander user drives them: arrows with Shift and Ctrl, F5, the
 * hidden-files switch, sorting by every column, the breadcrumb, up and back, the menu on
 * empty space, and (standing in for Windows) the drive picker.
 */
const world = useWorld({ tag: 'pane', connectEach: true });
let serial = 0;

const DAY_S = 24 * 60 * 60;

/** A server folder with files of known sizes, dates and modes, plus a dot file and a folder. */
function serverFolder(): string {
  serial += 1;
  const dir = join(world.sshd.root, `pane-${serial}`, 'Reports');
  mkdirSync(join(dir, 'Archive'), { recursive: true });
  const files: Array<[string, number, number, number]> = [
    ['budget.xlsx', 300, 3, 0o644],
    ['forecast.csv', 10, 1, 0o600],
    ['payroll.csv', 20, 2, 0o640],
    ['.settings', 1, 4, 0o644],
  ];
  const base = Date.now() / 1000 - 100 * DAY_S;
  for (const [name, size, days, mode] of files) {
    writeFileSync(join(dir, name), 'x'.repeat(size), { mode });
    utimesSync(join(dir, name), base + days * DAY_S, base + days * DAY_S);
  }
  return dir;
}

const names = (page: Page, side: 'local' | 'remote') =>
  pane(page, side)
    .locator('[data-testid=file-row]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));

const selected = (page: Page, side: 'local' | 'remote') =>
  pane(page, side)
    .locator('[data-testid=file-row][aria-selected=true]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));

describe('pane controls', () => {
  it('selects with the arrows, Shift and Ctrl, and refreshes with F5', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    await goTo(page, 'remote', dir);
    expect(await names(page, 'remote')).toEqual([
      'Archive',
      'budget.xlsx',
      'forecast.csv',
      'payroll.csv',
    ]);

    await row(page, 'remote', 'Archive').click();
    await page.keyboard.press('ArrowDown');
    expect(await selected(page, 'remote')).toEqual(['budget.xlsx']);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selected(page, 'remote')).toEqual(['budget.xlsx', 'forecast.csv', 'payroll.csv']);
    await page.keyboard.press('Shift+ArrowUp');
    expect(await selected(page, 'remote')).toEqual(['budget.xlsx', 'forecast.csv']);
    await row(page, 'remote', 'Archive').click({ modifiers: ['Control'] });
    await row(page, 'remote', 'budget.xlsx').click({ modifiers: ['Control'] });
    expect(await selected(page, 'remote')).toEqual(['Archive', 'forecast.csv']);
    const status = pane(page, 'remote').locator('[data-testid=pane-status]');
    expect(await status.textContent()).toContain('2 selected');
    await page.keyboard.press('ArrowUp');
    expect(await selected(page, 'remote')).toEqual(['Archive']);

    writeFileSync(join(dir, 'arrived-later.csv'), 'new');
    await page.keyboard.press('F5');
    await row(page, 'remote', 'arrived-later.csv').waitFor();
    expect(await selected(page, 'remote')).toEqual(['Archive']);
  });

  it('shows dot files on request and sorts by every column, both ways', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    await goTo(page, 'remote', dir);
    const hidden = pane(page, 'remote').locator('[data-testid=pane-hidden]');
    expect(await hidden.getAttribute('aria-pressed')).toBe('false');
    await hidden.click();
    await row(page, 'remote', '.settings').waitFor();
    expect(await hidden.getAttribute('aria-pressed')).toBe('true');

    // Folders stay first whatever the order.
    const sortBy = async (column: string): Promise<unknown> => {
      await pane(page, 'remote').locator(`[data-testid=sort-${column}]`).click();
      return names(page, 'remote');
    };
    const files = ['.settings', 'budget.xlsx', 'forecast.csv', 'payroll.csv'];
    expect(await names(page, 'remote')).toEqual(['Archive', ...files]);
    expect(await sortBy('name')).toEqual(['Archive', ...[...files].reverse()]);
    const bySize = ['.settings', 'forecast.csv', 'payroll.csv', 'budget.xlsx'];
    expect(await sortBy('size')).toEqual(['Archive', ...bySize]);
    expect(await sortBy('size')).toEqual(['Archive', ...[...bySize].reverse()]);
    const byDate = ['forecast.csv', 'payroll.csv', 'budget.xlsx', '.settings'];
    expect(await sortBy('modified')).toEqual(['Archive', ...byDate]);
    expect(await sortBy('modified')).toEqual(['Archive', ...[...byDate].reverse()]);
    const byMode = await sortBy('permissions');
    expect((byMode as string[]).slice(1, 2)).toEqual(['forecast.csv']);
    await shoot(page, 'pane-sorted-hidden-shown');

    await hidden.click();
    await expect.poll(() => row(page, 'remote', '.settings').count()).toBe(0);
  });

  it('goes up, back and along the breadcrumb; the menu on empty space has New folder', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    const parent = join(dir, '..');
    await goTo(page, 'remote', dir);
    const remote = pane(page, 'remote');
    await remote.locator('[data-testid=pane-up]').click();
    await expect.poll(() => remote.getAttribute('data-path')).toBe(parent);
    await row(page, 'remote', 'Reports').and(page.locator('[aria-selected=true]')).waitFor();
    await remote.locator('[aria-label=Back]').click();
    await expect.poll(() => remote.getAttribute('data-path')).toBe(dir);

    await remote.locator('[data-testid=breadcrumbs] button', { hasText: 'root' }).click();
    await expect.poll(() => remote.getAttribute('data-path')).toBe(world.sshd.root);
    await remote.locator('[aria-label=Back]').click();
    await expect.poll(() => remote.getAttribute('data-path')).toBe(dir);

    const list = remote.locator('[data-testid=file-scroller]');
    await list.click({ button: 'right', position: { x: 150, y: 180 } });
    const menu = page.locator('[role=menu]');
    await menu.locator('[data-testid=menu-mkdir]').click();
    await page.locator('[data-testid=prompt-dialog] input').fill('2027');
    await page.locator('[data-testid=prompt-dialog] input').press('Enter');
    await row(page, 'remote', '2027').waitFor();
  });

  it('names the shortcuts in Spanish in the right-click menu', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    await goTo(page, 'remote', dir);
    await page.click('[data-testid=open-settings]');
    await page.selectOption('[data-testid=settings-language]', 'es');
    await page.locator('[data-testid=settings-dialog] .btn-primary').click();
    try {
      await row(page, 'remote', 'Archive').click({ button: 'right' });
      const menu = page.locator('[role=menu]');
      expect(await menu.locator('[data-testid=menu-open]').textContent()).toBe('AbrirIntro');
      expect(await menu.locator('[data-testid=menu-delete]').textContent()).toBe('EliminarSupr');
      await shoot(page, 'pane-menu-spanish');
      await page.keyboard.press('Escape');
    } finally {
      await page.click('[data-testid=open-settings]');
      await page.selectOption('[data-testid=settings-language]', 'en');
      await page.locator('[data-testid=settings-dialog] .btn-primary').click();
    }
  });

  it('offers the drives when there are several (C:\\, D:\\ on Windows)', async () => {
    const { page } = world.opened;
    // This machine has one root; the service is told of a second "drive" as Windows would.
    const drive = join(world.home, 'D-drive');
    mkdirSync(join(drive, 'Shared'), { recursive: true });
    world.opened.services.local.drives = async () => ['/', drive];
    await page.reload();
    await connect(page, 'Pyplan Cloud');
    const picker = pane(page, 'local').locator('.drive-picker');
    await picker.selectOption(drive);
    await expect.poll(() => pane(page, 'local').getAttribute('data-path')).toBe(drive);
    await row(page, 'local', 'Shared').waitFor();
    expect(await picker.inputValue()).toBe(drive);
    await shoot(page, 'pane-drive-picker');
  });
});
