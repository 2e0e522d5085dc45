import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PgpKeyring } from '../../electron/services/pgp/keyring.ts';
import { createPassphraseSecretBox } from '../../electron/services/pgp/secretBox.ts';
import { PgpWorkerPool } from '../../electron/services/pgp/workerPool.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';

const PLATFORM = '76247DB6B9C8CB9B3833C9D571450356B1A431CF';
const ANALYST = 'A8081660973D238342A36E3E6F943E16D8772A1C';
const EXPIRED = '821AD8BC28B2AFA60665986D28C6A6D2D5826C72';
const SIGNONLY = '2B7BCC5EE8435C56B9FC93B955279688D17BDCAF';

const fixture = (name: string) => readFileSync(join(PGP_KEYS, name));
const pool = new PgpWorkerPool();
const root = mkdtempSync(join(tmpdir(), 'pgp-keyring-'));
let keyring: PgpKeyring;
let dir: string;

beforeEach(({ task }) => {
  dir = join(root, task.id);
  keyring = new PgpKeyring({ dir, secretBox: createPassphraseSecretBox('at-rest'), pool });
});

afterAll(async () => {
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

describe('PgpKeyring (real openpgp.js in worker threads, under vitest)', () => {
  it('imports armored and binary public keys and lists what they can do', async () => {
    await keyring.import(fixture('platform-ed25519.pub.gpg'));
    await keyring.import(fixture('expired.pub.asc'));
    await keyring.import(fixture('signonly.pub.asc'));
    const keys = Object.fromEntries((await keyring.list()).map((k) => [k.fingerprint, k]));

    expect(keys[PLATFORM]).toMatchObject({
      userIds: ['Fixture Platform <platform@example.com>'],
      algorithm: 'ed25519',
      status: 'valid',
      canEncrypt: true,
      canSign: true,
      hasSecret: false,
      expiresMs: null,
    });
    expect(keys[PLATFORM]?.subkeys[0]).toMatchObject({ algorithm: 'cv25519', canEncrypt: true });
    expect(keys[EXPIRED]).toMatchObject({ status: 'expired', expiresMs: Date.UTC(2024, 11, 31) });
    expect(keys[SIGNONLY]).toMatchObject({ status: 'valid', canEncrypt: false, canSign: true });
  });

  it('keeps secret keys sealed at rest and hands them back unsealed', async () => {
    const [info] = await keyring.import(fixture('analyst-rsa.sec.asc'));
    expect(info).toMatchObject({
      fingerprint: ANALYST,
      hasSecret: true,
      secretNeedsPassphrase: true,
    });

    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'latin1');
      expect(text).not.toContain('PRIVATE KEY');
      expect(statSync(join(dir, name)).mode & 0o077).toBe(0);
    }
    expect(statSync(dir).mode & 0o077).toBe(0);
    const sealed = readFileSync(join(dir, `${ANALYST}.sec`));
    const secret = await keyring.secretKey(ANALYST);
    expect(Buffer.from(secret).equals(sealed)).toBe(false);
    expect(secret[0]! & 0x80).toBe(0x80); // binary OpenPGP packets
    expect(await keyring.exportPublic(ANALYST)).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(await keyring.exportPublic(ANALYST)).not.toContain('PRIVATE');
  });

  it('refuses to unseal with another passphrase', async () => {
    await keyring.import(fixture('platform-ed25519.sec.asc'));
    const other = new PgpKeyring({ dir, secretBox: createPassphraseSecretBox('nope'), pool });
    await expect(other.secretKeys()).rejects.toMatchObject({ code: 'PGP_KEYRING_LOCKED' });
    expect(await other.list()).toHaveLength(1);
  });

  it('merges a re-import: public key first, then its secret half', async () => {
    await keyring.import(fixture('platform-ed25519.pub.asc'));
    const [merged] = await keyring.import(fixture('platform-ed25519.sec.asc'));
    expect(merged).toMatchObject({
      fingerprint: PLATFORM,
      hasSecret: true,
      secretNeedsPassphrase: false,
    });
    await keyring.import(fixture('platform-ed25519.pub.gpg'));
    expect(await keyring.list()).toHaveLength(1);
    expect((await keyring.list())[0]?.hasSecret).toBe(true);
    await keyring.remove(PLATFORM);
    expect(await keyring.list()).toEqual([]);
  });

  it('refuses what is not a key, with PGP_KEY_INVALID', async () => {
    await expect(keyring.import(fixture('report.csv'))).rejects.toMatchObject({
      code: 'PGP_KEY_INVALID',
    });
    await expect(keyring.import(fixture('report.csv.gpg'))).rejects.toMatchObject({
      code: 'PGP_KEY_INVALID',
    });
    await expect(keyring.import('')).rejects.toMatchObject({ code: 'PGP_KEY_INVALID' });
    await expect(keyring.exportPublic('../../etc/passwd')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    // A key that is not held is named, not reported as a missing file.
    await expect(keyring.exportPublic(PLATFORM)).rejects.toMatchObject({
      code: 'PGP_KEY_NOT_FOUND',
      details: { fingerprint: PLATFORM },
    });
  });

  it('generates a Curve25519 key pair in the v4 form GnuPG 2.2 reads', async () => {
    const info = await keyring.generate({
      name: 'Ana Lyst',
      email: 'ana@example.com',
      algorithm: 'curve25519',
      passphrase: 'pw',
      expiresInDays: 365,
    });
    expect(info).toMatchObject({
      userIds: ['Ana Lyst <ana@example.com>'],
      algorithm: 'ed25519',
      status: 'valid',
      canEncrypt: true,
      canSign: true,
      hasSecret: true,
      secretNeedsPassphrase: true,
    });
    expect(info.fingerprint).toHaveLength(40);
    expect(info.subkeys.map((s) => s.algorithm)).toEqual(['cv25519']);
    expect(info.expiresMs! - info.createdMs).toBe(365 * 24 * 3600 * 1000);
  });
});
