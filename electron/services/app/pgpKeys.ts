import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import type { PgpGenerateKeyArgs, PgpKeyInfo as PgpKeyDetails } from '../pgp/types.ts';

/** The subset of key facts the renderer shows and the profile form picks recipients from. */
export interface PgpKeySummary {
  fingerprint: string;
  keyId: string;
  userIds: string[];
  algorithm: string;
  hasSecret: boolean;
  canEncrypt: boolean;
  expiresMs?: number;
  revoked: boolean;
}

/** What the app asks for a new key pair; the algorithm is the keyring's default. */
export interface NewPgpKey {
  name: string;
  email: string;
  passphrase?: string;
}

/** The user's OpenPGP keys: recipients for uploads, own secret keys for downloads. */
export interface PgpKeyService {
  listKeys(): Promise<PgpKeySummary[]>;
  importKey(path: string, passphrase?: string): Promise<PgpKeySummary>;
  deleteKey(fingerprint: string): Promise<void>;
  /** A Curve25519 key pair that never expires, kept with its secret half sealed. */
  generateKey(key: NewPgpKey): Promise<PgpKeySummary>;
  /** The armored public half of a kept key. PGP_KEY_NOT_FOUND. */
  exportPublicKey(fingerprint: string): Promise<string>;
}

export function summarizeKey(info: PgpKeyDetails): PgpKeySummary {
  return {
    fingerprint: info.fingerprint,
    keyId: info.keyId,
    userIds: info.userIds,
    algorithm: info.algorithm,
    hasSecret: info.hasSecret,
    canEncrypt: info.canEncrypt && info.status === 'valid',
    ...(info.expiresMs === null ? {} : { expiresMs: info.expiresMs }),
    revoked: info.status === 'revoked',
  };
}

/** The keyring's methods this adapter uses (electron/services/pgp/keyring.ts). */
export interface KeyringLike {
  list(): Promise<PgpKeyDetails[]>;
  import(material: Uint8Array): Promise<PgpKeyDetails[]>;
  remove(fingerprint: string): Promise<void>;
  generate(args: PgpGenerateKeyArgs): Promise<PgpKeyDetails>;
  exportPublic(fingerprint: string): Promise<string>;
}

/** Key files are small; a bigger one is not a key. */
const MAX_KEY_FILE_BYTES = 10 * 1024 * 1024;

/** The OpenPGP keyring as the renderer's key list. */
export class KeyringPgpKeys implements PgpKeyService {
  readonly #keyring: KeyringLike;

  constructor(keyring: KeyringLike) {
    this.#keyring = keyring;
  }

  async listKeys(): Promise<PgpKeySummary[]> {
    return (await this.#keyring.list()).map(summarizeKey);
  }

  /** A file with several keys imports them all and answers the first. */
  async importKey(path: string): Promise<PgpKeySummary> {
    const info = await stat(path).catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
    if (info.size > MAX_KEY_FILE_BYTES) {
      throw new AppError('PGP_KEY_INVALID', 'file too large for a key', { path });
    }
    const material = await readFile(path).catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
    const [first] = await this.#keyring.import(material);
    if (!first) throw new AppError('PGP_KEY_INVALID', 'no key in file', { path });
    return summarizeKey(first);
  }

  deleteKey(fingerprint: string): Promise<void> {
    return this.#keyring.remove(fingerprint);
  }

  async generateKey(key: NewPgpKey): Promise<PgpKeySummary> {
    // Curve25519, as `pgp generate` makes by default: small, fast, and read by GnuPG 2.2.
    const info = await this.#keyring.generate({
      name: key.name,
      email: key.email,
      algorithm: 'curve25519',
      ...(key.passphrase === undefined ? {} : { passphrase: key.passphrase }),
    });

    return summarizeKey(info);
  }

  exportPublicKey(fingerprint: string): Promise<string> {
    return this.#keyring.exportPublic(fingerprint);
  }
}
