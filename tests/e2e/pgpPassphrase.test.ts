import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { connect, goTo, job, pane, row, shoot } from './ui.ts';

/**
 * A download encrypted to the analyst's own key, whose secret half is protected by a
 * passphrase: the app asks for it by key name and fingerprint, says so plainly when it is
 * wrong, and decrypts once it is right.
 */
const ANALYST = 'A8081660973D238342A36E3E6F943E16D8772A1C';

let sshd: Sshd;
let gpg: Gpg;
let opened: OpenedApp;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pyplan-e2e-pgp-'));
  sshd = await startSshd();
  gpg = createGpg();
  gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
  opened = await openApp({ sshd, tmpHome: home });
  const imported = (await opened.app.call('pgp:importKey', {
    path: join(PGP_KEYS, 'analyst-rsa.sec.asc'),
  })) as Result<unknown>;
  expect(imported.ok).toBe(true);
  opened.services.profiles.save({
    name: 'Pyplan Cloud',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    key: { kind: 'path', path: sshd.clientKeyPath },
    algorithmPolicy: 'default',
    localFolder: null,
    remoteFolder: null,
    pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: true },
    transfer: { preserveTimestamps: false, uploadInPlace: false },
  });
});

afterAll(async () => {
  await opened?.close();
  gpg?.dispose();
  await sshd?.stop();
  rmSync(home, { recursive: true, force: true });
});

afterEach(() => {
  expect(opened.errors).toEqual([]);
});

describe('OpenPGP passphrase prompt', () => {
  it('asks for the key passphrase, refuses a wrong one plainly, then decrypts', async () => {
    const { page } = opened;
    const local = join(home, 'downloads');
    const remote = join(sshd.root, 'outbox');
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
});
