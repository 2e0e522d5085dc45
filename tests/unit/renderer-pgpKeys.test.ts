import { describe, expect, it } from 'vitest';
import { keyLabel, recipientLabels, type PgpKeyInfo } from '../../renderer/lib/pgpKeys.ts';

const PLATFORM = {
  fingerprint: '71450356B1A431CF71450356B1A431CF71450356',
  keyId: 'B1A431CF71450356',
  userIds: ['Fixture Platform <platform@example.com>'],
} as PgpKeyInfo;

describe('naming OpenPGP keys in the queue', () => {
  it('uses the user ID of a key the app keeps, by fingerprint or key ID, any case', () => {
    expect(keyLabel(PLATFORM.fingerprint.toLowerCase(), [PLATFORM])).toBe(PLATFORM.userIds[0]);
    expect(keyLabel('b1a431cf71450356', [PLATFORM])).toBe(PLATFORM.userIds[0]);
  });

  it('shows the end of an unknown fingerprint or key ID in groups of four', () => {
    expect(keyLabel('0123456789ABCDEF0123456789ABCDEF01234567', [])).toBe('89AB CDEF 0123 4567');
    expect(keyLabel('deadbeefcafe0123', [PLATFORM])).toBe('DEAD BEEF CAFE 0123');
  });

  it('keeps a user ID as main gave it, and lists several recipients in order', () => {
    expect(keyLabel('Ana <ana@example.com>', [])).toBe('Ana <ana@example.com>');
    const deleted = (id: string) => `deleted ${id}`;
    expect(recipientLabels([PLATFORM.fingerprint, 'deadbeefcafe0123'], [PLATFORM], deleted)).toBe(
      'Fixture Platform <platform@example.com>, deleted DEAD BEEF CAFE 0123',
    );
    // Keys not listed yet: nothing is taken for deleted.
    expect(recipientLabels(['deadbeefcafe0123'], [], deleted)).toBe('DEAD BEEF CAFE 0123');
  });
});
