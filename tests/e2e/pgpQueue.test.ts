import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { connect, goTo, job, pane, row, shoot } from './ui.ts';

/**
 * The OpenPGP state of each job in the queue, as the analyst reads it: whom an upload was
 * encrypted for, and who signed a file that was decrypted on download. gpg plays Pyplan's side.
 */
const PLATFORM = 'Fixture Platform <platform@example.com>';
const ANALYST = 'Fixture RSA Analyst <analyst@example.com>';

let sshd: Sshd;
let gpg: Gpg;
let opened: OpenedApp;
let home: string;

async function importKey(file: string): Promise<string> {
  const imported = (await opened.app.call('pgp:importKey', {
    path: join(PGP_KEYS, file),
  })) as Result<{ fingerprint: string }>;
  if (!imported.ok) throw new Error(imported.error.message);
  return imported.value.fingerprint;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pyplan-e2e-pgpq-'));
  sshd = await startSshd();
  gpg = createGpg();
  gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
  opened = await openApp({ sshd, tmpHome: home });
  const platform = await importKey('platform-ed25519.sec.asc');
  await importKey('analyst-rsa.pub.asc');
  opened.services.profiles.save({
    name: 'Pyplan Cloud',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    key: { kind: 'path', path: sshd.clientKeyPath },
    algorithmPolicy: 'default',
    localFolder: null,
    remoteFolder: null,
    pgp: { recipients: [platform], encryptOnUpload: true, decryptOnDownload: true },
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

describe('OpenPGP in the queue', () => {
  it('says whom an upload is encrypted for and who signed a download', async () => {
    const { page } = opened;
    const local = join(home, 'exports');
    const remote = join(sshd.root, 'exchange');
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
