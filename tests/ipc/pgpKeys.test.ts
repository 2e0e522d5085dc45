import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { createGpg } from '../helpers/gpg.ts';
import { createTestApp, type TestApp, value } from './testServices.ts';

// Settings → OpenPGP keys: a key pair made in the app and its public half handed out, through
// the same handlers the window calls.
let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(async () => {
  await app.close();
});

interface KeyInfo {
  fingerprint: string;
  userIds: string[];
  algorithm: string;
  hasSecret: boolean;
  canEncrypt: boolean;
  expiresMs?: number;
}

const ANA = { name: 'Ana Lyst', email: 'ana@example.com' };

describe('pgp:generateKey and pgp:exportPublicKey', () => {
  it('makes a Curve25519 pair, keeps the secret sealed, exports a key gpg imports', async () => {
    const key = value<KeyInfo>(await app.call('pgp:generateKey', ANA));
    expect(key).toMatchObject({
      userIds: ['Ana Lyst <ana@example.com>'],
      algorithm: 'ed25519',
      hasSecret: true,
      canEncrypt: true,
    });
    expect(key.expiresMs).toBeUndefined();
    expect(value<KeyInfo[]>(await app.call('pgp:listKeys'))).toEqual([key]);

    // At rest the secret half is sealed: no OpenPGP packet and nothing gpg can import.
    const dir = join(app.dataDir, 'pgp');
    const sealed = readFileSync(join(dir, `${key.fingerprint}.sec`));
    expect(sealed.toString('latin1')).not.toMatch(/PRIVATE KEY|Ana Lyst/);
    expect(readdirSync(dir).sort()).toEqual(
      ['.pub.asc', '.sec', '.sec.json'].map((s) => key.fingerprint + s),
    );

    const { armored } = value<{ armored: string }>(
      await app.call('pgp:exportPublicKey', { fingerprint: key.fingerprint }),
    );
    expect(armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(armored).not.toContain('PRIVATE');
    const gpg = createGpg();
    try {
      gpg.ok(['--import'], { input: armored });
      expect(gpg.fingerprint('ana@example.com')).toBe(key.fingerprint);
      // Only the public half went out: gpg holds no secret key for it.
      expect(gpg.run(['--list-secret-keys', key.fingerprint]).status).not.toBe(0);
    } finally {
      gpg.dispose();
    }
  });

  it('protects the secret half with the passphrase given', async () => {
    const key = value<KeyInfo>(
      await app.call('pgp:generateKey', { ...ANA, passphrase: 'correct horse' }),
    );
    const meta = readFileSync(join(app.dataDir, 'pgp', `${key.fingerprint}.sec.json`), 'utf8');
    expect(JSON.parse(meta)).toEqual({ needsPassphrase: true });
    expect(app.logger.lines.join('\n')).not.toContain('correct horse');
  });

  it('refuses a name or email that cannot make a user ID, keeping nothing', async () => {
    for (const bad of [
      { ...ANA, email: 'not an email' },
      { ...ANA, name: 'Ana <evil@example.com>' },
      { ...ANA, name: '   ' },
      { ...ANA, passphrase: '' },
    ]) {
      const result = (await app.call('pgp:generateKey', bad)) as Result<unknown>;
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('IPC_INVALID_REQUEST');
    }
    expect(value<KeyInfo[]>(await app.call('pgp:listKeys'))).toEqual([]);
  });

  it('answers only the app window', async () => {
    const foreign = { sender: { url: 'https://evil.example/', isTopFrame: true } };
    const made = await app.handlers['pgp:generateKey'](ANA, foreign);
    expect(made).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const key = value<KeyInfo>(await app.call('pgp:generateKey', ANA));
    const exported = await app.handlers['pgp:exportPublicKey'](
      { fingerprint: key.fingerprint },
      foreign,
    );
    expect(exported).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
  });

  it('says plainly that a deleted key cannot be exported', async () => {
    const key = value<KeyInfo>(await app.call('pgp:generateKey', ANA));
    value(await app.call('pgp:deleteKey', { fingerprint: key.fingerprint }));
    const result = (await app.call('pgp:exportPublicKey', {
      fingerprint: key.fingerprint,
    })) as Result<unknown>;
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'PGP_KEY_NOT_FOUND', details: { fingerprint: key.fingerprint } },
    });
  });
});
