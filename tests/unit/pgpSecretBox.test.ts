import { describe, expect, it } from 'vitest';
import { createPassphraseSecretBox } from '../../electron/services/pgp/secretBox.ts';

const plain = new TextEncoder().encode('-----BEGIN PGP PRIVATE KEY BLOCK----- fake');
const locked = expect.objectContaining({ code: 'PGP_KEYRING_LOCKED' });

describe('passphrase SecretBox (scrypt + AES-256-GCM)', () => {
  it('opens what it sealed, also from another box with the same passphrase', async () => {
    const sealed = await createPassphraseSecretBox('s3cret').seal(plain);
    expect(Buffer.from(sealed).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    const reopened = await createPassphraseSecretBox('s3cret').open(sealed);
    expect(Buffer.from(reopened).equals(Buffer.from(plain))).toBe(true);
  });

  it('never seals the same data to the same bytes (fresh IV)', async () => {
    const box = createPassphraseSecretBox('s3cret');
    const [a, b] = [await box.seal(plain), await box.seal(plain)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('refuses a wrong passphrase, an altered byte, and foreign data', async () => {
    const sealed = await createPassphraseSecretBox('s3cret').seal(plain);
    await expect(createPassphraseSecretBox('wrong').open(sealed)).rejects.toEqual(locked);
    const altered = Uint8Array.from(sealed);
    altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 1;
    await expect(createPassphraseSecretBox('s3cret').open(altered)).rejects.toEqual(locked);
    const header = Uint8Array.from(sealed);
    header[5] = 30; // scrypt cost beyond what we accept: refused before any work
    await expect(createPassphraseSecretBox('s3cret').open(header)).rejects.toEqual(locked);
    await expect(createPassphraseSecretBox('s3cret').open(plain)).rejects.toEqual(locked);
    expect(() => createPassphraseSecretBox('')).toThrow(/empty passphrase/);
  });
});
