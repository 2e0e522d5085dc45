import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { goTo, job, pane, row, shoot } from './ui.ts';
import { useWorld } from './world.ts';

/**
 * The queue panel's own controls: what to do with each name already taken (skip, replace if
 * newer, for all the rest at once), cancelling a file on its way, clearing what finished,
 * and a system notification only when the window is not in front.
 */
const world = useWorld({ tag: 'queue', connectEach: true });
let serial = 0;

beforeEach(() => {
  serial += 1;
});

async function folders(): Promise<{ local: string; remote: string }> {
  const local = join(world.home, `q-${serial}`);
  const remote = join(world.sshd.root, `q-${serial}`);
  mkdirSync(local);
  mkdirSync(remote);
  await goTo(world.opened.page, 'local', local);
  await goTo(world.opened.page, 'remote', remote);
  return { local, remote };
}

async function jobsListed(): Promise<Array<{ name: string; state: string }>> {
  const listed = (await world.opened.app.call('transfers:list')) as Result<
    Array<{ name: string; state: string }>
  >;
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
}

const DAY_S = 24 * 60 * 60;

/** Records notifications the page shows, and whether it claims to be hidden or focused. */
async function watchNotifications(state: { hidden: boolean; focused: boolean }): Promise<void> {
  await world.opened.page.evaluate(`(() => {
    const state = ${JSON.stringify(state)};
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state.hidden });
    document.hasFocus = () => state.focused;
    window.__notes = [];
    window.Notification = class {
      static permission = 'granted';
      constructor(title, options) { window.__notes.push({ title, body: options.body }); }
    };
  })()`);
}

