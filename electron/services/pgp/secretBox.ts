import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';

/**
 * At-rest protection of secret keys in the keyring folder. The app passes one built on
 * Electron's safeStorage (the OS keychain); the command line one derived from a passphrase.
 */
export interface SecretBox {
  seal(plain: Uint8Array): Promise<Uint8Array>;
  /** Fails with PGP_KEYRING_LOCKED when the data was sealed by another box or was altered. */
  open(sealed: Uint8Array): Promise<Uint8Array>;
}

const MAGIC = Buffer.from('PTSB1', 'ascii');
/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s, OWASP's recommended floor. */
const LOG_N = 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 3 + SALT_BYTES + IV_BYTES;

function deriveKey(passphrase: string, salt: Buffer, logN: number, r: number, p: number) {
  return new Promise<Buffer>((resolve, reject) => {
    const options = { N: 2 ** logN, r, p, maxmem: 2 * 128 * r * 2 ** logN };
    scrypt(passphrase, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function locked(reason: string): AppError {
  return new AppError('PGP_KEYRING_LOCKED', `secret box: ${reason}`, { reason });
}

/**
 * A SecretBox keyed by a passphrase: scrypt derives an AES-256-GCM key from it and a random
 * salt; each sealed blob carries its parameters, salt and IV in a header that GCM
 * authenticates, so a wrong passphrase or a changed byte is detected rather than misread.
 */
export function createPassphraseSecretBox(passphrase: string): SecretBox {
  if (passphrase === '') throw locked('empty passphrase');
  const keys = new Map<string, Promise<Buffer>>();
  const keyFor = (salt: Buffer, logN: number, r: number, p: number) => {
    const id = `${salt.toString('hex')}:${logN}:${r}:${p}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = deriveKey(passphrase, salt, logN, r, p);
      keys.set(id, key);
    }
    return key;
  };
  // One salt per box: every seal of this process reuses the derived key, with a fresh IV.
  const sealSalt = randomBytes(SALT_BYTES);

  return {
    async seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const header = Buffer.concat([MAGIC, Buffer.from([LOG_N, R, P]), sealSalt, iv]);
      const cipher = createCipheriv('aes-256-gcm', await keyFor(sealSalt, LOG_N, R, P), iv);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);

      return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
    },
    async open(sealed) {
      const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (data.length < HEADER_BYTES + TAG_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw locked('not a sealed secret');
      }
      const [logN = 0, r = 0, p = 0] = data.subarray(MAGIC.length, MAGIC.length + 3);
      if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
        throw locked('bad parameters');
      }
      const saltStart = MAGIC.length + 3;
      const salt = data.subarray(saltStart, saltStart + SALT_BYTES);
      const iv = data.subarray(saltStart + SALT_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', await keyFor(salt, logN, r, p), iv);
      decipher.setAAD(data.subarray(0, HEADER_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      try {
        const body = data.subarray(HEADER_BYTES, data.length - TAG_BYTES);
        return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
      } catch {
        throw locked('wrong passphrase or altered data');
      }
    },
  };
}
