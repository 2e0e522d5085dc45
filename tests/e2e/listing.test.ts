import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { connect, goTo, pane, row, shoot } from './ui.ts';
import { useWorld } from './world.ts';

/**
 * Folder listings stream into the panes and can be stopped; and each pane keeps its place
 * while the Connections screen is shown. To hold a listing half-way without timing anything,
 * the server is frozen (SIGSTOP) as the first batch of the big folder leaves main.
 */
type Batch = EventPayload<'listing:batch'>;

const BIG = 20_000;
let big: string;
let serial = 0;
/** When set, the next batch of this folder freezes the server. */
let freezeOn: string | null = null;

function tap(channel: EventChannel, payload: unknown): void {
  if (channel !== 'listing:batch' || freezeOn === null) return;
  const first = (payload as Batch).entries[0];
  if (first === undefined || !first.path.startsWith(`${freezeOn}/`)) return;
  freezeOn = null;
  world.sshd.pauseSessions();
}

const world = useWorld({
  tag: 'listing',
  connectEach: true,
  app: { onEvent: tap },
  setup: ({ sshd }) => {
    big = join(sshd.root, 'big');
    mkdirSync(big);
    for (let i = 0; i < BIG; i += 1) {
      writeFileSync(join(big, `entry-${String(i).padStart(5, '0')}.csv`), '');
    }
  },
});

afterEach(() => {
  freezeOn = null;
  world.sshd.resumeSessions();
});

function freshRemote(files: string[]): string {
  serial += 1;
  const dir = join(world.sshd.root, `listing-${serial}`);
  mkdirSync(dir);
  for (const name of files) writeFileSync(join(dir, name), `contents of ${name}`);
  return dir;
}

/** Types a path and presses Enter without waiting for the listing to finish. */
async function typePath(side: 'local' | 'remote', path: string): Promise<void> {
  const { page } = world.opened;
  await pane(page, side).locator('[data-testid=path-edit]').click();
  await pane(page, side).locator('[data-testid=path-input]').fill(path);
  await pane(page, side).locator('[data-testid=path-input]').press('Enter');
}

const serverHolds = (dir: string): boolean => world.sshd.openPaths().includes(dir);

const cancelledListings = (): Batch[] =>
  world.opened.app.events
    .filter((e) => e.channel === 'listing:batch')
    .map((e) => e.payload as Batch)
    .filter((b) => b.done && b.error?.code === 'CANCELLED');

describe('streamed listings', () => {
  it('shows rows as they arrive and keeps them when the listing is stopped', async () => {
    const { page } = world.opened;
    const remote = pane(page, 'remote');
    const rows = remote.locator('[data-testid=file-row]');
    freezeOn = big;
    await typePath('remote', big);

    // The first batch is on screen while the server, frozen, still has the folder open.
    const streaming = remote.locator('[data-testid=pane-streaming]');
    await streaming.waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await streaming.textContent()).toMatch(/Opening folder… [\d,]+ items so far/);
    expect(serverHolds(big)).toBe(true);
    await shoot(page, 'listing-streaming');

    const before = cancelledListings().length;
    await remote.locator('[data-testid=pane-cancel]').click();
    const stopped = remote.locator('[data-testid=pane-stopped]');
    await stopped.waitFor();
    const note = (await stopped.textContent()) ?? '';
    const shown = Number(/([\d,]+) items shown/.exec(note)?.[1]?.replace(/,/g, ''));
    expect(note).toMatch(/^Listing stopped — [\d,]+ items shown$/);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(BIG);

    // Thawed, the server answers the read in flight and closes the folder; nothing follows.
    world.sshd.resumeSessions();
    await expect.poll(() => cancelledListings().length, { timeout: 15_000 }).toBe(before + 1);
    expect(serverHolds(big)).toBe(false);
    expect(await stopped.textContent()).toBe(note);
    expect(await pane(page, 'remote').getAttribute('data-path')).toBe(big);
    await shoot(page, 'listing-stopped');

    await remote.locator('[data-testid=pane-refresh]').click();
    await remote.locator('[data-testid=pane-status]', { hasText: '20,000 items' }).waitFor();
    expect(await stopped.count()).toBe(0);
  });

  it('keeps rows where they are while the folder streams in, and sorts it at the end', async () => {
    const { page } = world.opened;
    const remote = pane(page, 'remote');
    const streaming = remote.locator('[data-testid=pane-streaming]');
    const soFar = async (): Promise<number> =>
      Number(
        /([\d,]+) items? so far/
          .exec((await streaming.textContent()) ?? '')?.[1]
          ?.replace(/,/g, ''),
      );
    const topRows = (): Promise<string[]> =>
      remote.locator('[data-testid=file-row]').evaluateAll((els) =>
        els
          .map((el) => ({
            index: Number(el.getAttribute('aria-rowindex')),
            name: el.getAttribute('data-name') ?? '',
          }))
          .filter((r) => r.index < 12)
          .sort((a, b) => a.index - b.index)
          .map((r) => r.name),
      );

    freezeOn = big;
    await typePath('remote', big);
    await streaming.waitFor();
    const first = await topRows();
    const arrived = await soFar();
    expect(first.length).toBe(10);
    expect(await streaming.textContent()).toContain('Sorted once all have arrived');

    // More arrives (the server freezes again on the next batch): the rows seen stay put.
    freezeOn = big;
    world.sshd.resumeSessions();
    await expect.poll(soFar).toBeGreaterThan(arrived);
    expect(await streaming.count()).toBe(1);
    expect(await topRows()).toEqual(first);

    world.sshd.resumeSessions();
    await remote.locator('[data-testid=pane-status]', { hasText: '20,000 items' }).waitFor();
    const sorted = await topRows();
    expect(sorted[0]).toBe('entry-00000.csv');
    // The server sent them unsorted, so holding them in place was a real choice.
    expect(sorted).not.toEqual(first);
  });

  it('goes back to the folder it was in when nothing had arrived yet', async () => {
    const { page } = world.opened;
    const dir = freshRemote(['here.txt']);
    await goTo(page, 'remote', dir);
    const before = cancelledListings().length;
    world.sshd.pauseSessions();
    await typePath('remote', big);
    await pane(page, 'remote').locator('[data-testid=pane-loading]').waitFor();
    await pane(page, 'remote').locator('[data-testid=pane-cancel]').click();
    await expect.poll(() => pane(page, 'remote').getAttribute('data-path')).toBe(dir);
    await row(page, 'remote', 'here.txt').waitFor();

    world.sshd.resumeSessions();
    await expect.poll(() => cancelledListings().length, { timeout: 15_000 }).toBe(before + 1);
    expect(serverHolds(big)).toBe(false);
    expect(await row(page, 'remote', 'entry-00000.csv').count()).toBe(0);
  });
});

