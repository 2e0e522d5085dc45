import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { ProfileInputSchema } from '../../../shared/schemas/profile.ts';
import type { Profile, StoredKeyInfo } from '../../../shared/types/profile.ts';
import type { z } from 'zod';
import { mapKeyFileError } from '../ssh/keys/readKeyFile.ts';
import type { LoadedKey } from '../ssh/keys/types.ts';
import { loadDocument, type ProfileDocument, type StoredKeyRecord } from './profileDocument.ts';
import type { KeyValueStore, SecretBox } from './stores.ts';

/** The two functions of electron/services/ssh/keys.ts this service needs. */
export interface KeyLoader {
  loadPrivateKey(source: { data: Buffer; passphrase?: string }): LoadedKey | Promise<LoadedKey>;
}

export interface ProfileServiceDeps {
  store: KeyValueStore;
  secrets: SecretBox;
  keys: KeyLoader;
  logger: Logger;
  now?: () => number;
}

export type ProfileInputArgs = z.output<typeof ProfileInputSchema>;

export interface UnlockOptions {
  passphrase?: string;
  /** Seal the passphrase into the stored key record after it worked. */
  savePassphrase?: boolean;
}

const STORE_KEY = 'profiles';
/** Key files are a few kilobytes; anything far bigger is not a key. */
const MAX_KEY_BYTES = 1024 * 1024;

/** Saved connection profiles and the private keys imported for them. */
export class ProfileService {
  readonly #deps: ProfileServiceDeps;
  readonly #logger: Logger;
  readonly #now: () => number;
  #doc: ProfileDocument;
  #readOnly: boolean;

  constructor(deps: ProfileServiceDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child('profiles');
    this.#now = deps.now ?? Date.now;
    const loaded = loadDocument(deps.store.get(STORE_KEY));
    this.#doc = loaded.doc;
    this.#readOnly = loaded.readOnly;
    if (loaded.dropped > 0) {
      this.#logger.warn('load: dropped damaged entries', { dropped: loaded.dropped });
    }
    if (loaded.readOnly) this.#logger.warn('load: written by a newer version; read-only');
    if (loaded.migratedFrom !== undefined && !loaded.readOnly) this.#write();
  }

