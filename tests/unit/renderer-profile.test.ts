import { describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/types/profile.ts';
import {
  draftFromProfile,
  emptyDraft,
  inputFromImported,
  isDraftDirty,
  validateDraft,
} from '../../renderer/features/connections/profileDraft.ts';
import { storedFingerprints } from '../../renderer/features/connections/fingerprints.ts';
import { isRecipient, withRecipient } from '../../renderer/features/connections/pgpRules.ts';
import { promptIsFor, runningStatus } from '../../renderer/features/connections/testProgress.ts';
import type { PgpKeyInfo } from '../../renderer/lib/pgpKeys.ts';

const saved: Profile = {
  id: 'p1',
  name: 'Pyplan Cloud',
  host: 's-1234.server.transfer.us-east-1.amazonaws.com',
  port: 22,
  user: 'finance',
  key: { kind: 'stored', keyId: 'k1' },
  algorithmPolicy: 'TransferSecurityPolicy-2024-01',
  localFolder: null,
  remoteFolder: '/in',
  pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: false },
  transfer: { preserveTimestamps: false, uploadInPlace: false },
  createdMs: 1,
  updatedMs: 2,
};

describe('profile form', () => {
  it('turns a filled form into what profiles:save takes', () => {
    const draft = {
      ...emptyDraft(),
      name: ' Q1 ',
      host: 'sftp.example.com',
      port: '2222',
      user: 'ana',
    };
    const checked = validateDraft(draft);
    expect(checked).toMatchObject({
      ok: true,
      input: { name: ' Q1 ', host: 'sftp.example.com', port: 2222, localFolder: null },
    });
  });

  it('names the missing and the wrong fields', () => {
    const draft = { ...emptyDraft(), host: 'bad host/name', port: 'abc' };
    const checked = validateDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      name: 'required',
      host: 'invalid',
      port: 'invalid',
      user: 'required',
    });
  });

  it('refuses a port out of range', () => {
    const draft = { ...emptyDraft(), name: 'a', host: 'h', user: 'u', port: '70000' };
    expect(validateDraft(draft)).toMatchObject({ ok: false, errors: { port: 'invalid' } });
  });

  it('knows when the form differs from what is saved', () => {
    const draft = draftFromProfile(saved);
    expect(isDraftDirty(draft, saved)).toBe(false);
    expect(isDraftDirty({ ...draft, remoteFolder: '/out' }, saved)).toBe(true);
    expect(isDraftDirty(emptyDraft(), undefined)).toBe(false);
    expect(validateDraft(draft)).toMatchObject({ ok: true, input: { id: 'p1', port: 22 } });
  });

  it('makes an imported site into a profile that reads its key where it is', () => {
    expect(
      inputFromImported({ name: 'prod', host: 'h', port: 22, user: 'u', keyPath: '/k/cert.pem' }),
    ).toMatchObject({ key: { kind: 'path', path: '/k/cert.pem' }, remoteFolder: null });
  });
});

describe('OpenPGP rules in the profile form', () => {
  const key = {
    fingerprint: '71450356B1A431CF71450356B1A431CF71450356',
    keyId: 'B1A431CF71450356',
    userIds: ['Fixture Platform <platform@example.com>'],
  } as PgpKeyInfo;
  const filled = { ...emptyDraft(), name: 'a', host: 'h', user: 'u' };

  it('turns "encrypt before uploading" off with the last recipient, and only then', () => {
    const on = { recipients: [key.fingerprint, 'DEADBEEFCAFE0123'], encryptOnUpload: true };
    const rules = { ...on, decryptOnDownload: true };
    expect(withRecipient(rules, key, false)).toEqual({
      recipients: ['DEADBEEFCAFE0123'],
      encryptOnUpload: true,
      decryptOnDownload: true,
    });
    const last = { recipients: [key.keyId.toLowerCase()], encryptOnUpload: true };
    expect(withRecipient({ ...last, decryptOnDownload: false }, key, false)).toEqual({
      recipients: [],
      encryptOnUpload: false,
      decryptOnDownload: false,
    });
    expect(isRecipient(key, key.keyId.toLowerCase())).toBe(true);
  });

  it('does not save encryption on with nobody to encrypt for', () => {
    const pgp = { recipients: [], encryptOnUpload: true, decryptOnDownload: false };
    expect(validateDraft({ ...filled, pgp })).toEqual({
      ok: false,
      errors: { pgp: 'noRecipients' },
    });
    const broken = { ...filled, user: '', pgp };
    expect(validateDraft(broken)).toEqual({
      ok: false,
      errors: { pgp: 'noRecipients', user: 'required' },
    });
    const fine = { ...pgp, recipients: [key.fingerprint] };
    expect(validateDraft({ ...filled, pgp: fine })).toMatchObject({ ok: true });
  });
});

describe('test connection progress', () => {
  it('counts a host-key prompt for the tested server as reaching it', () => {
    const prompt = { host: 'SFTP.example.com', port: 2222 };
    expect(promptIsFor(prompt, { host: ' sftp.example.com', port: 2222 })).toBe(true);
    expect(promptIsFor(prompt, { host: 'sftp.example.com' })).toBe(false);
    expect(promptIsFor({ host: 'h', port: 22 }, { host: 'h' })).toBe(true);
    expect(promptIsFor(prompt, { host: 'other.example.com', port: 2222 })).toBe(false);
  });

  it('marks reach done and the identity check under way once reached', () => {
    const steps = ['reach', 'hostKey', 'login', 'sftp', 'list'] as const;
    expect(steps.map((s) => runningStatus(s, false))).toEqual([
      'running',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect(steps.map((s) => runningStatus(s, true))).toEqual([
      'ok',
      'running',
      'waiting',
      'waiting',
      'waiting',
    ]);
  });
});

describe('a changed server identity', () => {
  it('writes the stored fingerprints as the new one is written, without the type', () => {
    expect(storedFingerprints('ssh-ed25519 SHA256:abc', 'ssh-ed25519')).toEqual(['SHA256:abc']);
    expect(
      storedFingerprints('ssh-ed25519 SHA256:abc, ssh-ed25519 SHA256:def', 'ssh-ed25519'),
    ).toEqual(['SHA256:abc', 'SHA256:def']);
  });

  it('keeps the type when it differs, and the word "revoked"', () => {
    expect(storedFingerprints('ssh-rsa SHA256:abc', 'ssh-ed25519')).toEqual(['ssh-rsa SHA256:abc']);
    expect(storedFingerprints('revoked', 'ssh-ed25519')).toEqual(['revoked']);
    expect(storedFingerprints(undefined, 'ssh-ed25519')).toEqual([]);
  });
});