describe('coming back from the Connections screen', () => {
  it('shows each pane as it was left: folder, filter, sort, selection and scroll', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'Exports 2024');
    mkdirSync(local, { recursive: true });
    for (const name of ['budget.xlsx', 'budget-old.xlsx', 'payroll.csv']) {
      writeFileSync(join(local, name), name);
    }
    await goTo(page, 'local', local);
    await pane(page, 'local').locator('[data-testid=pane-filter]').fill('budget');
    await pane(page, 'local').locator('[data-testid=sort-name]').click();
    await row(page, 'local', 'budget.xlsx').click();

    await goTo(page, 'remote', big);
    const scroller = pane(page, 'remote').locator('[data-testid=file-scroller]');
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await row(page, 'remote', 'entry-19999.csv').click();
    const scrolled = await scroller.evaluate((el) => el.scrollTop);
    expect(scrolled).toBeGreaterThan(100_000);

    await page.click('[data-testid=nav-connections]');
    await page.locator('[data-testid=browser-view]').waitFor({ state: 'detached' });
    await page.click('[data-testid=nav-files]');

    await expect.poll(() => pane(page, 'local').getAttribute('data-path')).toBe(local);
    await expect.poll(() => pane(page, 'remote').getAttribute('data-path')).toBe(big);
    await pane(page, 'remote')
      .locator('[data-testid=pane-status]', { hasText: '20,000 items' })
      .waitFor();
    expect(await pane(page, 'local').locator('[data-testid=pane-filter]').inputValue()).toBe(
      'budget',
    );
    const names = await pane(page, 'local')
      .locator('[data-testid=file-row]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));
    expect(names).toEqual(['budget.xlsx', 'budget-old.xlsx']);
    await row(page, 'local', 'budget.xlsx').and(page.locator('[aria-selected=true]')).waitFor();
    await row(page, 'remote', 'entry-19999.csv')
      .and(page.locator('[aria-selected=true]'))
      .waitFor();
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(scrolled);
    await shoot(page, 'listing-panes-restored');

    // Back goes where it went before the Connections screen.
    await pane(page, 'remote').locator('[aria-label=Back]').click();
    await expect.poll(() => pane(page, 'remote').getAttribute('data-path')).toBe(world.sshd.root);

    // A new session starts fresh, in its own start folder.
    await page.click('[data-testid=disconnect]');
    await connect(page, 'Pyplan Cloud');
    await expect.poll(() => pane(page, 'remote').getAttribute('data-path')).toBe(world.sshd.root);
    expect(await pane(page, 'remote').locator('[aria-label=Back]').isDisabled()).toBe(true);
  });
});
