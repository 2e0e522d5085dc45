import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRandomFile } from '../helpers/files.ts';
import { job, pane, row, shoot } from './ui.ts';
import { freshFolders, useWorld } from './world.ts';

/**
 * What the user sees while files are on their way: an Alt-drag's copies being prepared (with
 * Cancel and Esc), and a download whose link dropped reconnecting by itself.
 */
const world = useWorld({ tag: 'linkdrops' });
const MiB = 1024 * 1024;

/** The app-wide speed limit, as Settings or the queue's menu set it. */
async function limitTo(bytesPerSecond: number): Promise<void> {
  await world.opened.app.call('settings:update', { bandwidthLimit: bytesPerSecond });
}

describe('while files are on their way', () => {
  it('shows an Alt-drag’s copies being prepared, and Esc stops them', async () => {
    const { page } = world.opened;
    const { remote } = await freshFolders(world);
    writeRandomFile(join(remote, 'archive.bin'), 16 * MiB);
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();
    await row(page, 'remote', 'archive.bin').click();
    // Where the user meets it: with a remote selection, the status line says what Alt does.
    expect(await pane(page, 'remote').locator('[data-testid=pane-hint]').textContent()).toBe(
      'Hold Alt while dragging to copy to the desktop or a folder',
    );
    await limitTo(MiB);

    const before = world.opened.drags.length;
    await page.keyboard.down('Alt');
    await page.dragAndDrop(
      '[data-testid=pane-remote] [data-testid=file-row][data-name="archive.bin"]',
      '[data-testid=pane-local] [data-testid=pane-empty]',
    );
    await page.keyboard.up('Alt');
    const toast = page.locator('[data-testid=drag-out-toast]');
    await toast.waitFor();
    expect(await toast.textContent()).toContain('Preparing 1 item for dragging…');
    await expect
      .poll(() => toast.locator('[data-testid=drag-out-bytes]').textContent())
      .toMatch(/ of 16(\.0)? MB$/);
    await shoot(page, 'drag-out-preparing');

    await page.keyboard.press('Escape');
    await toast.waitFor({ state: 'detached' });
    // Cancelled: nothing handed to the OS, no copy left, and no error shown for it.
    expect(world.opened.drags.length).toBe(before);
    expect(readdirSync(join(world.opened.app.dataDir, '..', 'tmp'))).toEqual([]);
    expect(await page.locator('.browser-error').count()).toBe(0);
    await limitTo(0);
  });

  it('says a download is reconnecting when the link drops, without contradicting it', async () => {
    const { page } = world.opened;
    const { local, remote } = await freshFolders(world);
    writeRandomFile(join(remote, 'ledger.bin'), 12 * MiB);
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();
    await limitTo(2 * MiB);
    await row(page, 'remote', 'ledger.bin').dblclick();
    const row_ = job(page, 'ledger.bin');
    const state = row_.locator('[data-testid=job-state]');
    await expect.poll(() => state.textContent()).toBe('Downloading');

    // The server stops answering new connections for a while, then the links drop: the job
    // is left reconnecting until the server is back.
    const { sshd } = world;
    process.kill(sshd.listenerPid, 'SIGSTOP');
    try {
      expect(sshd.dropConnections()).toBeGreaterThanOrEqual(2);
      await expect.poll(() => state.textContent()).toBe('Reconnecting…');
      expect(await row_.locator('[data-testid=job-reconnecting]').textContent()).toContain(
        'Reconnecting by itself',
      );
      // No stale speed or time left while nothing moves.
      expect(await row_.locator('.job-numbers').textContent()).not.toMatch(/\/s|left/);
      await expect
        .poll(() => page.locator('[data-testid=status-chip]').textContent())
        .toBe('Connection lost — transfers reconnecting');
      await shoot(page, 'job-reconnecting');
    } finally {
      process.kill(sshd.listenerPid, 'SIGCONT');
    }

    await row_.and(page.locator('[data-state=done]')).waitFor();
    expect(
      readFileSync(join(local, 'ledger.bin')).equals(readFileSync(join(remote, 'ledger.bin'))),
    ).toBe(true);
    await limitTo(0);
  });
});
