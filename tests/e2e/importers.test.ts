import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
});
