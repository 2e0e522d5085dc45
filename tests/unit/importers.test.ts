import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputFromImported } from '../../shared/importedProfile.ts';
import { ProfileInputSchema } from '../../shared/schemas/profile.ts';
import {
  decodeFileZillaPath,
  importFileZilla,
} from '../../electron/services/importers/filezilla.ts';
import { ProfileImporter } from '../../electron/services/importers/ProfileImporter.ts';
import { importSshConfig } from '../../electron/services/importers/sshConfig.ts';
import { sortOutImported } from '../../electron/services/importers/types.ts';
import { importWinScp } from '../../electron/services/importers/winscp.ts';

const base = mkdtempSync(join(tmpdir(), 'pyplan-import-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const CONTEXT = { home: '/home/ana', localUser: 'ana' };

const SSH_CONFIG = `# Work servers
IdentityFile ~/.ssh/id_default

Host pyplan pyplan-eu
    HostName sftp.eu.pyplan.com
    User analyst
    Port 2222
    IdentityFile "~/.ssh/pyplan key.pem"

Host backup
    HostName %h.internal.example

Host *.corp !skip.corp
    User corpuser

Match exec "touch ${join(base, 'pwned')}"
    User hacked

Host *
    User fallback
    ServerAliveInterval 30
`;

describe('importSshConfig', () => {
  it('makes one profile per concrete alias, with values as ssh computes them', () => {
    const result = importSshConfig(SSH_CONFIG, CONTEXT);
    expect(result.profiles).toEqual([
      {
        name: 'pyplan',
        host: 'sftp.eu.pyplan.com',
        port: 2222,
        user: 'analyst',
        keyPath: '/home/ana/.ssh/pyplan key.pem',
      },
      {
        name: 'pyplan-eu',
        host: 'sftp.eu.pyplan.com',
        port: 2222,
        user: 'analyst',
        keyPath: '/home/ana/.ssh/pyplan key.pem',
      },
      {
        name: 'backup',
        host: 'backup.internal.example',
        port: 22,
        user: 'fallback',
        keyPath: '/home/ana/.ssh/id_default',
      },
    ]);
  });

  it('never runs Match exec commands', () => {
    importSshConfig(SSH_CONFIG, CONTEXT);
    expect(existsSync(join(base, 'pwned'))).toBe(false);
  });

  it('uses the local user name when no User applies', () => {
    const result = importSshConfig('Host lone\n  HostName 10.0.0.1\n', CONTEXT);
    expect(result.profiles).toEqual([{ name: 'lone', host: '10.0.0.1', port: 22, user: 'ana' }]);
  });
});

const SITEMANAGER = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.1" platform="windows">
  <Servers>
    <Server>
      <Host>sftp.pyplan.com</Host>
      <Port>22</Port>
      <Protocol>1</Protocol>
      <Type>0</Type>
      <User>analyst</User>
      <Logontype>5</Logontype>
      <Keyfile>C:\\Users\\ana\\keys\\cert.pem</Keyfile>
      <Name>Pyplan &amp; Co</Name>
      <RemoteDir>1 0 6 upload 10 Q1 reports</RemoteDir>
    </Server>
    <Server>
      <Host>ftp.example.com</Host>
      <Port>21</Port>
      <Protocol>0</Protocol>
      <User>anon</User>
      <Pass encoding="base64">c2VjcmV0</Pass>
      <Name>Old FTP</Name>
    </Server>
    <Folder expanded="1">Clients
      <Server>
        <Host>files.client.example</Host>
        <Port>2022</Port>
        <Protocol>1</Protocol>
        <User>ana</User>
        <Logontype>1</Logontype>
        <Pass encoding="base64">c2VjcmV0</Pass>
        <Name>Client A</Name>
      </Server>
    </Folder>
  </Servers>
</FileZilla3>
`;

describe('importFileZilla', () => {
  it('imports SFTP sites (nested folders too) and skips FTP with a reason', () => {
    const result = importFileZilla(SITEMANAGER);
    expect(result.profiles).toEqual([
      {
        name: 'Pyplan & Co',
        host: 'sftp.pyplan.com',
        port: 22,
        user: 'analyst',
        keyPath: 'C:\\Users\\ana\\keys\\cert.pem',
        remoteFolder: '/upload/Q1 reports',
      },
      { name: 'Clients/Client A', host: 'files.client.example', port: 2022, user: 'ana' },
    ]);
    expect(result.skipped).toEqual([{ name: 'Old FTP', reason: 'notSftp', protocol: 'FTP' }]);
    expect(JSON.stringify(result)).not.toContain('c2VjcmV0');
  });

  it('decodes FileZilla remote paths', () => {
    expect(decodeFileZillaPath('1 0 4 home 7 analyst')).toBe('/home/analyst');
    expect(decodeFileZillaPath('1 0')).toBe('/');
    expect(decodeFileZillaPath('8 0 1 C')).toBeUndefined();
  });

  it('refuses a file that is not XML', () => {
    expect(() => importFileZilla('<FileZilla3><Servers>')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

const WINSCP_INI = `[Configuration\\Interface]
Theme=Dark

[Sessions\\Default%20Settings]
HostName=

[Sessions\\analyst@sftp.pyplan.com]
HostName=sftp.pyplan.com
UserName=analyst
PublicKeyFile=C:%5CUsers%5Cana%5Ckeys%5Cpyplan.ppk
RemoteDirectory=/upload

[Sessions\\Clients/Client%20B]
HostName=files.b.example
PortNumber=2200
UserName=ana
FSProtocol=2
Password=A35C4E5D

[Sessions\\Old%20FTP]
HostName=ftp.example.com
FSProtocol=5
`;

describe('importWinScp', () => {
  it('imports SFTP sessions with URL-decoded names and paths, dotted names intact', () => {
    const result = importWinScp(WINSCP_INI);
    expect(result.profiles).toEqual([
      {
        name: 'analyst@sftp.pyplan.com',
        host: 'sftp.pyplan.com',
        port: 22,
        user: 'analyst',
        keyPath: 'C:\\Users\\ana\\keys\\pyplan.ppk',
        remoteFolder: '/upload',
      },
      { name: 'Clients/Client B', host: 'files.b.example', port: 2200, user: 'ana' },
    ]);
    expect(result.skipped).toEqual([{ name: 'Old FTP', reason: 'notSftp', protocol: 'FTP' }]);
    expect(JSON.stringify(result)).not.toContain('A35C4E5D');
  });
});

describe('ProfileImporter', () => {
  it('reads each program from its usual place under the user home', async () => {
    const home = join(base, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    mkdirSync(join(home, '.config', 'filezilla'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), 'Host h1\n  HostName h1.example\n  User u\n');
    writeFileSync(join(home, '.config', 'filezilla', 'sitemanager.xml'), SITEMANAGER);
    const importer = new ProfileImporter({ home, localUser: 'ana', platform: 'linux' });
    const ssh = await importer.importFrom('sshConfig');
    expect(ssh.path).toBe(join(home, '.ssh', 'config'));
    expect(ssh.profiles.map((p) => p.host)).toEqual(['h1.example']);
    expect((await importer.importFrom('filezilla')).profiles).toHaveLength(2);
    // WinSCP has no usual place outside Windows: the user is told to pick the file.
    await expect(importer.importFrom('winscp')).rejects.toMatchObject({
      code: 'IMPORT_NOT_FOUND',
      details: { program: 'WinSCP' },
    });
    const iniPath = join(base, 'WinSCP.ini');
    writeFileSync(iniPath, WINSCP_INI);
    expect((await importer.importFrom('winscp', iniPath)).profiles).toHaveLength(2);
  });

  it('says which program a missing or unreadable site file is for', async () => {
    const home = join(base, 'empty-home');
    mkdirSync(home, { recursive: true });
    const importer = new ProfileImporter({ home, localUser: 'ana', platform: 'linux' });
    await expect(importer.importFrom('filezilla')).rejects.toMatchObject({
      code: 'IMPORT_NOT_FOUND',
      details: {
        program: 'FileZilla',
        path: join(home, '.config', 'filezilla', 'sitemanager.xml'),
      },
    });
    const notXml = join(base, 'sitemanager.xml');
    writeFileSync(notXml, '<FileZilla3><Servers>');
    await expect(importer.importFrom('filezilla', notXml)).rejects.toMatchObject({
      code: 'IMPORT_FILE_INVALID',
      details: { program: 'FileZilla', path: notXml },
    });
  });

  it('knows the Windows locations under %APPDATA%', () => {
    const importer = new ProfileImporter({
      home: 'C:\\Users\\ana',
      localUser: 'ana',
      platform: 'win32',
      appData: 'C:\\Users\\ana\\AppData\\Roaming',
    });
    expect(importer.candidates('winscp')[0]).toMatch(/Roaming.WinSCP\.ini$/);
    expect(importer.candidates('filezilla')[0]).toMatch(/Roaming.FileZilla.sitemanager\.xml$/);
  });
});

/** A tester's file: the 3rd site logs on anonymously (no User), the 4th is IPv6 and asks. */
const FOUR_SITES = `<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.66.1" platform="linux">
  <Servers>
    <Server>
      <Host>sftp.pyplan.example</Host><Port>22</Port><Protocol>1</Protocol>
      <User>analyst</User><Logontype>1</Logontype><Name>Pyplan</Name>
    </Server>
    <Server>
      <Host>files.client.example</Host><Port>2022</Port><Protocol>1</Protocol>
      <User>ana</User><Logontype>1</Logontype><Name>Client A</Name>
    </Server>
    <Server>
      <Host>nouser.example</Host><Port>22</Port><Protocol>1</Protocol>
      <Logontype>0</Logontype><Name>No user</Name>
    </Server>
    <Server>
      <Host>fe80::1</Host><Port>22</Port><Protocol>1</Protocol>
      <User>v6</User><Logontype>2</Logontype><Name>IPv6 box</Name>
    </Server>
  </Servers>
</FileZilla3>
`;

const site = (over: Partial<Parameters<typeof inputFromImported>[0]>) => ({
  name: 'site',
  host: 'h.example',
  port: 22,
  user: 'u',
  ...over,
});

describe('sites that cannot become a profile', () => {
  it('are left out when the file is read, with the reason, and the rest all save', async () => {
    const path = join(base, 'four-sites.xml');
    writeFileSync(path, FOUR_SITES);
    const importer = new ProfileImporter({ home: base, localUser: 'ana', platform: 'linux' });
    const result = await importer.importFrom('filezilla', path);
    expect(result.profiles).toEqual([
      { name: 'Pyplan', host: 'sftp.pyplan.example', port: 22, user: 'analyst' },
      { name: 'Client A', host: 'files.client.example', port: 2022, user: 'ana' },
      { name: 'IPv6 box', host: 'fe80::1', port: 22, user: 'v6' },
    ]);
    expect(result.skipped).toEqual([{ name: 'No user', reason: 'noUser' }]);
    for (const profile of result.profiles) {
      expect(ProfileInputSchema.safeParse(inputFromImported(profile)).success).toBe(true);
    }
  });

  it('leaves out WinSCP sessions without a user name too', () => {
    const ini = '[Sessions\\Bare]\nHostName=bare.example\n';
    expect(sortOutImported(importWinScp(ini))).toEqual({
      profiles: [],
      skipped: [{ name: 'Bare', reason: 'noUser' }],
    });
  });

  it('tidies what a profile can hold: IPv6 brackets, long names', () => {
    const long = `Clients/${'Region/'.repeat(20)}Site`;
    const result = sortOutImported({
      profiles: [
        site({ name: 'v6', host: '[fe80::1]' }),
        site({ name: 'zone', host: '[fe80::1%eth0]' }),
        site({ name: long }),
        site({ name: `${'x'.repeat(99)}😀` }),
      ],
      skipped: [],
    });
    expect(result.skipped).toEqual([]);
    expect(result.profiles.map((p) => p.host)).toEqual([
      'fe80::1',
      'fe80::1%eth0',
      'h.example',
      'h.example',
    ]);
    expect(result.profiles[2]?.name).toBe(long.slice(0, 100));
    expect(result.profiles[3]?.name).toBe('x'.repeat(99));
  });

  it('names the field a profile cannot hold instead of failing at save', () => {
    const result = sortOutImported({
      profiles: [
        site({ name: 'url', host: 'sftp://files.example' }),
        site({ name: 'at', host: 'ana@files.example' }),
        site({ name: 'long user', user: 'u'.repeat(101) }),
        site({ name: 'nul key', keyPath: 'C:\\keys\0.pem' }),
        site({ name: 'deep', remoteFolder: `/${'d'.repeat(5000)}` }),
        site({ name: 'blank', host: '   ' }),
        site({ name: 'ok', host: '10.0.0.1', user: 'ana' }),
      ],
      skipped: [{ name: 'Old FTP', reason: 'notSftp', protocol: 'FTP' }],
    });
    expect(result.profiles.map((p) => p.name)).toEqual(['ok']);
    expect(result.skipped).toEqual([
      { name: 'Old FTP', reason: 'notSftp', protocol: 'FTP' },
      { name: 'url', reason: 'invalid', field: 'host' },
      { name: 'at', reason: 'invalid', field: 'host' },
      { name: 'long user', reason: 'invalid', field: 'user' },
      { name: 'nul key', reason: 'invalid', field: 'keyPath' },
      { name: 'deep', reason: 'invalid', field: 'remoteFolder' },
      { name: 'blank', reason: 'noHost' },
    ]);
  });
});
