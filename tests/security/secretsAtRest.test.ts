import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SafeStorage } from 'electron';
import { SafeStorageSecretBox } from '../../electron/platform/secretBox.ts';

/**
 * Threat: secrets (private keys, saved passphrases) written to disk in a form anyone can
 * read. On Linux without a keyring Electron's safeStorage "encrypts" with a fixed, public key
 * ('basic_text'); the app must treat that as no protection and keep nothing.
 */
type Backend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

/**
 * safeStorage as Electron presents it, sealing with AES-GCM under a per-instance key, so a
 * secret sealed by another instance (another computer) always fails to open.
 */
function fakeSafeStorage(available: boolean, backend: Backend): SafeStorage {
  const key = randomBytes(32);
  const fake = {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString: (sealed: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString();
    },
  };
  return fake as unknown as SafeStorage;
}

const SECRET = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n';

describe('secrets at rest (safeStorage)', () => {
  it("refuses Linux's basic_text and unknown backends: nothing is sealed", () => {
    for (const backend of ['basic_text', 'unknown'] as const) {
      const box = new SafeStorageSecretBox(fakeSafeStorage(true, backend), 'linux');
      expect(box.isAvailable(), backend).toBe(false);
      expect(() => box.seal(SECRET)).toThrow(
        expect.objectContaining({ code: 'SECRET_STORAGE_UNAVAILABLE' }),
      );
    }
  });

  it('refuses when the OS offers no encryption at all, on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const box = new SafeStorageSecretBox(fakeSafeStorage(false, 'gnome_libsecret'), platform);
      expect(box.isAvailable(), platform).toBe(false);
    }
  });

  it('seals with a real keyring: the stored text holds no trace of the secret', () => {
    const box = new SafeStorageSecretBox(fakeSafeStorage(true, 'gnome_libsecret'), 'linux');
    expect(box.isAvailable()).toBe(true);
    const sealed = box.seal(SECRET);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('PRIVATE KEY');
    expect(box.open(sealed)).toBe(SECRET);
  });

  it('says a secret sealed elsewhere cannot be opened, without crashing', () => {
    const here = new SafeStorageSecretBox(fakeSafeStorage(true, 'kwallet5'), 'linux');
    const there = new SafeStorageSecretBox(fakeSafeStorage(true, 'kwallet5'), 'linux');
    expect(() => here.open(there.seal(SECRET))).toThrow(
      expect.objectContaining({ code: 'SETTINGS_INVALID' }),
    );
  });
});
