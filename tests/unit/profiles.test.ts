import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NULL_LOGGER } from '../../shared/logger.ts';
import { ProfileService } from '../../electron/services/profiles/ProfileService.ts';
import {
  loadDocument,
  MIGRATIONS,
  type Migration,
} from '../../electron/services/profiles/profileDocument.ts';
import { EphemeralSecretBox, NO_SECRET_BOX } from '../../electron/services/profiles/secretBox.ts';
import { SettingsService } from '../../electron/services/profiles/SettingsService.ts';
import { MemoryKeyValueStore, type SecretBox } from '../../electron/services/profiles/stores.ts';
import { loadPrivateKey } from '../../electron/services/ssh/keys.ts';
import { FIXTURE_PASSPHRASE, SSH_KEYS } from '../helpers/fixtures.ts';

const KEY_PLAIN = join(SSH_KEYS, 'ed25519-openssh.key');
const KEY_ENCRYPTED = join(SSH_KEYS, 'rsa-pem-encrypted.key');

function service(store = new MemoryKeyValueStore(), secrets: SecretBox = new EphemeralSecretBox()) {
  let clock = 1_000;
  const profiles = new ProfileService({
    store,
    secrets,
    keys: { loadPrivateKey },
    logger: NULL_LOGGER,
    now: () => (clock += 1),
  });
  return { profiles, store, secrets };
}

const INPUT = {
  name: 'Pyplan EU',
  host: 'sftp.pyplan.com',
  port: 22,
  user: 'analyst',
  key: null,
  algorithmPolicy: 'default',
  localFolder: null,
  remoteFolder: null,
  pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: false },
  transfer: { preserveTimestamps: false, uploadInPlace: false },
};

