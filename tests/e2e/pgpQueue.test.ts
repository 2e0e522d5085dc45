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
});