describe('the queue panel', () => {
  it('skips one taken name, then replaces the rest only where they are newer', async () => {
    const { page } = world.opened;
    const { local, remote } = await folders();
    const now = Date.now() / 1000;
    for (const name of ['april.csv', 'may.csv', 'june.csv']) {
      writeFileSync(join(local, name), `new ${name}`);
      writeFileSync(join(remote, name), `old ${name}`);
    }
    // may.csv on the server was changed after ours; june.csv long before.
    utimesSync(join(remote, 'may.csv'), now + DAY_S, now + DAY_S);
    utimesSync(join(remote, 'june.csv'), now - 30 * DAY_S, now - 30 * DAY_S);
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await pane(page, 'remote').locator('[data-testid=pane-refresh]').click();

    await row(page, 'local', 'april.csv').click();
    await page.keyboard.press('Shift+End');
    await page.dragAndDrop(
      '[data-testid=pane-local] [data-testid=file-row][data-name="june.csv"]',
      '[data-testid=pane-remote] [data-testid=file-scroller]',
    );
    const dialog = page.locator('[data-testid=conflict-dialog]');
    await expect.poll(() => dialog.locator('p').first().textContent()).toContain('april.csv');
    expect(await dialog.textContent()).toContain('Do the same for the other 2 conflicts');
    await dialog.locator('[data-testid=conflict-skip]').click();

    await expect.poll(() => dialog.locator('p').first().textContent()).toContain('june.csv');
    expect(await dialog.textContent()).toContain(
      'The file being copied is newer: “Replace if newer” will replace the one already there.',
    );
    expect(await dialog.textContent()).toContain('Do the same for the other conflict');
    await dialog.locator('input[type=checkbox]').check();
    // The five choices fit on one line of the footer.
    const tops = await dialog
      .locator('.dialog-actions .btn')
      .evaluateAll((els) => [
        ...new Set(els.map((el) => Math.round(el.getBoundingClientRect().top))),
      ]);
    expect(tops).toHaveLength(1);
    await shoot(page, 'queue-conflict-apply-all');
    await dialog.locator('[data-testid=conflict-newer]').click();
    await dialog.waitFor({ state: 'detached' });

    await job(page, 'june.csv').and(page.locator('[data-state=done]')).waitFor();
    await job(page, 'may.csv').and(page.locator('[data-state=done]')).waitFor();
    expect(readFileSync(join(remote, 'april.csv'), 'utf8')).toBe('old april.csv');
    expect(readFileSync(join(remote, 'may.csv'), 'utf8')).toBe('old may.csv');
    expect(readFileSync(join(remote, 'june.csv'), 'utf8')).toBe('new june.csv');
    expect(await job(page, 'may.csv').locator('[data-testid=job-notes]').textContent()).toContain(
      '1 file was already there and was kept.',
    );
    expect(await job(page, 'april.csv').count()).toBe(0);
  });

  it('cancels a file on its way, then clears the finished jobs', async () => {
    const { page } = world.opened;
    const { local, remote } = await folders();
    writeFileSync(join(local, 'archive.bin'), randomBytes(5 * 1024 * 1024));
    writeFileSync(join(local, 'small.txt'), 'small');
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();
    await row(page, 'local', 'small.txt').dblclick();
    await job(page, 'small.txt').and(page.locator('[data-state=done]')).waitFor();

    // A speed limit keeps the big file in flight until the cancel lands.
    const limit = page.locator('[data-testid=queue-speed-limit]');
    await limit.selectOption(String(1024 * 1024));
    try {
      await row(page, 'local', 'archive.bin').dblclick();
      const running = job(page, 'archive.bin').and(page.locator('[data-state=running]'));
      // Rate and time left show once the first second of bytes moved.
      await expect
        .poll(() => running.locator('.job-numbers').textContent(), { timeout: 5000 })
        .toMatch(/ \/ 5\.0 MB · [\d.]+ (KB|MB)\/s · (\d+ min )?\d+ s left$/);
      await shoot(page, 'queue-running');
      await running.locator('[data-testid=job-cancel]').click();
      await job(page, 'archive.bin').and(page.locator('[data-state=cancelled]')).waitFor();
    } finally {
      await limit.selectOption('0');
    }
    expect(existsSync(join(remote, 'archive.bin'))).toBe(false);
    expect(await job(page, 'archive.bin').locator('[data-testid=job-retry]').count()).toBe(1);
    await shoot(page, 'queue-cancelled');

    await page.locator('[data-testid=queue-clear]').click();
    await expect.poll(() => page.locator('[data-testid=job-row]').count()).toBe(0);
    expect(await jobsListed()).toEqual([]);
    expect(await page.locator('[data-testid=queue-summary]').textContent()).toBe(
      'Nothing transferred yet',
    );
  });

  it('keeps how many files move at once, as chosen next to the speed limit', async () => {
    const { page, app } = world.opened;
    const atOnce = page.locator('[data-testid=queue-files-at-once]');
    expect(await atOnce.locator('option:checked').textContent()).toBe('4 files at once');
    await atOnce.selectOption('1');
    try {
      await expect
        .poll(async () => {
          const got = (await app.call('settings:get')) as Result<{
            simultaneousTransfers?: number;
          }>;
          return got.ok ? got.value.simultaneousTransfers : undefined;
        })
        .toBe(1);
      expect(await atOnce.locator('option:checked').textContent()).toBe('1 file at a time');
      await shoot(page, 'queue-files-at-once');
    } finally {
      await atOnce.selectOption('4');
    }
  });

  it('notifies when a batch ends while another window is in front, not while this is', async () => {
    const { page } = world.opened;
    const { local } = await folders();
    for (const name of ['front.csv', 'behind.csv']) writeFileSync(join(local, name), name);
    await pane(page, 'local').locator('[data-testid=pane-refresh]').click();

    await watchNotifications({ hidden: false, focused: true });
    await row(page, 'local', 'front.csv').dblclick();
    await job(page, 'front.csv').and(page.locator('[data-state=done]')).waitFor();
    expect(await page.evaluate('window.__notes')).toEqual([]);

    // Visible but not focused: the user is working in another program.
    await watchNotifications({ hidden: false, focused: false });
    await row(page, 'local', 'behind.csv').dblclick();
    await job(page, 'behind.csv').and(page.locator('[data-state=done]')).waitFor();
    await expect
      .poll(() => page.evaluate('window.__notes'))
      .toEqual([{ title: 'Transfers finished', body: '1 done' }]);
  });
});
