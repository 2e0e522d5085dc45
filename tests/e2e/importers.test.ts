import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { openApp, type OpenedApp } from './harness.ts';
import { shoot } from './ui.ts';

/**
 * Sites saved in FileZilla and WinSCP come in through the import dialog: FileZilla's file from
 * where it keeps it in the user's home, WinSCP's portable WinSCP.ini chosen by hand. Sites in
 * other protocols are left out with the reason in the user's language.
 */
const SITEMANAGER = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.1" platform="linux">
  <Servers>
    <Server>
      <Host>sftp.pyplan.example</Host><Port>22</Port><Protocol>1</Protocol>
      <User>tesoreria</User><Logontype>5</Logontype><Name>Tesorería</Name>
      <RemoteDir>1 0 6 upload</RemoteDir>
    </Server>
    <Server>
      <Host>ftp.example.com</Host><Port>21</Port><Protocol>0</Protocol>
      <User>anon</User><Name>Old FTP</Name>
    </Server>
  </Servers>
</FileZilla3>
`;

const WINSCP_INI = `[Sessions\\Clients/Client%20B]
HostName=files.b.example
PortNumber=2200
UserName=ana
FSProtocol=2
RemoteDirectory=/inbox

[Sessions\\Bucket]
HostName=s3.amazonaws.com
FSProtocol=7
`;

/** A tester's file: the 3rd site logs on anonymously (no User), the 4th is IPv6 and asks. */
const FOUR_SITES = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.1" platform="linux">
  <Servers>
    <Server>
      <Host>sftp.four.example</Host><Port>22</Port><Protocol>1</Protocol>
      <User>analyst</User><Logontype>1</Logontype><Name>Four One</Name>
    </Server>
    <Server>
      <Host>files.four.example</Host><Port>2022</Port><Protocol>1</Protocol>
      <User>ana</User><Logontype>1</Logontype><Name>Four Two</Name>
    </Server>
    <Server>
      <Host>nouser.example</Host><Port>22</Port><Protocol>1</Protocol>
      <Logontype>0</Logontype><Name>Four Anonymous</Name>
    </Server>
    <Server>
      <Host>fe80::1</Host><Port>22</Port><Protocol>1</Protocol>
      <User>v6</User><Logontype>2</Logontype><Name>Four IPv6</Name>
    </Server>
  </Servers>
</FileZilla3>
`;

let opened: OpenedApp;

beforeAll(async () => {
  opened = await openApp();
});

afterAll(async () => {
  await opened?.close();
});

beforeEach(async () => {
  await opened.page.reload();
  await opened.page.click('[data-testid=nav-connections]');
});

afterEach(() => {
  expect(opened.errors).toEqual([]);
});

const dialog = () => opened.page.locator('[data-testid=import-dialog]');
const source = (index: number) => dialog().locator('.import-source').nth(index);

async function spanish(on: boolean): Promise<void> {
  const { page } = opened;
  await page.click('[data-testid=open-settings]');
  await page.selectOption('[data-testid=settings-language]', on ? 'es' : 'en');
  await page.locator('[data-testid=settings-dialog] .btn-primary').click();
}

