import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { connect, goTo, pane, row, shoot } from './ui.ts';

/**
 * Browsing the server: a huge folder, renaming and deleting, new folders and the keyboard,
 * errors in plain words, and the Spanish interface.
 */
const BIG = 20_000;
let sshd: Sshd;
let opened: OpenedApp;
let serial = 0;

beforeAll(async () => {
  sshd = await startSshd();
  const big = join(sshd.root, 'big');
  mkdirSync(big);
  for (let i = 0; i < BIG; i += 1)
    writeFileSync(join(big, `entry-${String(i).padStart(5, '0')}.csv`), '');
  opened = await openApp({ sshd });
  await opened.addSshdProfile('Pyplan Cloud');
});

afterAll(async () => {
  await opened?.close();
  await sshd?.stop();
});

beforeEach(async () => {
  await opened.page.setViewportSize({ width: 1280, height: 800 });
  await opened.page.reload();
  await connect(opened.page, 'Pyplan Cloud');
});

function freshRemote(files: string[]): string {
  serial += 1;
  const dir = join(sshd.root, `browse-${serial}`);
  mkdirSync(dir);
  for (const name of files) writeFileSync(join(dir, name), `contents of ${name}`);
  return dir;
}

const scroller = (opened: OpenedApp) =>
  pane(opened.page, 'remote').locator('[data-testid=file-scroller]');

// No page errors and no CSP refusals (the virtualised rows position themselves with styles).
afterEach(() => {
  expect(opened.errors).toEqual([]);
});