describe('ProfileService', () => {
  it('creates, replaces, duplicates and deletes profiles, sorted by name', () => {
    const { profiles } = service();
    const a = profiles.save({ ...INPUT, name: 'Zeta' });
    const b = profiles.save({ ...INPUT, name: 'alpha' });
    expect(profiles.list().map((p) => p.name)).toEqual(['alpha', 'Zeta']);
    const replaced = profiles.save({ ...INPUT, id: a.id, name: 'Zeta 2', port: 2222 });
    expect(replaced).toMatchObject({ id: a.id, createdMs: a.createdMs, port: 2222 });
    expect(replaced.updatedMs).toBeGreaterThan(a.updatedMs);
    const copy = profiles.duplicate(b.id);
    expect(copy.id).not.toBe(b.id);
    expect(copy.name).toBe('alpha (copy)');
    profiles.delete(b.id);
    expect(profiles.list().map((p) => p.name)).toEqual(['alpha (copy)', 'Zeta 2']);
    expect(() => profiles.get(b.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('persists to the store and reads it back in a new instance', () => {
    const store = new MemoryKeyValueStore();
    const secrets = new EphemeralSecretBox();
    const first = service(store, secrets).profiles.save(INPUT);
    expect(service(store, secrets).profiles.get(first.id)).toEqual(first);
  });

  it('imports a key sealed: the stored JSON never holds the key text', async () => {
    const { profiles, store } = service();
    const info = await profiles.importKey(KEY_PLAIN);
    expect(info).toMatchObject({
      type: 'ssh-ed25519',
      encrypted: false,
      hasSavedPassphrase: false,
    });
    expect(info.fingerprint).toMatch(/^SHA256:/);
    expect(info.sourceName).toBe('ed25519-openssh.key');
    const json = store.toJSON();
    const keyText = readFileSync(KEY_PLAIN, 'utf8');
    const body = keyText.split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(20);
    expect(json).not.toContain(body);
    expect(json).not.toContain('PRIVATE KEY');
    expect(json).not.toContain(Buffer.from(keyText).toString('base64').slice(0, 40));
    const profile = profiles.save({ ...INPUT, key: { kind: 'stored', keyId: info.id } });
    const loaded = await profiles.unlockStoredKey(info.id);
    expect(loaded.fingerprint).toBe(info.fingerprint);
    expect(() => profiles.deleteKey(info.id)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    profiles.delete(profile.id);
    profiles.deleteKey(info.id);
    expect(profiles.listKeys()).toEqual([]);
  });

  it('asks for the passphrase of an encrypted key, and seals it only when asked to', async () => {
    const { profiles, store } = service();
    await expect(profiles.importKey(KEY_ENCRYPTED)).rejects.toMatchObject({
      code: 'KEY_PASSPHRASE_REQUIRED',
    });
    await expect(profiles.importKey(KEY_ENCRYPTED, { passphrase: 'wrong' })).rejects.toMatchObject({
      code: 'KEY_PASSPHRASE_WRONG',
    });
    const unsaved = await profiles.importKey(KEY_ENCRYPTED, { passphrase: FIXTURE_PASSPHRASE });
    expect(unsaved).toMatchObject({ encrypted: true, hasSavedPassphrase: false });
    await expect(profiles.unlockStoredKey(unsaved.id)).rejects.toMatchObject({
      code: 'KEY_PASSPHRASE_REQUIRED',
    });
    const saved = await profiles.importKey(KEY_ENCRYPTED, {
      passphrase: FIXTURE_PASSPHRASE,
      savePassphrase: true,
    });
    expect(saved.hasSavedPassphrase).toBe(true);
    expect((await profiles.unlockStoredKey(saved.id)).type).toBe('ssh-rsa');
    expect(store.toJSON()).not.toContain(FIXTURE_PASSPHRASE);
    // Saving at connection time: the first unlock with the passphrase keeps it.
    await profiles.unlockStoredKey(unsaved.id, {
      passphrase: FIXTURE_PASSPHRASE,
      savePassphrase: true,
    });
    expect(profiles.listKeys().every((k) => k.hasSavedPassphrase)).toBe(true);
    expect(store.toJSON()).not.toContain(FIXTURE_PASSPHRASE);
  });

  it('refuses to keep a key at all when the computer has no secure storage', async () => {
    const { profiles, store } = service(new MemoryKeyValueStore(), NO_SECRET_BOX);
    await expect(profiles.importKey(KEY_PLAIN)).rejects.toMatchObject({
      code: 'SECRET_STORAGE_UNAVAILABLE',
    });
    expect(store.get('profiles')).toBeUndefined();
  });

  it('names unreadable and non-key files with key codes', async () => {
    const { profiles } = service();
    await expect(profiles.importKey(join(SSH_KEYS, 'nope.key'))).rejects.toMatchObject({
      code: 'KEY_FILE_UNREADABLE',
      details: { reason: 'missing' },
    });
    await expect(profiles.importKey(join(SSH_KEYS, 'not-a-private-key.key'))).rejects.toMatchObject(
      {
        code: 'KEY_IS_PUBLIC',
      },
    );
  });

  it('refuses a profile that points at an unknown stored key', () => {
    const { profiles } = service();
    expect(() => profiles.save({ ...INPUT, key: { kind: 'stored', keyId: 'nope' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('profile document migrations', () => {
  it('treats an empty store as version 0 and writes version 1', () => {
    const store = new MemoryKeyValueStore();
    service(store);
    expect(store.get('profiles')).toBeUndefined();
    const loaded = loadDocument({ profiles: [] });
    expect(loaded).toMatchObject({ doc: { schemaVersion: MIGRATIONS.length }, migratedFrom: 0 });
  });

  it('runs each step in order and fills defaults of fields added later', () => {
    const renameUser: Migration = (doc) => ({
      ...doc,
      schemaVersion: 2,
      profiles: (doc.profiles as Array<Record<string, unknown>>).map(({ username, ...p }) => ({
        ...p,
        user: username,
      })),
    });
    const old = {
      schemaVersion: 1,
      profiles: [{ id: 'p', name: 'n', host: 'h', username: 'u', createdMs: 1, updatedMs: 1 }],
      keys: [],
    };
    const loaded = loadDocument(old, [...MIGRATIONS, renameUser]);
    expect(loaded.migratedFrom).toBe(1);
    expect(loaded.doc.profiles[0]).toMatchObject({ user: 'u', port: 22, key: null });
  });

  it('drops a damaged profile without losing the others', () => {
    const good = { id: 'p', name: 'n', host: 'h', user: 'u', createdMs: 1, updatedMs: 1 };
    const store = new MemoryKeyValueStore({
      profiles: { schemaVersion: 1, profiles: [good, { id: 3 }], keys: ['junk'] },
    });
    const { profiles } = service(store);
    expect(profiles.list().map((p) => p.id)).toEqual(['p']);
  });

  it('keeps data written by a newer version read-only instead of overwriting it', () => {
    const store = new MemoryKeyValueStore({
      profiles: { schemaVersion: 99, profiles: [], keys: [], futureField: true },
    });
    const { profiles } = service(store);
    expect(() => profiles.save(INPUT)).toThrow(
      expect.objectContaining({ code: 'SETTINGS_INVALID' }),
    );
    expect(store.get('profiles')).toMatchObject({ schemaVersion: 99, futureField: true });
  });
});

describe('SettingsService', () => {
  it('defaults, merges updates and survives a hand-broken value', () => {
    const store = new MemoryKeyValueStore();
    const settings = new SettingsService(store, NULL_LOGGER);
    expect(settings.get()).toEqual({ language: 'en', theme: 'system', showHidden: false });
    expect(settings.update({ theme: 'dark' })).toEqual({
      language: 'en',
      theme: 'dark',
      showHidden: false,
    });
    expect(new SettingsService(store, NULL_LOGGER).get().theme).toBe('dark');
    store.set('settings', { language: 'klingon' });
    expect(settings.get()).toEqual({ language: 'en', theme: 'system', showHidden: false });
  });
});