describe('importing sites from other programs', () => {
  it('reads FileZilla from its usual place and leaves FTP out, saying why', async () => {
    const { page } = opened;
    const folder = join(opened.app.home, '.config', 'filezilla');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'sitemanager.xml'), SITEMANAGER);
    await page.click('[data-testid=profile-import]');
    await source(1).locator('.btn').click();
    await dialog().locator('.import-list li', { hasText: 'Tesorería' }).waitFor();
    expect(await dialog().locator('.import-list').textContent()).toContain(
      'tesoreria@sftp.pyplan.example:22',
    );
    await dialog().locator('.import-skipped summary').click();
    expect(await dialog().locator('.import-skipped li').textContent()).toBe(
      'Old FTP: uses FTP, not SFTP',
    );
    await dialog().locator('.btn-primary').click();
    await page.locator('[data-testid=profile-list] li', { hasText: 'Tesorería' }).waitFor();
    const saved = opened.services.profiles.list().find((p) => p.name === 'Tesorería');
    expect(saved).toMatchObject({ host: 'sftp.pyplan.example', remoteFolder: '/upload' });
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads a WinSCP.ini the user picks, in Spanish', async () => {
    const { page } = opened;
    const ini = join(opened.app.home, 'WinSCP.ini');
    writeFileSync(ini, WINSCP_INI);
    await spanish(true);
    try {
      await page.click('[data-testid=profile-import]');
      // Outside Windows WinSCP has no usual place: the dialog says to pick the file.
      await source(2).locator('.btn').click();
      expect(await dialog().locator('[data-testid=error-text]').textContent()).toBe(
        'No se encontraron sitios guardados de WinSCP. Use «elegir archivo…» para indicar el' +
          ' archivo.',
      );
      opened.app.dialogs.push(ini);
      await source(2).locator('.link-button').click();
      await dialog().locator('.import-list li', { hasText: 'Clients/Client B' }).waitFor();
      await dialog().locator('.import-skipped summary').click();
      expect(await dialog().locator('.import-skipped summary').textContent()).toBe(
        '1 sitio omitido',
      );
      expect(await dialog().locator('.import-skipped li').textContent()).toBe(
        'Bucket: usa S3, no SFTP',
      );
      await shoot(page, 'import-winscp-spanish');
      await dialog().locator('.btn-primary').click();
      await page.locator('[data-testid=profile-list] li', { hasText: 'Client B' }).waitFor();
    } finally {
      await spanish(false);
    }
    const saved = opened.services.profiles.list().find((p) => p.name === 'Clients/Client B');
    expect(saved).toMatchObject({ host: 'files.b.example', port: 2200, remoteFolder: '/inbox' });
  });

  it('leaves a site without user out up front and reports a failed save by name', async () => {
    const { page } = opened;
    const folder = join(opened.app.home, '.config', 'filezilla');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'sitemanager.xml'), FOUR_SITES);
    const profiles = opened.services.profiles;
    const save = profiles.save.bind(profiles);
    // The disk fills up while the second site is written: the others must still come in.
    const spy = vi.spyOn(profiles, 'save').mockImplementation((input) => {
      if (input.name === 'Four Two') throw new AppError('LOCAL_DISK_FULL', 'ENOSPC');
      return save(input);
    });
    const names = () => profiles.list().map((p) => p.name);
    try {
      await page.click('[data-testid=profile-import]');
      await source(1).locator('.btn').click();
      await dialog().locator('.import-list li', { hasText: 'Four IPv6' }).waitFor();
      expect(await dialog().locator('.import-list li').allTextContents()).toEqual([
        'Four One analyst@sftp.four.example:22',
        'Four Two ana@files.four.example:2022',
        'Four IPv6 v6@[fe80::1]:22',
      ]);
      expect(await dialog().locator('.btn-primary').textContent()).toBe('Import 3 connections');
      await dialog().locator('.import-skipped summary').click();
      expect(await dialog().locator('.import-skipped li').allTextContents()).toEqual([
        'Four Anonymous: no user name',
      ]);

      await dialog().locator('.btn-primary').click();
      const failed = dialog().locator('[data-testid=import-failed]');
      await failed.waitFor();
      expect(await failed.locator('p').textContent()).toBe(
        '2 connections imported. 1 connection could not be imported:',
      );
      expect(await failed.locator('li').allTextContents()).toEqual([
        'Four Two: The disk on this computer is full. Free some space and try again.',
      ]);
      expect(await dialog().textContent()).not.toContain('Internal error');
      await shoot(page, 'import-filezilla-partial');
      expect(
        names()
          .filter((n) => n.startsWith('Four '))
          .sort(),
      ).toEqual(['Four IPv6', 'Four One']);
      expect(profiles.list().find((p) => p.name === 'Four IPv6')).toMatchObject({
        host: 'fe80::1',
        port: 22,
        user: 'v6',
      });

      // Only the failed site is left, unticked: importing again cannot save a site twice.
      expect(await dialog().locator('.import-list li').allTextContents()).toEqual([
        'Four Two ana@files.four.example:2022',
      ]);
      expect(await dialog().locator('.btn-primary').isDisabled()).toBe(true);
      spy.mockRestore();
      await dialog().locator('.import-list input[type=checkbox]').check();
      await dialog().locator('.btn-primary').click();
      await dialog().waitFor({ state: 'detached' });
      expect(
        names()
          .filter((n) => n.startsWith('Four '))
          .sort(),
      ).toEqual(['Four IPv6', 'Four One', 'Four Two']);
    } finally {
      spy.mockRestore();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
