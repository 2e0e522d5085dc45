import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { connectTo, tempDir } from '../helpers/session.ts';
import { FIXTURE_PASSPHRASE, SSH_KEYS } from '../helpers/fixtures.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import type { AppError } from '../../shared/errors.ts';
import type { HostKeyInfo } from '../../electron/services/ssh/connect.ts';

const GOOD_KEYS = [
  'rsa-pem.key',
  'rsa-pem-encrypted.key',
  'rsa-pkcs8.key',
  'rsa-openssh.key',
  'ed25519-openssh.key',
  'ed25519-openssh-encrypted.key',
  'ecdsa-p256-openssh.key',
  'ecdsa-p384-pem.key',
  'rsa-v2.ppk',
  'ed25519-v3.ppk',
  'rsa-v3-encrypted.ppk',
];

async function fixtureKey(name: string) {
  const needsPass = name.includes('encrypted');
  return readPrivateKeyFile(join(SSH_KEYS, name), needsPass ? FIXTURE_PASSPHRASE : undefined);
}

describe('logging in with every kind of key a user may be handed', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it.each(GOOD_KEYS)('%s logs in and opens SFTP', async (name) => {
    const connection = await connectTo(sshd, { key: await fixtureKey(name) });
    const session = await connection.sftp();
    expect(await session.realpath('.')).toBe(sshd.root);
    await connection.close();
  });

  it('a key the server does not know is refused as AUTH_FAILED naming the user', async () => {
    const stranger = join(tempDir(), 'stranger');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const err = (await connectTo(sshd, { key: await readPrivateKeyFile(stranger) }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.details.user).toBe(sshd.user);
  });
});

describe('host key trust', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('refuses an unknown host without a decision, then remembers a trusted one', async () => {
    const file = join(tempDir(), 'known_hosts');
    const knownHosts = new KnownHostsFile(file);
    const refused = (await connectTo(sshd, { knownHosts, confirmHostKey: undefined }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(refused.code).toBe('HOST_KEY_UNKNOWN');
    expect(refused.details.fingerprint).toBe(sshd.hostKeys['ssh-ed25519']?.fingerprint);

    const asked: HostKeyInfo[] = [];
    const first = await connectTo(sshd, {
      knownHosts,
      confirmHostKey: async (info) => {
        asked.push(info);
        return true;
      },
    });
    await first.close();
    expect(asked).toEqual([
      {
        host: '127.0.0.1',
        port: sshd.port,
        keyType: 'ssh-ed25519',
        fingerprint: sshd.hostKeys['ssh-ed25519']?.fingerprint,
      },
    ]);
    expect(readFileSync(file, 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);

    // Trusted now: no question asked, and declining would not matter.
    const again = await connectTo(sshd, { knownHosts, confirmHostKey: async () => false });
    await again.close();
  });

  it('refuses a changed key, naming the old and new fingerprints, never asking', async () => {
    const other = await startSshd();
    const file = join(tempDir(), 'known_hosts');
    const oldLine = other.hostKeys['ssh-ed25519']?.publicLine.split(' ').slice(0, 2).join(' ');
    writeFileSync(file, `[127.0.0.1]:${sshd.port} ${oldLine}\n`);
    await other.stop();
    let asked = false;
    const err = (await connectTo(sshd, {
      knownHosts: new KnownHostsFile(file),
      confirmHostKey: async () => {
        asked = true;
        return true;
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(asked).toBe(false);
    expect(err.code).toBe('HOST_KEY_MISMATCH');
    expect(String(err.details.expected)).toContain(other.hostKeys['ssh-ed25519']?.fingerprint);
    expect(err.details.fingerprint).toBe(sshd.hostKeys['ssh-ed25519']?.fingerprint);
  });
});

describe('a server that accepts only SHA-2 RSA signatures', () => {
  it('logs in with RSA keys using rsa-sha2-512/256', async () => {
    const sshd = await startSshd({
      config: ['PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256'],
    });
    try {
      for (const name of ['rsa-pem.key', 'rsa-pkcs8.key', 'rsa-openssh.key', 'rsa-v2.ppk']) {
        const connection = await connectTo(sshd, { key: await fixtureKey(name) });
        await connection.close();
      }
      expect(sshd.log()).toMatch(/Accepted publickey .* RSA SHA256:/);
      expect(sshd.log()).not.toMatch(/userauth_pubkey: key type ssh-rsa not in/);
    } finally {
      await sshd.stop();
    }
  });
});

describe('reaching the server', () => {
  it('tells a refused port and an unknown name apart', async () => {
    const key = await fixtureKey('ed25519-openssh.key');
    const knownHosts = new KnownHostsFile(join(tempDir(), 'kh'));
    const { openConnection } = await import('../../electron/services/ssh/connect.ts');
    const refused = (await openConnection({
      host: '127.0.0.1',
      port: 1,
      username: 'x',
      key,
      knownHosts,
    }).catch((e: unknown) => e)) as AppError;
    expect(refused.code).toBe('CONNECTION_REFUSED');
    const unknown = (await openConnection({
      host: 'no-such-host.invalid',
      port: 22,
      username: 'x',
      key,
      knownHosts,
    }).catch((e: unknown) => e)) as AppError;
    expect(unknown.code).toBe('HOST_NOT_FOUND');
  });

  it('times out with the allow-list hint when the server never answers', async () => {
    const { createServer } = await import('node:net');
    // Accepts TCP but never speaks: what a firewall-filtered or stalled endpoint looks like.
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const { openConnection } = await import('../../electron/services/ssh/connect.ts');
    const err = (await openConnection({
      host: '127.0.0.1',
      port,
      username: 'x',
      key: await fixtureKey('ed25519-openssh.key'),
      knownHosts: new KnownHostsFile(join(tempDir(), 'kh')),
      readyTimeoutMs: 1500,
    }).catch((e: unknown) => e)) as AppError;
    silent.close();
    expect(err.code).toBe('TIMEOUT');
    const { ERROR_TEXT_EN } = await import('../../shared/i18n/errors.en.ts');
    expect(ERROR_TEXT_EN.TIMEOUT(err.details)).toContain('allow-list');
  });
});
