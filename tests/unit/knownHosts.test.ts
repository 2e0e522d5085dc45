import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  chmodSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KnownHostsFile,
  defaultKnownHostsPath,
  fingerprintSha256,
} from '../../electron/services/ssh/knownHosts.ts';

/** A host key made by the real ssh-keygen, as its .pub line and decoded blob. */
interface HostKey {
  type: string;
  base64: string;
  blob: Buffer;
  pubPath: string;
}

let dir: string;
const keys: Record<'ed1' | 'ed2' | 'ecdsa' | 'rsa', HostKey> = {} as never;

function makeKey(name: string, type: string): HostKey {
  const path = join(dir, name);
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'test', '-f', path]);
  const [keyType, base64] = readFileSync(`${path}.pub`, 'utf8').trim().split(' ');
  return {
    type: keyType ?? '',
    base64: base64 ?? '',
    blob: Buffer.from(base64 ?? '', 'base64'),
    pubPath: `${path}.pub`,
  };
}

function line(hosts: string, key: HostKey, marker = ''): string {
  return `${marker ? `${marker} ` : ''}${hosts} ${key.type} ${key.base64}`;
}

let fileCount = 0;
function fileWith(lines: string[]): string {
  const path = join(dir, `known_hosts_${++fileCount}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function status(path: string, host: string, port: number, key: HostKey): Promise<string> {
  return (await new KnownHostsFile(path).check(host, port, key.type, key.blob)).status;
}

/** `ssh-keygen -F name -f file`: exit 0 and the matching line when OpenSSH finds the host. */
function keygenFind(path: string, name: string): { found: boolean; output: string } {
  const result = spawnSync('ssh-keygen', ['-F', name, '-f', path], { encoding: 'utf8' });
  return { found: result.status === 0, output: result.stdout };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyplan-known-hosts-'));
  keys.ed1 = makeKey('ed1', 'ed25519');
  keys.ed2 = makeKey('ed2', 'ed25519');
  keys.ecdsa = makeKey('ecdsa', 'ecdsa');
  keys.rsa = makeKey('rsa', 'rsa');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fingerprintSha256', () => {
  it.each(['ed1', 'ecdsa', 'rsa'] as const)('equals ssh-keygen -l -E sha256 for %s', (name) => {
    const key = keys[name];
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.pubPath]);
    expect(fingerprintSha256(key.blob)).toBe(printed.toString().split(' ')[1]);
  });
});

describe('defaultKnownHostsPath', () => {
  it('puts the file inside the app folder, never ~/.ssh', () => {
    expect(defaultKnownHostsPath('/data/app')).toBe('/data/app/known_hosts');
  });
});

describe('KnownHostsFile.check: host matching', () => {
  it('matches a plain host name on port 22 only, ignoring case', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed1)]);
    expect(await status(path, 'SFTP.Example.com', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, 'sftp.example.com', 2222, keys.ed1)).toBe('unknown');
    expect(await status(path, 'other.example.com', 22, keys.ed1)).toBe('unknown');
  });

  it('matches [host]:port entries on that port only', async () => {
    const path = fileWith([line('[127.0.0.1]:2222', keys.ed1)]);
    expect(await status(path, '127.0.0.1', 2222, keys.ed1)).toBe('trusted');
    expect(await status(path, '127.0.0.1', 22, keys.ed1)).toBe('unknown');
    expect(await status(path, '127.0.0.1', 2223, keys.ed1)).toBe('unknown');
  });

  it('matches any name of a comma-separated list', async () => {
    const path = fileWith([line('a.example.com,b.example.com,[c.example.com]:2022', keys.ed1)]);
    expect(await status(path, 'b.example.com', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, 'c.example.com', 2022, keys.ed1)).toBe('trusted');
    expect(await status(path, 'c.example.com', 22, keys.ed1)).toBe('unknown');
  });

  it('honours * and ? wildcards and !negation', async () => {
    const path = fileWith([line('*.example.com,!secret.example.com,host?.test', keys.ed1)]);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, 'host7.test', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, 'host17.test', 22, keys.ed1)).toBe('unknown');
    expect(await status(path, 'secret.example.com', 22, keys.ed1)).toBe('unknown');
    expect(await status(path, 'example.com', 22, keys.ed1)).toBe('unknown');
  });

  it('does not treat dots in a pattern as wildcards', async () => {
    const path = fileWith([line('a.b', keys.ed1)]);
    expect(await status(path, 'axb', 22, keys.ed1)).toBe('unknown');
  });

  it('reads entries hashed by the real ssh-keygen -H', async () => {
    const path = fileWith([
      line('sftp.example.com', keys.ed1),
      line('[127.0.0.1]:2222', keys.ecdsa),
    ]);
    execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('example.com');
    expect(text).toMatch(/^\|1\|/m);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, '127.0.0.1', 2222, keys.ecdsa)).toBe('trusted');
    expect(await status(path, '127.0.0.1', 22, keys.ecdsa)).toBe('unknown');
    expect(await status(path, 'sftp.example.org', 22, keys.ed1)).toBe('unknown');
  });

  it('skips comments, blank lines, garbage and @cert-authority lines', async () => {
    const path = fileWith([
      '# a comment naming sftp.example.com',
      '',
      'sftp.example.com ssh-ed25519 not-base64-at-all',
      'sftp.example.com',
      line('sftp.example.com', keys.ed2, '@cert-authority'),
      line('sftp.example.com', keys.ed1, '@unknown-marker'),
    ]);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('unknown');
  });

  it('reports unknown when the file does not exist', async () => {
    expect(await status(join(dir, 'missing', 'known_hosts'), 'h', 22, keys.ed1)).toBe('unknown');
  });
});

describe('KnownHostsFile.check: decisions', () => {
  it('reports mismatch with the stored fingerprints when the same key type differs', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed1), line('*.example.com', keys.ed1)]);
    const check = await new KnownHostsFile(path).check(
      'sftp.example.com',
      22,
      'ssh-ed25519',
      keys.ed2.blob,
    );
    expect(check).toEqual({
      status: 'mismatch',
      expected: [{ keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(keys.ed1.blob) }],
    });
  });

  it('trusts a key found on any line even when another line has a different key', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed2), line('sftp.example.com', keys.ed1)]);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('trusted');
  });

  it('reports unknown when only keys of other types are stored', async () => {
    const path = fileWith([
      line('sftp.example.com', keys.ecdsa),
      line('sftp.example.com', keys.rsa),
    ]);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('unknown');
  });

  it('reports revoked for a @revoked key, even when another line trusts it', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed1), line('*', keys.ed1, '@revoked')]);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('revoked');
    expect(await status(path, 'sftp.example.com', 22, keys.ed2)).toBe('mismatch');
  });

  it('treats rsa-sha2-* signature names as the ssh-rsa key type', async () => {
    const path = fileWith([line('sftp.example.com', keys.rsa)]);
    const check = await new KnownHostsFile(path).check(
      'sftp.example.com',
      22,
      'rsa-sha2-512',
      keys.rsa.blob,
    );
    expect(check.status).toBe('trusted');
  });

  it('rejects a key type that contradicts the blob', async () => {
    const path = fileWith([]);
    const result = new KnownHostsFile(path).check('h', 22, 'ssh-rsa', keys.ed1.blob);
    await expect(result).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('KnownHostsFile.add', () => {
  it('creates folder (0700) and file (0600) with a [host]:port line OpenSSH finds', async () => {
    const path = join(dir, 'new-app-home', 'ssh', 'known_hosts');
    await new KnownHostsFile(path).add('127.0.0.1', 2222, keys.ed1.type, keys.ed1.blob);

    expect(statSync(join(dir, 'new-app-home')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${keys.ed1.base64}\n`);
    const found = keygenFind(path, '[127.0.0.1]:2222');
    expect(found.found).toBe(true);
    expect(found.output).toContain(keys.ed1.base64);
    expect(keygenFind(path, '127.0.0.1').found).toBe(false);
    expect(await status(path, '127.0.0.1', 2222, keys.ed1)).toBe('trusted');
  });

  it('writes the plain host name for port 22', async () => {
    const path = join(dir, 'port22', 'known_hosts');
    await new KnownHostsFile(path).add('SFTP.Example.com', 22, 'rsa-sha2-256', keys.rsa.blob);

    expect(readFileSync(path, 'utf8')).toBe(`sftp.example.com ssh-rsa ${keys.rsa.base64}\n`);
    expect(keygenFind(path, 'sftp.example.com').found).toBe(true);
  });

  it('keeps existing bytes and ends an unfinished last line first', async () => {
    const before = `# kept comment\r\n\n${line('old.example.com', keys.ecdsa)}   # trailing`;
    const path = join(dir, 'no-final-newline');
    writeFileSync(path, before);
    chmodSync(path, 0o644);
    await new KnownHostsFile(path).add('new.example.com', 22, keys.ed1.type, keys.ed1.blob);

    const after = readFileSync(path, 'utf8');
    expect(after).toBe(`${before}\nnew.example.com ssh-ed25519 ${keys.ed1.base64}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(await status(path, 'old.example.com', 22, keys.ecdsa)).toBe('trusted');
    expect(keygenFind(path, 'new.example.com').found).toBe(true);
  });

  it('adds nothing when the key is already trusted', async () => {
    const path = fileWith([line('*.example.com', keys.ed1)]);
    const before = readFileSync(path, 'utf8');
    await new KnownHostsFile(path).add('sftp.example.com', 22, keys.ed1.type, keys.ed1.blob);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('adds a second key type for a host that has another type only', async () => {
    const path = fileWith([line('sftp.example.com', keys.ecdsa)]);
    await new KnownHostsFile(path).add('sftp.example.com', 22, keys.ed1.type, keys.ed1.blob);
    expect(await status(path, 'sftp.example.com', 22, keys.ed1)).toBe('trusted');
    expect(await status(path, 'sftp.example.com', 22, keys.ecdsa)).toBe('trusted');
  });

  // Lines are built lazily: the keys only exist once beforeAll has run.
  it.each([
    ['a changed', () => [line('sftp.example.com', keys.ed2)]],
    ['a revoked', () => [line('*', keys.ed1, '@revoked')]],
  ])('refuses %s key and leaves the file alone', async (_label, lines) => {
    const path = fileWith(lines());
    const before = readFileSync(path, 'utf8');
    const store = new KnownHostsFile(path);
    const result = store.add('sftp.example.com', 22, keys.ed1.type, keys.ed1.blob);
    await expect(result).rejects.toMatchObject({ code: 'HOST_KEY_MISMATCH' });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('maps a file system failure to an AppError', async () => {
    const path = join(dir, 'is-a-folder');
    mkdirSync(path);
    const result = new KnownHostsFile(path).add('h', 22, keys.ed1.type, keys.ed1.blob);
    await expect(result).rejects.toMatchObject({ name: 'AppError', code: 'IS_A_DIRECTORY' });
  });
});

describe('KnownHostsFile.forget', () => {
  it('removes every trusted line for the host, plain or hashed, and nothing else', async () => {
    const path = fileWith([
      '# my notes',
      line('[127.0.0.1]:2222', keys.ed1),
      line('other.example.com', keys.ecdsa),
      line('[127.0.0.1]:2222', keys.rsa, '@revoked'),
    ]);
    execFileSync('ssh-keygen', ['-H', '-f', path], { stdio: 'ignore' });
    writeFileSync(path, `${readFileSync(path, 'utf8')}${line('[127.0.0.1]:2222', keys.ecdsa)}\n`);
    chmodSync(path, 0o640);

    expect(await new KnownHostsFile(path).forget('127.0.0.1', 2222)).toBe(2);

    expect(keygenFind(path, '[127.0.0.1]:2222').output).not.toContain(keys.ed1.base64);
    expect(await status(path, '127.0.0.1', 2222, keys.ed2)).toBe('unknown');
    expect(await status(path, '127.0.0.1', 2222, keys.rsa)).toBe('revoked');
    expect(await status(path, 'other.example.com', 22, keys.ecdsa)).toBe('trusted');
    expect(readFileSync(path, 'utf8')).toContain('# my notes');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('after forgetting a changed key, the new one can be trusted', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed1)]);
    const store = new KnownHostsFile(path);
    expect(await status(path, 'sftp.example.com', 22, keys.ed2)).toBe('mismatch');
    expect(await store.forget('SFTP.example.com', 22)).toBe(1);
    await store.add('sftp.example.com', 22, keys.ed2.type, keys.ed2.blob);
    expect(await status(path, 'sftp.example.com', 22, keys.ed2)).toBe('trusted');
  });

  it('changes nothing for a host it does not know, or a missing file', async () => {
    const path = fileWith([line('sftp.example.com', keys.ed1)]);
    const before = readFileSync(path, 'utf8');
    expect(await new KnownHostsFile(path).forget('sftp.example.com', 2222)).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(await new KnownHostsFile(join(dir, 'absent')).forget('h', 22)).toBe(0);
  });
});