  list(): Profile[] {
    return [...this.#doc.profiles].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Profile {
    const profile = this.#doc.profiles.find((p) => p.id === id);
    if (!profile) throw new AppError('NOT_FOUND', 'no such profile', { profileId: id });
    return profile;
  }

  /** Creates (no id) or replaces (known id) a profile. */
  save(input: ProfileInputArgs): Profile {
    const profile = this.draft(input);
    const others = this.#doc.profiles.filter((p) => p.id !== profile.id);
    this.#update({ ...this.#doc, profiles: [...others, profile] });
    return profile;
  }

  /** The profile `save` would store, checked the same way, without storing it. */
  draft(input: ProfileInputArgs): Profile {
    if (input.key?.kind === 'stored') this.#keyRecord(input.key.keyId);
    const now = this.#now();
    const existing = input.id === undefined ? undefined : this.get(input.id);
    return {
      ...input,
      id: existing?.id ?? randomUUID(),
      createdMs: existing?.createdMs ?? now,
      updatedMs: now,
    };
  }

  delete(id: string): void {
    this.get(id);
    this.#update({ ...this.#doc, profiles: this.#doc.profiles.filter((p) => p.id !== id) });
  }

  duplicate(id: string): Profile {
    const { id: _id, createdMs: _c, updatedMs: _u, ...rest } = this.get(id);
    return this.save({ ...rest, name: `${rest.name} (copy)`.slice(0, 100) });
  }

  /**
   * Reads a private key file, proves it loads (with the passphrase when it has one), and
   * keeps the file's bytes sealed. SECURITY: without OS secure storage nothing is saved.
   */
  async importKey(path: string, options: UnlockOptions = {}): Promise<StoredKeyInfo> {
    if (!this.#deps.secrets.isAvailable()) {
      throw new AppError('SECRET_STORAGE_UNAVAILABLE', 'safeStorage unavailable');
    }
    const data = await readKeyFile(path);
    const key = await this.#deps.keys.loadPrivateKey({ data, ...passphraseOf(options) });
    const savePassphrase = key.encrypted && options.savePassphrase === true;
    const record: StoredKeyRecord = {
      info: {
        id: randomUUID(),
        type: key.type,
        ...(key.bits === undefined ? {} : { bits: key.bits }),
        fingerprint: key.fingerprint,
        comment: key.comment,
        format: key.format,
        encrypted: key.encrypted,
        sourceName: basename(path),
        importedMs: this.#now(),
      },
      sealedKey: this.#deps.secrets.seal(data.toString('base64')),
      ...(savePassphrase ? { sealedPassphrase: this.#deps.secrets.seal(options.passphrase!) } : {}),
    };
    this.#update({ ...this.#doc, keys: [...this.#doc.keys, record] });
    this.#logger.info('importKey: stored', { type: key.type, fingerprint: key.fingerprint });
    return describe(record);
  }

  listKeys(): StoredKeyInfo[] {
    return this.#doc.keys.map(describe);
  }

  deleteKey(id: string): void {
    this.#keyRecord(id);
    const user = this.#doc.profiles.find((p) => p.key?.kind === 'stored' && p.key.keyId === id);
    if (user) {
      throw new AppError('INVALID_ARGUMENT', 'key is used by a profile', {
        reason: `the key is used by "${user.name}"`,
      });
    }
    this.#update({ ...this.#doc, keys: this.#doc.keys.filter((k) => k.info.id !== id) });
  }

  /** Opens a stored key, using a saved passphrase when the caller gives none. */
  async unlockStoredKey(keyId: string, options: UnlockOptions = {}): Promise<LoadedKey> {
    const record = this.#keyRecord(keyId);
    const secrets = this.#deps.secrets;
    const data = Buffer.from(secrets.open(record.sealedKey), 'base64');
    const saved = record.sealedPassphrase ? secrets.open(record.sealedPassphrase) : undefined;
    const passphrase = options.passphrase ?? saved;
    const key = await this.#deps.keys.loadPrivateKey({ data, ...passphraseOf({ passphrase }) });
    if (key.encrypted && options.savePassphrase && options.passphrase && secrets.isAvailable()) {
      const updated = { ...record, sealedPassphrase: secrets.seal(options.passphrase) };
      const keys = this.#doc.keys.map((k) => (k.info.id === keyId ? updated : k));
      this.#update({ ...this.#doc, keys });
    }

    return key;
  }

  #keyRecord(id: string): StoredKeyRecord {
    const record = this.#doc.keys.find((k) => k.info.id === id);
    if (!record) {
      throw new AppError('INVALID_ARGUMENT', 'no such stored key', { reason: 'unknown key' });
    }
    return record;
  }

  #update(doc: ProfileDocument): void {
    if (this.#readOnly) {
      throw new AppError('SETTINGS_INVALID', 'profiles were saved by a newer version', {
        reason: 'read-only',
      });
    }
    this.#doc = doc;
    this.#write();
  }

  #write(): void {
    this.#deps.store.set(STORE_KEY, this.#doc);
  }
}

function passphraseOf(options: UnlockOptions): { passphrase?: string } {
  return options.passphrase === undefined ? {} : { passphrase: options.passphrase };
}

function describe(record: StoredKeyRecord): StoredKeyInfo {
  return { ...record.info, hasSavedPassphrase: record.sealedPassphrase !== undefined };
}

async function readKeyFile(path: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw mapKeyFileError(err, path);
  }
  if (data.length > MAX_KEY_BYTES) throw new AppError('KEY_NOT_A_KEY', 'file too large for a key');
  return data;
}
