import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { connect, goTo, job, pane, row, shoot } from './ui.ts';
import { PROFILE, useWorld } from './world.ts';

/**
 * A download encrypted to the analyst's own key, whose secret half is protected by a
 * passphrase: the app asks for it by key name and fingerprint, says so plainly when it is
 * wrong, and decrypts once it is right.
 */
const ANALYST = 'A8081660973D238342A36E3E6F943E16D8772A1C';

let gpg: Gpg;

const world = useWorld({
  tag: 'pgp',
  profile: null,
  setup: async ({ opened }) => {
    gpg = createGpg();
    gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
    const imported = (await opened.app.call('pgp:importKey', {
      path: join(PGP_KEYS, 'analyst-rsa.sec.asc'),
    })) as Result<unknown>;
    expect(imported.ok).toBe(true);
    await opened.addSshdProfile(PROFILE, { decryptOnDownload: true });
  },
});

afterAll(() => {
  gpg?.dispose();
});

describe('OpenPGP passphrase prompt', () => {
  it('asks for the key passphrase, refuses a wrong one plainly, then decrypts', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'downloads');
    const remote = join(world.sshd.root, 'outbox');
    mkdirSync(local);
    mkdirSync(remote);
    const plain = join(gpg.home, 'forecast.csv');
    writeFileSync(plain, 'month,revenue\n2027-01,1000\n');
    const encrypted = join(remote, 'forecast.csv.gpg');
    gpg.ok(['--encrypt', '--recipient', ANALYST, '--output', encrypted, plain]);

    await page.reload();
    await connect(page, 'Pyplan Cloud');
    await goTo(page, 'local', local);
    await goTo(page, 'remote', remote);
    await row(page, 'remote', 'forecast.csv.gpg').dblclick();

    const dialog = page.locator('[data-testid=pgp-passphrase-dialog]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('To decrypt “forecast.csv.gpg”');
    expect(await dialog.locator('[data-testid=pgp-passphrase-user]').textContent()).toBe(
      'Fixture RSA Analyst <analyst@example.com>',
    );
    expect(await dialog.locator('[data-testid=pgp-passphrase-fingerprint]').textContent()).toBe(
      'A808 1660 973D 2383 42A3 6E3E 6F94 3E16 D877 2A1C',
    );
    await shoot(page, 'pgp-passphrase-prompt');

    const input = dialog.locator('[data-testid=pgp-passphrase-input]');
    await input.fill('battery-staple');
    await dialog.locator('[data-testid=pgp-passphrase-submit]').click();
    await dialog.locator('[data-testid=pgp-passphrase-wrong]').waitFor();
    expect(await dialog.locator('[data-testid=pgp-passphrase-wrong]').textContent()).toBe(
      'That passphrase does not unlock this key. Try again.',
    );
    expect(await input.inputValue()).toBe('');
    await shoot(page, 'pgp-passphrase-wrong');

    await input.fill(FIXTURE_PASSPHRASE);
    await dialog.locator('[data-testid=pgp-passphrase-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const done = job(page, 'forecast.csv.gpg').and(page.locator('[data-state=done]'));
    await done.waitFor();
    await row(page, 'local', 'forecast.csv').waitFor();
    expect(readdirSync(local)).toEqual(['forecast.csv']);
    expect(readFileSync(join(local, 'forecast.csv'), 'utf8')).toBe('month,revenue\n2027-01,1000\n');
    expect(await pane(page, 'local').locator('[data-testid=file-row]').count()).toBe(1);
    await shoot(page, 'pgp-passphrase-decrypted');
  });

  it('asks for a passphrase-only file’s passphrase, says when wrong, decrypts', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'from-partner');
    const remote = join(world.sshd.root, 'partner');
    mkdirSync(local);
    mkdirSync(remote);
    // Encrypted with a passphrase, to no key (the fixture's README names its passphrase).
    const name = 'report.symmetric.csv.gpg';
    writeFileSync(join(remote, name), readFileSync(join(PGP_KEYS, name)));

    await page.reload();
    await connect(page, 'Pyplan Cloud');
    await goTo(page, 'local', local);
    await goTo(page, 'remote', remote);
    await row(page, 'remote', name).dblclick();

    const dialog = page.locator('[data-testid=pgp-passphrase-dialog]');
    await dialog.waitFor();
    // The file needs the passphrase, not a key: no key named, nothing to remember.
    expect(await dialog.locator('[data-testid=pgp-passphrase-intro]').textContent()).toBe(
      `“${name}” was encrypted with a passphrase, not with one of your keys. Enter the` +
        ' passphrase you were given for this file.',
    );
    expect(await dialog.locator('[data-testid=pgp-passphrase-fingerprint]').count()).toBe(0);
    expect(await dialog.locator('[data-testid=pgp-passphrase-remember]').count()).toBe(0);
    await shoot(page, 'pgp-file-passphrase-prompt');

    await dialog.locator('[data-testid=pgp-passphrase-input]').fill('battery-staple');
    await dialog.locator('[data-testid=pgp-passphrase-submit]').click();
    // Only decrypting can tell: the question comes back for the same file, marked wrong.
    const wrong = dialog.locator('[data-testid=pgp-passphrase-wrong]');
    await wrong.waitFor();
    expect(await wrong.textContent()).toBe('That passphrase does not open this file. Try again.');
    await shoot(page, 'pgp-file-passphrase-wrong');

    await dialog.locator('[data-testid=pgp-passphrase-input]').fill(FIXTURE_PASSPHRASE);
    await dialog.locator('[data-testid=pgp-passphrase-submit]').click();
    await job(page, name).and(page.locator('[data-state=done]')).waitFor();
    expect(readdirSync(local)).toEqual(['report.symmetric.csv']);
    expect(readFileSync(join(local, 'report.symmetric.csv'))).toEqual(
      readFileSync(join(PGP_KEYS, 'report.csv')),
    );
    await shoot(page, 'pgp-file-passphrase-decrypted');
  });
});