describe('browsing the server', () => {
  it(`scrolls a ${BIG.toLocaleString('en')}-entry folder with few rows in the page`, async () => {
    const { page } = opened;
    await goTo(page, 'remote', join(sshd.root, 'big'));
    const status = pane(page, 'remote').locator('[data-testid=pane-status]');
    await expect.poll(() => status.textContent()).toContain('20,000 items');
    const rendered = pane(page, 'remote').locator('[data-testid=file-row]');
    expect(await rendered.count()).toBeLessThan(80);

    await scroller(opened).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await row(page, 'remote', 'entry-19999.csv').waitFor();
    expect(await rendered.count()).toBeLessThan(80);

    await row(page, 'remote', 'entry-19990.csv').click();
    await page.keyboard.press('Home');
    await row(page, 'remote', 'entry-00000.csv')
      .and(page.locator('[aria-selected=true]'))
      .waitFor();
    await page.keyboard.press('Shift+End');
    await expect.poll(() => status.textContent()).toContain('20,000 selected');
    await shoot(page, 'browse-big-folder');

    // Sorting keeps the focused entry (the last one, now first) in view.
    await pane(page, 'remote').locator('[data-testid=sort-name]').click();
    await expect.poll(() => scroller(opened).evaluate((el) => el.scrollTop)).toBe(0);
    await row(page, 'remote', 'entry-19999.csv').waitFor();
    expect(await row(page, 'remote', 'entry-00000.csv').count()).toBe(0);
    await pane(page, 'remote').locator('[data-testid=pane-filter]').fill('1234');
    await expect.poll(() => status.textContent()).toContain('12 items of 20,000');
  });

  it('renames with F2 and deletes with the Delete key after confirming', async () => {
    const { page } = opened;
    const dir = freshRemote(['draft.xlsx', 'keep.csv', 'old.csv']);
    await goTo(page, 'remote', dir);

    await row(page, 'remote', 'draft.xlsx').click();
    await page.keyboard.press('F2');
    const prompt = page.locator('[data-testid=prompt-dialog]');
    await prompt.locator('input').fill('final.xlsx');
    await prompt.locator('input').press('Enter');
    await row(page, 'remote', 'final.xlsx').and(page.locator('[aria-selected=true]')).waitFor();
    expect(existsSync(join(dir, 'final.xlsx'))).toBe(true);
    expect(existsSync(join(dir, 'draft.xlsx'))).toBe(false);

    await row(page, 'remote', 'old.csv').click();
    await page.keyboard.press('Delete');
    const confirm = page.locator('[data-testid=confirm-dialog]');
    await confirm.waitFor();
    await shoot(page, 'browse-confirm-delete');
    await confirm.locator('.btn-danger').click();
    await expect.poll(() => row(page, 'remote', 'old.csv').count()).toBe(0);
    expect(existsSync(join(dir, 'old.csv'))).toBe(false);
    expect(existsSync(join(dir, 'keep.csv'))).toBe(true);
  });

  it('creates a folder, opens it with Enter and comes back with Backspace', async () => {
    const { page } = opened;
    const dir = freshRemote(['a.txt']);
    await goTo(page, 'remote', dir);

    await pane(page, 'remote').locator('[data-testid=pane-mkdir]').click();
    const prompt = page.locator('[data-testid=prompt-dialog]');
    // No complaint about a name not typed yet; only once an empty name is confirmed.
    await prompt.locator('input').waitFor();
    expect(await prompt.locator('.field-error').count()).toBe(0);
    expect(await prompt.locator('input').getAttribute('aria-invalid')).toBe('false');
    await shoot(page, 'browse-new-folder');
    await prompt.locator('input').press('Enter');
    expect(await prompt.locator('.field-error').textContent()).toBe(
      'A name cannot be empty or contain / or \\.',
    );
    await prompt.locator('input').fill('Q4 closing');
    await prompt.locator('input').press('Enter');
    await row(page, 'remote', 'Q4 closing').and(page.locator('[aria-selected=true]')).waitFor();
    expect(existsSync(join(dir, 'Q4 closing'))).toBe(true);

    await scroller(opened).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => pane(page, 'remote').getAttribute('data-path'))
      .toBe(join(dir, 'Q4 closing'));
    await pane(page, 'remote').locator('[data-testid=pane-empty]').waitFor();
    await page.keyboard.press('Backspace');
    await row(page, 'remote', 'Q4 closing').and(page.locator('[aria-selected=true]')).waitFor();
  });

  it('offers actions on right-click', async () => {
    const { page } = opened;
    const dir = freshRemote(['report.pdf']);
    await goTo(page, 'remote', dir);
    await row(page, 'remote', 'report.pdf').click({ button: 'right' });
    const menu = page.locator('[role=menu]');
    await menu.waitFor();
    await shoot(page, 'browse-context-menu');
    await menu.locator('[data-testid=menu-rename]').click();
    await page.locator('[data-testid=prompt-dialog] input').fill('report-final.pdf');
    await page.locator('[data-testid=prompt-dialog] input').press('Enter');
    await row(page, 'remote', 'report-final.pdf').waitFor();
  });

  it('shows names exactly as they are, and a cut-off name whole on hover', async () => {
    const { page } = opened;
    const long = `Consolidated balance sheet ${'and notes '.repeat(8)}2025.xlsx`;
    const dir = freshRemote(['spaces  double .txt', long]);
    await goTo(page, 'remote', dir);
    const spaced = row(page, 'remote', 'spaces  double .txt').locator('.name-text');
    // innerText is what is drawn: folded whitespace would read "spaces double .txt".
    expect(await spaced.innerText()).toBe('spaces  double .txt');
    const cut = row(page, 'remote', long);
    const clipped = await cut
      .locator('.name-text')
      .evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped).toBe(true);
    expect(await cut.locator('[title]').first().getAttribute('title')).toBe(long);
    // The server pane names its address with the port, as it is not 22.
    expect(await pane(page, 'remote').locator('.pane-subtitle').textContent()).toBe(
      `${sshd.user}@${sshd.host}:${sshd.port}`,
    );
    await shoot(page, 'browse-exact-names');
  });

  it('shows the connected profile with Open, leaving room for its name', async () => {
    const { page } = opened;
    await page.click('[data-testid=nav-connections]');
    const item = page.locator('[data-testid=profile-list] li', { hasText: 'Pyplan Cloud' });
    await item.locator('[data-testid=profile-connected]').waitFor();
    expect(await item.locator('.btn').count()).toBe(1);
    expect(await item.locator('.btn').textContent()).toBe('Open');
    const name = item.locator('.profile-name');
    expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await item.locator('.profile-address').textContent()).toBe(
      `${sshd.user}@${sshd.host}:${sshd.port}`,
    );
    await shoot(page, 'browse-connected-profile');
    await item.locator('[data-testid=profile-open]').click();
    await pane(page, 'remote').locator('[data-testid=pane-status]').waitFor();
  });

  it('opens an sftp:// link with the matching profile, or offers a new one', async () => {
    const { page } = opened;
    const dir = freshRemote(['from-link.csv']);
    opened.services.links.receive(`sftp://${sshd.user}@${sshd.host}:${sshd.port}${dir}`);
    await expect.poll(() => pane(page, 'remote').getAttribute('data-path')).toBe(dir);
    await row(page, 'remote', 'from-link.csv').waitFor();

    opened.services.links.receive('sftp://analyst@sftp.pyplan.example/in');
    const form = page.locator('[data-testid=profile-form]');
    await expect
      .poll(() => form.locator('input[name=host]').inputValue())
      .toBe('sftp.pyplan.example');
    expect(await form.locator('input[name=user]').inputValue()).toBe('analyst');
    expect(await form.locator('input[name=remoteFolder]').inputValue()).toBe('/in');
    // Left empty, the folder is the login folder, not "/": the placeholder says so.
    expect(await form.locator('input[name=remoteFolder]').getAttribute('placeholder')).toBe(
      'Start folder',
    );
    // Not pre-filled in silence: the form says where the server came from.
    expect(await form.locator('[data-testid=profile-from-link]').textContent()).toBe(
      'A link asked to connect to sftp.pyplan.example, which is not among your saved' +
        ' connections. Check with Pyplan that this is the right server before saving it.',
    );
    await shoot(page, 'browse-link-unknown');
  });

  it('says so in plain words when the connection drops', async () => {
    const { page } = opened;
    expect(sshd.dropConnections()).toBeGreaterThan(0);
    const failure = page.locator('[data-testid=connect-failure]');
    await failure.waitFor();
    expect(await failure.locator('.error-title').textContent()).toBe(
      'Disconnected from Pyplan Cloud.',
    );
    await shoot(page, 'browse-connection-lost');
    await failure.locator('.btn').click();
    await pane(page, 'remote').locator('[data-testid=pane-status]').waitFor();
  });

  it('explains a folder that does not exist in plain words', async () => {
    const { page } = opened;
    const missing = join(sshd.root, 'no-such-folder');
    await pane(page, 'remote').locator('[data-testid=path-edit]').click();
    await pane(page, 'remote').locator('[data-testid=path-input]').fill(missing);
    await pane(page, 'remote').locator('[data-testid=path-input]').press('Enter');
    const error = pane(page, 'remote').locator('[data-testid=pane-error]');
    await error.waitFor();
    expect(await error.locator('[data-testid=error-text]').textContent()).toContain(
      'does not exist',
    );
    await shoot(page, 'browse-missing-folder');
  });

  it('says a file is not a folder when its path is typed in the path bar', async () => {
    const { page } = opened;
    const dir = freshRemote(['ledger.csv']);
    await pane(page, 'remote').locator('[data-testid=path-edit]').click();
    await pane(page, 'remote').locator('[data-testid=path-input]').fill(join(dir, 'ledger.csv'));
    await pane(page, 'remote').locator('[data-testid=path-input]').press('Enter');
    const error = pane(page, 'remote').locator('[data-testid=pane-error]');
    await error.waitFor();
    expect(await error.locator('[data-testid=error-text]').textContent()).toContain(
      `"${join(dir, 'ledger.csv')}" is not a folder.`,
    );
    await shoot(page, 'browse-file-not-folder');
  });

  it('reads well in Spanish and at 200% zoom', async () => {
    const { page } = opened;
    const dir = freshRemote(['Balance general.xlsx', 'Flujo de caja.csv']);
    await goTo(page, 'remote', dir);
    await page.click('[data-testid=open-settings]');
    await page.selectOption('[data-testid=settings-language]', 'es');
    await page.locator('[data-testid=settings-dialog] .btn-primary').click();
    await expect.poll(() => pane(page, 'local').getAttribute('aria-label')).toBe('Este equipo');
    await shoot(page, 'browse-spanish');

    // 200% zoom of a 1280×800 window leaves 640×400 CSS pixels.
    await page.setViewportSize({ width: 640, height: 400 });
    await shoot(page, 'browse-zoom-200');
    await page.click('[data-testid=open-settings]');
    await page.selectOption('[data-testid=settings-language]', 'en');
    rmSync(dir, { recursive: true, force: true });
  });
});
