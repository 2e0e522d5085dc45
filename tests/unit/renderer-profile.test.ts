import { describe, expect, it } from 'vitest';
import type { Profile } from '../../shared/types/profile.ts';
import {
  draftFromProfile,
  emptyDraft,
  inputFromImported,
  isDraftDirty,
  validateDraft,
} from '../../renderer/features/connections/profileDraft.ts';

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
