import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connect, goTo, pane, row, shoot } from './ui.ts';
import { freshFolders, useWorld } from './world.ts';

/**
 * The pane's controls as a commander user drives them: arrows with Shift and Ctrl, Space and
 * Enter, F5, the hidden-files switch, sorting by every column, the breadcrumb and typed paths,
 * up and back, the menu on empty space, and (standing in for Windows) the drive picker.
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

/** What the page's elements tell of their size (the DOM types are not in this project). */
interface Box {
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  parentElement: Box;
}

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

  it('keeps the selection while Ctrl+arrows move the cursor; Space adds that row', async () => {
    const { page } = world.opened;
    serial += 1;
    const dir = join(world.home, `cursor-${serial}`);
    mkdirSync(dir);
    const files = ['big.bin', 'c1.csv', 'c2.csv', 'c3.csv', 'c4.csv', 'c5.csv', 'c6.csv'];
    for (const name of files) writeFileSync(join(dir, name), name);
    await goTo(page, 'local', dir);

    await row(page, 'local', 'big.bin').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selected(page, 'local')).toEqual(['c1.csv', 'c2.csv', 'c3.csv']);
    await page.keyboard.press('Control+ArrowDown');
    await page.keyboard.press('Control+ArrowDown');
    expect(await selected(page, 'local')).toEqual(['c1.csv', 'c2.csv', 'c3.csv']);
    const cursor = pane(page, 'local').locator('.file-row.focused');
    expect(await cursor.getAttribute('data-name')).toBe('c5.csv');
    await shoot(page, 'pane-ctrl-cursor');
    await page.keyboard.press('Space');
    expect(await selected(page, 'local')).toEqual(['c1.csv', 'c2.csv', 'c3.csv', 'c5.csv']);
    await page.keyboard.press('Control+ArrowUp');
    await page.keyboard.press('Control+Space');
    expect(await selected(page, 'local')).toEqual([
      'c1.csv',
      'c2.csv',
      'c3.csv',
      'c4.csv',
      'c5.csv',
    ]);
    await page.keyboard.press('Control+a');
    expect(await selected(page, 'local')).toEqual(files);
    expect(await cursor.getAttribute('data-name')).toBe('c4.csv');
  });

  it('transfers every selected row, folders too, with Enter', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    mkdirSync(join(local, 'Notes'));
    writeFileSync(join(local, 'Notes', 'minutes.txt'), 'approved');
    for (const name of ['feb.csv', 'jan.csv', 'mar.csv']) writeFileSync(join(local, name), name);
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();

    await row(page, 'local', 'Notes').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selected(page, 'local')).toEqual(['Notes', 'feb.csv', 'jan.csv']);
    await page.keyboard.press('Enter');
    for (const name of ['feb.csv', 'jan.csv', 'Notes']) await row(page, 'remote', name).waitFor();
    await expect.poll(() => existsSync(join(remote, 'Notes', 'minutes.txt'))).toBe(true);
    expect(existsSync(join(remote, 'mar.csv'))).toBe(false);
    // The folder was sent, not entered.
    expect(await pane(page, 'local').getAttribute('data-path')).toBe(local);
  });

  it('says when a folder holds only hidden items, and how to show them', async () => {
    const { page } = world.opened;
    serial += 1;
    const dir = join(world.sshd.root, `hidden-${serial}`);
    mkdirSync(join(dir, '.cache'), { recursive: true });
    writeFileSync(join(dir, '.env'), 'x');
    writeFileSync(join(dir, '.profile'), 'x');
    await goTo(page, 'remote', dir);
    const note = pane(page, 'remote').locator('[data-testid=pane-all-hidden]');
    expect(await note.textContent()).toBe('3 hidden items. Show them with the eye button.');
    await shoot(page, 'pane-all-hidden');
    await pane(page, 'remote').locator('[data-testid=pane-hidden]').click();
    expect(await names(page, 'remote')).toEqual(['.cache', '.env', '.profile']);
    await pane(page, 'remote').locator('[data-testid=pane-hidden]').click();
    await pane(page, 'remote').locator('[data-testid=pane-filter]').fill('report');
    expect(await pane(page, 'remote').locator('.list-note').textContent()).toBe(
      'Nothing matches the filter.',
    );
  });

  it('opens a relative path typed in the server path bar from the folder shown', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    const parent = join(dir, '..');
    const remote = pane(page, 'remote');
    await goTo(page, 'remote', parent);
    await remote.locator('[data-testid=path-edit]').click();
    await remote.locator('[data-testid=path-input]').fill('Reports/Archive');
    await remote.locator('[data-testid=path-input]').press('Enter');
    await expect.poll(() => remote.getAttribute('data-path')).toBe(join(dir, 'Archive'));
    const crumbs = remote.locator('[data-testid=breadcrumbs] button');
    expect(await crumbs.last().textContent()).toBe('Archive');
    expect(await crumbs.nth(-2).textContent()).toBe('Reports');

    await remote.locator('[data-testid=path-edit]').click();
    await remote.locator('[data-testid=path-input]').fill('..');
    await remote.locator('[data-testid=path-input]').press('Enter');
    await expect.poll(() => remote.getAttribute('data-path')).toBe(dir);
    await remote.locator('[data-testid=pane-up]').click();
    await expect.poll(() => remote.getAttribute('data-path')).toBe(parent);
  });

  it('shows the whole drag hint under a selection at 1280×800, also in Spanish', async () => {
    const { page } = world.opened;
    const dir = serverFolder();
    await goTo(page, 'remote', dir);
    await row(page, 'remote', 'budget.xlsx').click();
    await page.keyboard.press('Shift+ArrowDown');
    const hint = pane(page, 'remote').locator('[data-testid=pane-hint]');
    // Whole: nothing of it cut off, in the hint or by the status bar around it.
    const isWhole = (): Promise<boolean> =>
      hint.evaluate((el) => {
        const cut = (box: Box): boolean =>
          box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
        const box = el as unknown as Box;
        return !cut(box) && !cut(box.parentElement);
      });
    expect(await isWhole()).toBe(true);
    await shoot(page, 'pane-hint-english');

    await page.click('[data-testid=open-settings]');
    await page.selectOption('[data-testid=settings-language]', 'es');
    await page.locator('[data-testid=settings-dialog] .btn-primary').click();
    try {
      await expect.poll(() => hint.textContent()).toContain('escritorio o a una carpeta');
      expect(await isWhole()).toBe(true);
      await shoot(page, 'pane-hint-spanish');
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
