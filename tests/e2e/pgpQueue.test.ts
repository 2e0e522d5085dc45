import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import type { OpenedApp } from './harness.ts';
import { connect, goTo, job, pane, row, shoot } from './ui.ts';
import { PROFILE, useWorld } from './world.ts';

/**
 * The OpenPGP state of each job in the queue, as the analyst reads it: whom an upload was
 * encrypted for, and who signed a file that was decrypted on download. gpg plays Pyplan's side.
 */
const PLATFORM = 'Fixture Platform <platform@example.com>';
const ANALYST = 'Fixture RSA Analyst <analyst@example.com>';

let gpg: Gpg;

async function importKey(opened: OpenedApp, file: string): Promise<string> {
  const imported = (await opened.app.call('pgp:importKey', {
    path: join(PGP_KEYS, file),
  })) as Result<{ fingerprint: string }>;
  if (!imported.ok) throw new Error(imported.error.message);
  return imported.value.fingerprint;
}

const world = useWorld({
  tag: 'pgpq',
  profile: null,
  setup: async ({ opened }) => {
    gpg = createGpg();
    gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
    const platform = await importKey(opened, 'platform-ed25519.sec.asc');
    await importKey(opened, 'analyst-rsa.pub.asc');
    await opened.addSshdProfile(PROFILE, {
      recipients: [platform],
      encryptOnUpload: true,
      decryptOnDownload: true,
    });
  },
});

afterAll(() => {
  gpg?.dispose();
});

describe('OpenPGP in the queue', () => {
  it('says whom an upload is encrypted for and who signed a download', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'exports');
    const remote = join(world.sshd.root, 'exchange');
    mkdirSync(local);
    mkdirSync(remote);
    writeFileSync(join(local, 'ledger.csv'), 'account,amount\n4000,125.50\n');
    copyFileSync(join(PGP_KEYS, 'report.signed.csv.gpg'), join(remote, 'report.signed.csv.gpg'));

    await page.reload();
    await connect(page, 'Pyplan Cloud');
    await goTo(page, 'local', local);
    await goTo(page, 'remote', remote);

    await page.dragAndDrop(
      '[data-testid=pane-local] [data-testid=file-row][data-name="ledger.csv"]',
      '[data-testid=pane-remote] [data-testid=file-scroller]',
    );
    const upload = job(page, 'ledger.csv').and(page.locator('[data-state=done]'));
    await upload.waitFor();
    expect(await upload.locator('[data-testid=job-pgp]').textContent()).toBe(
      `Encrypted for ${PLATFORM}`,
    );
    const sent = gpg.ok(['--decrypt', join(remote, 'ledger.csv.pgp')]).toString();
    expect(sent).toBe('account,amount\n4000,125.50\n');

    await row(page, 'remote', 'report.signed.csv.gpg').dblclick();
    const download = job(page, 'report.signed.csv.gpg').and(page.locator('[data-state=done]'));
    await download.waitFor();
    const line = download.locator('[data-testid=job-pgp]');
    expect(await line.textContent()).toBe(`Decrypted · signed by ${ANALYST}`);
    expect(await line.getAttribute('data-signature')).toBe('valid');
    await row(page, 'local', 'report.signed.csv').waitFor();
    expect(readFileSync(join(local, 'report.signed.csv'))).toEqual(
      readFileSync(join(PGP_KEYS, 'report.csv')),
    );
    expect(await pane(page, 'local').locator('[data-testid=file-row]').count()).toBe(2);
    await shoot(page, 'pgp-queue-who');
  });

  it('keeps a download it could not decrypt, says so, and lists it at once', async () => {
    const { page } = world.opened;
    const local = join(world.home, 'inbox');
    const remote = join(world.sshd.root, 'outbox');
    mkdirSync(local);
    mkdirSync(remote);
    // Encrypted for the analyst, whose secret key this computer does not hold.
    gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
    const plain = join(world.home, 'q2.csv');
    writeFileSync(plain, 'quarter,total\nQ2,410\n');
    const sealed = join(remote, 'q2.csv.gpg');
    gpg.ok(['--encrypt', '--recipient', 'analyst@example.com', '--output', sealed, plain]);

    await page.reload();
    await connect(page, PROFILE);
    await goTo(page, 'local', local);
    await goTo(page, 'remote', remote);
    await pane(page, 'local').locator('[data-testid=pane-empty]').waitFor();
    await row(page, 'remote', 'q2.csv.gpg').dblclick();

    const failed = job(page, 'q2.csv.gpg').and(page.locator('[data-state=failed]'));
    await failed.waitFor();
    expect(await failed.locator('.error-title').textContent()).toBe(
      'Downloaded, not decrypted: the encrypted copy is kept at q2.csv.gpg.',
    );
    expect(await failed.locator('[data-testid=error-text]').textContent()).toMatch(/key/i);
    expect(await failed.textContent()).not.toContain('could not be copied');
    // The folder on screen shows the kept copy without going away and back.
    await row(page, 'local', 'q2.csv.gpg').waitFor();
    expect(readFileSync(join(local, 'q2.csv.gpg'))).toEqual(readFileSync(sealed));
    await shoot(page, 'pgp-queue-kept-encrypted');
  });

  it('never saves "encrypt before uploading" with nobody to encrypt for', async () => {
    const { page, services } = world.opened;
    await page.click('[data-testid=nav-connections]');
    await page.locator('[data-testid=profile-list] li', { hasText: PROFILE }).click();
    const form = page.locator('[data-testid=profile-form]');
    const platform = form.locator('.recipient-list label', { hasText: PLATFORM }).locator('input');
    const encrypt = form.locator('input[name=encryptOnUpload]');
    expect(await encrypt.isChecked()).toBe(true);
    // The last recipient goes: encryption goes with it, instead of staying on, locked.
    await platform.uncheck();
    expect(await encrypt.isChecked()).toBe(false);
    expect(await encrypt.isDisabled()).toBe(true);
    await platform.check();
    expect(await encrypt.isEnabled()).toBe(true);

    // A profile saved that way before (or whose key was deleted) can be unticked, not saved.
    const saved = services.profiles.list().find((p) => p.name === PROFILE);
    if (saved === undefined) throw new Error('profile missing');
    const { createdMs: _c, updatedMs: _u, ...stale } = saved;
    services.profiles.save({ ...stale, pgp: { ...stale.pgp, recipients: [] } });
    await page.reload();
    await page.click('[data-testid=nav-connections]');
    await page.locator('[data-testid=profile-list] li', { hasText: PROFILE }).click();
    expect(await encrypt.isChecked()).toBe(true);
    expect(await encrypt.isEnabled()).toBe(true);
    const note = form.locator('[data-testid=pgp-no-recipients]');
    expect(await note.textContent()).toBe(
      'Choose at least one key to encrypt for, or untick “Encrypt files before uploading”.',
    );
    await form.locator('input[name=remoteFolder]').fill('/outgoing');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.field-error').count()).toBe(2);
    await shoot(page, 'pgp-rules-no-recipient');
    expect(services.profiles.get(saved.id).remoteFolder).toBe(saved.remoteFolder);

    await encrypt.uncheck();
    expect(await note.count()).toBe(0);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => services.profiles.get(saved.id).remoteFolder).toBe('/outgoing');
    expect(services.profiles.get(saved.id).pgp).toEqual({
      recipients: [],
      encryptOnUpload: false,
      decryptOnDownload: true,
    });
  });
});
