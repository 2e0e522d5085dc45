import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { SecretBox as PgpSecretBox } from '../pgp/secretBox.ts';
import type { SecretBox } from './stores.ts';

/**
 * AES-256-GCM with a random key that lives only in this process. For tests and the e2e
 * harness: sealed values are unreadable after a restart, which is fine there. The app uses
 * safeStorage (electron/platform/secretBox.ts).
 */
export class EphemeralSecretBox implements SecretBox {
  readonly #key = randomBytes(32);

  isAvailable(): boolean {
    return true;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new AppError('SETTINGS_INVALID', 'sealed secret cannot be opened', {}, err);
    }
  }
}

/** A computer without a keychain: every attempt to keep a secret is refused. */
export const NO_SECRET_BOX: SecretBox = {
  isAvailable: () => false,
  seal: () => {
    throw new AppError('SECRET_STORAGE_UNAVAILABLE', 'no secure storage on this computer');
  },
  open: () => {
    throw new AppError('SECRET_STORAGE_UNAVAILABLE', 'no secure storage on this computer');
  },
};

/** The same protection in the shape the OpenPGP keyring uses (bytes, async). */
export function pgpSecretBox(box: SecretBox): PgpSecretBox {
  return {
    seal: async (plain) => Buffer.from(box.seal(Buffer.from(plain).toString('base64')), 'utf8'),
    open: async (sealed) => Buffer.from(box.open(Buffer.from(sealed).toString('utf8')), 'base64'),
  };
}
