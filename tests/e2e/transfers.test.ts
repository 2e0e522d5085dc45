import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { Result } from '../../shared/errors.ts';
import { goTo, job, pane, row, shoot } from './ui.ts';
import { freshFolders, useWorld } from './world.ts';

/**
 * Moving files as an analyst does: drag from one side to the other, drop files from the
 * desktop, watch the queue, and decide what happens when a name is taken.
 */
const world = useWorld({ tag: 'home' });

/** What Chromium hands the page for items dragged in from the desktop (names only). */
function osFiles(names: string[]) {
  return world.opened.page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const name of ${JSON.stringify(names)}) transfer.items.add(new File(['-'], name));
    return transfer;
  })()`);
}

const localEmpty = '[data-testid=pane-local] [data-testid=pane-empty]';

const rowSelector = (side: 'local' | 'remote', name: string): string =>
  `[data-testid=pane-${side}] [data-testid=file-row][data-name="${name}"]`;

async function waitDone(name: string): Promise<void> {
  await job(world.opened.page, name).and(world.opened.page.locator('[data-state=done]')).waitFor();
}

/** The queue panel is virtualised, so its rows in the page do not count the jobs: the list does. */
async function jobCount(): Promise<number> {
  const listed = (await world.opened.app.call('transfers:list')) as Result<unknown[]>;
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value.length;
}

/** Finished jobs of that name, from the list (its rows are virtualised). */
async function doneJobs(name: string): Promise<number> {
  const listed = (await world.opened.app.call('transfers:list')) as Result<
    Array<{ name: string; state: string }>
  >;
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value.filter((j) => j.name === name && j.state === 'done').length;
}

/** The conflict question's Size column: the existing item's, then the incoming one's. */
function sizeCells(dialog: Locator): Promise<string[]> {
  return dialog.locator('tbody tr td:first-of-type').allTextContents();
}

beforeEach(() => {
  world.opened.app.dialogs.answers.length = 0;
});

describe('transfers', () => {
  it('uploads a dragged file, then downloads it back by dragging', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    const body = 'month,revenue\n2024-09,1250000\n'.repeat(2000);
    writeFileSync(join(local, 'Q3 forecast.csv'), body);
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();

    await page.dragAndDrop(
      '[data-testid=pane-local] [data-testid=file-row][data-name="Q3 forecast.csv"]',
      '[data-testid=pane-remote] [data-testid=pane-empty]',
    );
    await waitDone('Q3 forecast.csv');
    await row(page, 'remote', 'Q3 forecast.csv').waitFor();
    expect(readFileSync(join(remote, 'Q3 forecast.csv'), 'utf8')).toBe(body);
    await shoot(page, 'transfers-uploaded');

    const downloads = join(local, 'downloads');
    mkdirSync(downloads);
    await goTo(page, 'local', downloads);
    await page.dragAndDrop(
      '[data-testid=pane-remote] [data-testid=file-row][data-name="Q3 forecast.csv"]',
      '[data-testid=pane-local] [data-testid=pane-empty]',
    );
    await expect.poll(() => page.locator('[data-testid=job-row][data-state=done]').count()).toBe(2);
    await row(page, 'local', 'Q3 forecast.csv').waitFor();
    expect(readFileSync(join(downloads, 'Q3 forecast.csv'), 'utf8')).toBe(body);
    await shoot(page, 'transfers-downloaded');
  });

  it('uploads a multi-selection with a folder, dropped onto a folder row', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    mkdirSync(join(local, 'Board pack'));
    writeFileSync(join(local, 'Board pack', 'minutes.txt'), 'approved');
    writeFileSync(join(local, 'Board pack', 'budget.csv'), 'a,b\n1,2\n');
    writeFileSync(join(local, 'cover.txt'), 'cover');
    mkdirSync(join(remote, 'Inbox'));
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    await row(page, 'local', 'Board pack').click();
    await row(page, 'local', 'cover.txt').click({ modifiers: ['Shift'] });
    expect(await pane(page, 'local').locator('[aria-selected=true]').count()).toBe(2);
    await page.dragAndDrop(
      '[data-testid=pane-local] [data-testid=file-row][data-name="cover.txt"]',
      '[data-testid=pane-remote] [data-testid=file-row][data-name="Inbox"]',
    );
    await waitDone('Board pack');
    await waitDone('cover.txt');
    expect(readFileSync(join(remote, 'Inbox', 'Board pack', 'minutes.txt'), 'utf8')).toBe(
      'approved',
    );
    expect(readFileSync(join(remote, 'Inbox', 'cover.txt'), 'utf8')).toBe('cover');
  });

  it('downloads a folder dragged from the server onto a local folder row', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    mkdirSync(join(remote, 'Closing 2026', 'March'), { recursive: true });
    writeFileSync(join(remote, 'Closing 2026', 'March', 'trial-balance.csv'), 'acct,dr,cr\n');
    writeFileSync(join(remote, 'Closing 2026', 'notes.txt'), 'signed off');
    mkdirSync(join(local, 'Archive'));
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    await page.dragAndDrop(rowSelector('remote', 'Closing 2026'), rowSelector('local', 'Archive'));
    await waitDone('Closing 2026');
    const landed = join(local, 'Archive', 'Closing 2026');
    expect(readFileSync(join(landed, 'March', 'trial-balance.csv'), 'utf8')).toBe('acct,dr,cr\n');
    expect(readFileSync(join(landed, 'notes.txt'), 'utf8')).toBe('signed off');
    expect(await job(page, 'Closing 2026').locator('.job-numbers').textContent()).toContain(
      '2 of 2 files',
    );
  });

  it('uploads a file dropped from the desktop', async () => {
    const { page } = world.opened;
    const { remote } = await freshFolders(world);
    const desktop = mkdtempSync(join(tmpdir(), 'pyplan-e2e-desktop-'));
    const file = join(desktop, 'from-desktop.csv');
    writeFileSync(file, 'x,y\n3,4\n');
    await world.opened.setDropPath('from-desktop.csv', file);

    // What Chromium hands the page for a file dragged in from the desktop.
    const data = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x,y\\n3,4\\n'], 'from-desktop.csv', { type: 'text/csv' }));
      return transfer;
    })()`);
    const target = '[data-testid=pane-remote] [data-testid=pane-empty]';
    await page.dispatchEvent(target, 'dragenter', { dataTransfer: data });
    await page.dispatchEvent(target, 'dragover', { dataTransfer: data });
    expect(await pane(page, 'remote').getAttribute('class')).toContain('drop-active');
    await shoot(page, 'transfers-drop-highlight');
    await page.dispatchEvent(target, 'drop', { dataTransfer: data });

    await waitDone('from-desktop.csv');
    expect(readFileSync(join(remote, 'from-desktop.csv'), 'utf8')).toBe('x,y\n3,4\n');
    rmSync(desktop, { recursive: true, force: true });
  });

  it('copies files and folders dropped from the desktop into the local folder', async () => {
    const { page } = world.opened;
    const { local } = await freshFolders(world);
    const desktop = mkdtempSync(join(tmpdir(), 'pyplan-e2e-desktop-'));
    writeFileSync(join(desktop, 'budget.csv'), 'dept,amount\nsales,10\n');
    mkdirSync(join(desktop, 'Scans', 'March'), { recursive: true });
    writeFileSync(join(desktop, 'Scans', 'March', 'receipt.txt'), 'paid');
    await world.opened.setDropPath('budget.csv', join(desktop, 'budget.csv'));
    await world.opened.setDropPath('Scans', join(desktop, 'Scans'));
    const dropped = await osFiles(['budget.csv', 'Scans']);

    const empty = '[data-testid=pane-local] [data-testid=pane-empty]';
    await page.dispatchEvent(empty, 'dragover', { dataTransfer: dropped });
    expect(await pane(page, 'local').locator('[data-testid=drop-hint]').textContent()).toContain(
      'Drop to copy into',
    );
    await shoot(page, 'transfers-local-drop-highlight');
    await page.dispatchEvent(empty, 'drop', { dataTransfer: dropped });
    await waitDone('budget.csv');
    await waitDone('Scans');
    await row(page, 'local', 'Scans').waitFor();
    expect(readFileSync(join(local, 'budget.csv'), 'utf8')).toBe('dept,amount\nsales,10\n');
    expect(readFileSync(join(local, 'Scans', 'March', 'receipt.txt'), 'utf8')).toBe('paid');
    await shoot(page, 'transfers-local-copied');

    // The same drop again: both names are taken, so the user decides; nothing is replaced
    // before that. "Keep both" for all gives the file a new name.
    writeFileSync(join(desktop, 'budget.csv'), 'dept,amount\nsales,12\n');
    const list = '[data-testid=pane-local] [data-testid=file-scroller]';
    await page.dispatchEvent(list, 'dragover', { dataTransfer: dropped });
    await page.dispatchEvent(list, 'drop', { dataTransfer: dropped });
    const dialog = page.locator('[data-testid=conflict-dialog]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('“budget.csv” already exists');
    await shoot(page, 'transfers-local-conflict');
    await dialog.locator('input[type=checkbox]').check();
    await dialog.locator('[data-testid=conflict-rename]').click();
    await row(page, 'local', 'budget (1).csv').waitFor();
    expect(readFileSync(join(local, 'budget.csv'), 'utf8')).toBe('dept,amount\nsales,10\n');
    expect(readFileSync(join(local, 'budget (1).csv'), 'utf8')).toBe('dept,amount\nsales,12\n');

    // Onto a folder row: the copy lands inside that folder.
    await page.dispatchEvent(rowSelector('local', 'Scans'), 'dragover', { dataTransfer: dropped });
    expect(await row(page, 'local', 'Scans').getAttribute('class')).toContain('drop-target');
    await page.dispatchEvent(rowSelector('local', 'Scans'), 'drop', { dataTransfer: dropped });
    await expect.poll(() => existsSync(join(local, 'Scans', 'budget.csv'))).toBe(true);
    await expect.poll(() => existsSync(join(local, 'Scans', 'Scans', 'March'))).toBe(true);

    // Dropped on the folder they are already in: refused in plain words, nothing queued.
    await goTo(page, 'local', desktop);
    const jobs = await jobCount();
    await page.dispatchEvent(list, 'dragover', { dataTransfer: dropped });
    await page.dispatchEvent(list, 'drop', { dataTransfer: dropped });
    const refusal = page.locator('.browser-error [data-testid=error-text]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('is already in this folder');
    expect(await page.locator('[data-testid=conflict-dialog]').count()).toBe(0);
    expect(await jobCount()).toBe(jobs);
    await shoot(page, 'transfers-local-same-folder');
    rmSync(desktop, { recursive: true, force: true });
  });

  it('asks before replacing a file that is already there', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    writeFileSync(join(local, 'ledger.csv'), 'new version');
    writeFileSync(join(remote, 'ledger.csv'), 'old');
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    await row(page, 'local', 'ledger.csv').dblclick();
    const dialog = page.locator('[data-testid=conflict-dialog]');
    await dialog.waitFor();
    await shoot(page, 'transfers-conflict');
    await dialog.locator('[data-testid=conflict-overwrite]').click();
    await waitDone('ledger.csv');
    expect(readFileSync(join(remote, 'ledger.csv'), 'utf8')).toBe('new version');
  });

  it('shows the file as it is now, not as the pane listed it, in both directions', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    const hoursAgo = (h: number): number => Date.now() / 1000 - h * 3600;
    writeFileSync(join(local, 'trial balance.csv'), 'x'.repeat(5000));
    utimesSync(join(local, 'trial balance.csv'), hoursAgo(3), hoursAgo(3));
    writeFileSync(join(remote, 'trial balance.csv'), 'server copy');
    utimesSync(join(remote, 'trial balance.csv'), hoursAgo(1), hoursAgo(1));
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();
    await row(page, 'local', 'trial balance.csv').waitFor();

    // Changed on disk after the pane listed it (4.9 KiB, three hours ago): now 14 B, now.
    writeFileSync(join(local, 'trial balance.csv'), 'month,total\n1\n');
    await row(page, 'local', 'trial balance.csv').dblclick();
    const dialog = page.locator('[data-testid=conflict-dialog]');
    await dialog.waitFor();
    expect(await sizeCells(dialog)).toEqual(['11 B', '14 B']);
    expect(await dialog.textContent()).toContain(
      'The file being copied is newer: “Replace if newer” will replace the one already there.',
    );
    await shoot(page, 'transfers-conflict-fresh');
    await dialog.locator('[data-testid=conflict-newer]').click();
    await waitDone('trial balance.csv');
    expect(readFileSync(join(remote, 'trial balance.csv'), 'utf8')).toBe('month,total\n1\n');

    // A download reads the server's file afresh the same way; ours is newer, so it is kept.
    writeFileSync(join(remote, 'trial balance.csv'), 'an older server copy');
    utimesSync(join(remote, 'trial balance.csv'), hoursAgo(5), hoursAgo(5));
    await page.dragAndDrop(
      rowSelector('remote', 'trial balance.csv'),
      '[data-testid=pane-local] [data-testid=file-scroller]',
    );
    await dialog.waitFor();
    expect(await sizeCells(dialog)).toEqual(['14 B', '20 B']);
    expect(await dialog.textContent()).toContain(
      'is not newer: “Replace if newer” will keep the one already there.',
    );
    await dialog.locator('[data-testid=conflict-newer]').click();
    await expect.poll(() => doneJobs('trial balance.csv')).toBe(2);
    expect(readFileSync(join(local, 'trial balance.csv'), 'utf8')).toBe('month,total\n1\n');
  });

  it('explains that Replace merges a folder that is already there', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    mkdirSync(join(local, 'Audit pack'));
    writeFileSync(join(local, 'Audit pack', 'minutes.txt'), 'approved');
    writeFileSync(join(local, 'Audit pack', 'budget.csv'), 'a,b\n1,2\n');
    mkdirSync(join(remote, 'Audit pack'));
    writeFileSync(join(remote, 'Audit pack', 'minutes.txt'), 'draft');
    writeFileSync(join(remote, 'Audit pack', 'agenda.txt'), 'kept');
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    // A folder's own size means nothing: the status bar counts it without one.
    await row(page, 'local', 'Audit pack').click();
    const selected = pane(page, 'local').locator('[data-testid=pane-status] span', {
      hasText: 'selected',
    });
    expect(await selected.textContent()).toBe('1 selected');
    await shoot(page, 'transfers-folder-selected');

    await page.dragAndDrop(
      rowSelector('local', 'Audit pack'),
      '[data-testid=pane-remote] [data-testid=file-scroller]',
    );
    const dialog = page.locator('[data-testid=conflict-dialog]');
    await dialog.waitFor();
    expect(await sizeCells(dialog)).toEqual(['Folder', 'Folder']);
    expect(await dialog.locator('[data-testid=conflict-newer-hint]').count()).toBe(0);
    expect(await dialog.textContent()).not.toContain('The file being copied is');
    const help = dialog.locator('[data-testid=conflict-folder-help] li');
    expect(await help.allTextContents()).toEqual([
      '“Replace” merges the folders: files of the same name are replaced, the others are kept.',
      '“Replace if newer” merges them too, but replaces a file only where the one being' +
        ' copied is newer.',
      '“Keep both” merges them too, and saves each file of the same name under a new name' +
        ' beside the old one.',
      '“Skip” leaves this folder as it is: nothing from it is copied.',
    ]);
    await shoot(page, 'transfers-conflict-folder');
    await dialog.locator('[data-testid=conflict-overwrite]').click();
    await waitDone('Audit pack');
    expect(readFileSync(join(remote, 'Audit pack', 'minutes.txt'), 'utf8')).toBe('approved');
    expect(readFileSync(join(remote, 'Audit pack', 'budget.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(join(remote, 'Audit pack', 'agenda.txt'), 'utf8')).toBe('kept');
  });

  it('keeps both files and says the name the new one was saved as', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    writeFileSync(join(local, 'cashflow.csv'), 'new version');
    writeFileSync(join(remote, 'cashflow.csv'), 'old');
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    await row(page, 'local', 'cashflow.csv').dblclick();
    await page.locator('[data-testid=conflict-rename]').click();
    await waitDone('cashflow.csv');
    expect(readFileSync(join(remote, 'cashflow.csv'), 'utf8')).toBe('old');
    expect(readFileSync(join(remote, 'cashflow (1).csv'), 'utf8')).toBe('new version');
    const savedAs = job(page, 'cashflow.csv').locator('[data-testid=job-saved-as]');
    expect(await savedAs.textContent()).toBe('saved as cashflow (1).csv');
    await row(page, 'remote', 'cashflow (1).csv').waitFor();
    await shoot(page, 'transfers-kept-both');
  });

  it('says why a transfer failed, retries it, and notifies when hidden', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    const source = join(local, 'payroll.csv');
    writeFileSync(source, 'id,amount\n');
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await row(page, 'local', 'payroll.csv').waitFor();
    rmSync(source);

    await row(page, 'local', 'payroll.csv').dblclick();
    const failed = job(page, 'payroll.csv').and(page.locator('[data-state=failed]'));
    await failed.waitFor();
    expect(await failed.locator('[data-testid=error-text]').textContent()).toContain(
      'does not exist on this computer',
    );
    await failed.locator('summary').click();
    expect(await failed.locator('dt').first().textContent()).toBe('Error code');
    expect(await failed.locator('dd').first().textContent()).toBe('LOCAL_NOT_FOUND');
    await shoot(page, 'transfers-failed');

    // The window goes to the background; the retried batch ends while nobody looks.
    await page.evaluate(`(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      window.__notes = [];
      window.Notification = class {
        static permission = 'granted';
        constructor(title, options) { window.__notes.push({ title, body: options.body }); }
      };
    })()`);
    writeFileSync(source, 'id,amount\n7,100\n');
    await failed.locator('[data-testid=job-retry]').click();
    await waitDone('payroll.csv');
    expect(readFileSync(join(remote, 'payroll.csv'), 'utf8')).toBe('id,amount\n7,100\n');
    await expect
      .poll(() => page.evaluate('window.__notes'))
      .toEqual([{ title: 'Transfers finished', body: '1 done' }]);
  });

  it('pauses and resumes a transfer from the queue, under a speed limit', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    const body = randomBytes(3 * 1024 * 1024);
    writeFileSync(join(local, 'archive.bin'), body);
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    const limit = page.locator('[data-testid=queue-speed-limit]');
    await limit.selectOption(String(1024 * 1024));
    try {
      await row(page, 'local', 'archive.bin').dblclick();
      const running = job(page, 'archive.bin').and(page.locator('[data-state=running]'));
      await running.locator('[data-testid=job-pause]').click();
      const paused = job(page, 'archive.bin').and(page.locator('[data-state=paused]'));
      await paused.waitFor();
      await shoot(page, 'transfers-paused');
      expect(existsSync(join(remote, 'archive.bin'))).toBe(false);

      // 200% zoom of a 1280×800 window leaves 640×400 CSS pixels: the queue must still fit.
      await page.setViewportSize({ width: 640, height: 400 });
      await shoot(page, 'transfers-zoom-200');
      const header = page.locator('.queue-header');
      expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      const clear = await page.locator('[data-testid=queue-clear]').boundingBox();
      expect((clear?.x ?? 640) + (clear?.width ?? 0)).toBeLessThanOrEqual(640);
      await page.setViewportSize({ width: 1280, height: 800 });
    } finally {
      await limit.selectOption('0');
    }
    await job(page, 'archive.bin').locator('[data-testid=job-resume]').click();
    await waitDone('archive.bin');
    expect(readFileSync(join(remote, 'archive.bin')).equals(body)).toBe(true);
  });

  it('hands remote files and folders to the desktop when dragged with Alt', async () => {
    const { page } = world.opened;
    const { remote } = await freshFolders(world);
    writeFileSync(join(remote, 'statement.pdf'), '%PDF-1.4 test');
    writeFileSync(join(remote, 'notes.txt'), 'call the bank');
    mkdirSync(join(remote, 'Invoices', '2026'), { recursive: true });
    writeFileSync(join(remote, 'Invoices', '2026', 'inv-001.csv'), 'id,total\n1,99\n');
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();
    await row(page, 'remote', 'statement.pdf').waitFor();

    // One file first, as before.
    const before = world.opened.drags.length;
    const jobs = await jobCount();
    await page.keyboard.down('Alt');
    await page.dragAndDrop(rowSelector('remote', 'statement.pdf'), localEmpty);
    await page.keyboard.up('Alt');
    await expect.poll(() => world.opened.drags.length).toBe(before + 1);
    const [single] = world.opened.drags.at(-1) ?? [];
    expect(single).toMatch(/statement\.pdf$/);
    expect(readFileSync(single ?? '', 'utf8')).toBe('%PDF-1.4 test');

    // A selection with a folder: one OS drag of every item, each complete.
    await row(page, 'remote', 'Invoices').click();
    await row(page, 'remote', 'statement.pdf').click({ modifiers: ['Shift'] });
    expect(await pane(page, 'remote').locator('[aria-selected=true]').count()).toBe(3);
    await page.keyboard.down('Alt');
    await page.dragAndDrop(rowSelector('remote', 'notes.txt'), localEmpty);
    await page.keyboard.up('Alt');
    await expect.poll(() => world.opened.drags.length).toBe(before + 2);
    const handed = world.opened.drags.at(-1) ?? [];
    expect(handed.map((p) => basename(p))).toEqual(['Invoices', 'notes.txt', 'statement.pdf']);
    const [folder, notes] = handed as [string, string, string];
    expect(readFileSync(join(folder, '2026', 'inv-001.csv'), 'utf8')).toBe('id,total\n1,99\n');
    expect(readFileSync(notes, 'utf8')).toBe('call the bank');
    // Handed to the OS, not queued as downloads into the local pane.
    expect(await jobCount()).toBe(jobs);
  });
});
