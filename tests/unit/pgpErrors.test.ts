import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { outputLimit } from '../../electron/services/pgp/decryptOp.ts';
import { localFsError, pgpError, type PgpPhase } from '../../electron/services/pgp/errors.ts';
import { findOneKey, matchKeys } from '../../electron/services/pgp/keyQuery.ts';
import { looksArmored, readMessageStream } from '../../electron/services/pgp/material.ts';
import { decryptedPath, encryptedPath } from '../../electron/services/pgp/outputNames.ts';
import { assertSignatureAcceptable } from '../../electron/services/pgp/signatures.ts';
import type { PgpKeyInfo } from '../../electron/services/pgp/types.ts';

function unsupported(message: string): Error {
  const err = new Error(message);
  err.name = 'UnsupportedError';
  return err;
}

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: boom`), { code, syscall: 'open', path: '/x/y' });
}

describe('pgpError classifies by phase, never by message text', () => {
  const plain = new Error('Session key decryption failed.');
  const cases: Array<[PgpPhase, object, string]> = [
    ['read-key', {}, 'PGP_KEY_INVALID'],
    ['unlock-key', {}, 'PGP_PASSPHRASE_WRONG'],
    ['read-message', {}, 'PGP_DECRYPT_FAILED'],
    ['decrypt', {}, 'PGP_DECRYPT_FAILED'],
    ['decrypt', { symmetric: true }, 'PGP_PASSPHRASE_WRONG'],
    ['decrypt-stream', {}, 'PGP_INTEGRITY'],
    ['decrypt-stream', { symmetric: true, plaintextSeen: true }, 'PGP_INTEGRITY'],
    ['decrypt-stream', { symmetric: true, plaintextSeen: false }, 'PGP_PASSPHRASE_WRONG'],
    ['verify', {}, 'PGP_SIGNATURE_INVALID'],
    ['encrypt', {}, 'INTERNAL'],
    ['generate', {}, 'INTERNAL'],
  ];
  it.each(cases)('%s %o -> %s', (phase, ctx, code) => {
    expect(pgpError(phase, plain, ctx).code).toBe(code);
  });

  it('reports algorithms openpgp.js lacks as PGP_UNSUPPORTED, also through a cause chain', () => {
    expect(pgpError('decrypt', unsupported('Unknown curve')).code).toBe('PGP_UNSUPPORTED');
    const wrapped = new Error('Error decrypting message', { cause: unsupported('nope') });
    expect(pgpError('read-message', wrapped).code).toBe('PGP_UNSUPPORTED');
    expect(pgpError('decrypt-stream', unsupported('x')).code).toBe('PGP_INTEGRITY');
  });

  it('keeps AppErrors, including ones that crossed a thread as plain objects', () => {
    const own = new AppError('PGP_TOO_LARGE', 'limit', { limit: 5 });
    expect(pgpError('decrypt-stream', own)).toBe(own);
    const crossed = pgpError('decrypt-stream', { code: 'CONNECTION_LOST', message: 'gone' });
    expect(crossed).toBeInstanceOf(AppError);
    expect(crossed.code).toBe('CONNECTION_LOST');
  });

  it('maps file-system errors to LOCAL_* with the path', () => {
    expect(localFsError(fsError('ENOENT'))?.code).toBe('LOCAL_NOT_FOUND');
    expect(localFsError(fsError('EACCES'))?.code).toBe('LOCAL_PERMISSION_DENIED');
    expect(localFsError(fsError('ENOSPC'))?.code).toBe('LOCAL_DISK_FULL');
    expect(localFsError(fsError('EIO'))?.code).toBe('LOCAL_IO');
    expect(pgpError('decrypt-stream', fsError('ENOSPC'), { path: '/out' }).details.path).toBe(
      '/out',
    );
    expect(localFsError(new Error('not a system error'))).toBeUndefined();
  });

  it('has user text for every PGP code', () => {
    const text = ERROR_TEXT_EN.PGP_NO_MATCHING_KEY({ keyIds: ['DD3A225041F08BD8'] });
    expect(text).toContain('DD3A225041F08BD8');
    expect(ERROR_TEXT_EN.PGP_KEYRING_LOCKED({})).toContain('PYPLAN_KEYRING_PASSPHRASE');
  });
});

describe('looksArmored', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('tells armor from binary by the first significant byte', () => {
    expect(looksArmored(bytes('\r\n  -----BEGIN PGP MESSAGE-----'))).toBe(true);
    expect(looksArmored(new Uint8Array([0x85, 0x01]))).toBe(false);
    expect(looksArmored(new Uint8Array([0xc1, 0x5e]))).toBe(false);
    expect(looksArmored(new Uint8Array([0xef, 0xbb, 0xbf, 0x2d]))).toBe(true);
    expect(looksArmored(bytes(' \n '))).toBeUndefined();
  });
});

describe('readMessageStream', () => {
  /** The text in chunks of `size` bytes, as a slow download may deliver it. */
  const inChunks = (text: string, size: number) => {
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) controller.close();
        else controller.enqueue(bytes.slice(at, (at += size)));
      },
    });
  };

  it('names a cleartext signature (gpg --clearsign), however its start arrives', async () => {
    const clearsigned =
      '\ufeff\r\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nrow,1\n' +
      '-----BEGIN PGP SIGNATURE-----\n\nx\n-----END PGP SIGNATURE-----\n';
    for (const size of [1, 3, 4096]) {
      await expect(readMessageStream(inChunks(clearsigned, size), {})).rejects.toMatchObject({
        code: 'PGP_SIGNED_NOT_ENCRYPTED',
        details: { cleartext: true },
      });
    }
  });

  it('still reads an armored message given a few bytes at a time', async () => {
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: new Uint8Array([1, 2, 3]) }),
      passwords: ['pw'],
    });
    const message = await readMessageStream(inChunks(armored, 5), {});
    const tags = openpgp.enums.packet;
    expect(message.packets.findPacket(tags.symEncryptedSessionKey)).toBeDefined();
  });
});

describe('output names', () => {
  it('adds and strips the OpenPGP extension beside the original', () => {
    expect(encryptedPath('/d/report.csv', 'pgp')).toBe('/d/report.csv.pgp');
    expect(encryptedPath('/d/report.csv', 'asc', '/out')).toBe('/out/report.csv.asc');
    expect(decryptedPath('/d/report.csv.gpg')).toBe('/d/report.csv');
    expect(decryptedPath('/d/report.csv.ASC')).toBe('/d/report.csv');
    expect(decryptedPath('/d/blob')).toBe('/d/blob.decrypted');
    expect(decryptedPath('/d/.pgp')).toBe('/d/.pgp.decrypted');
  });
});

describe('decompression limit', () => {
  it('is explicit, or 100 times the encrypted size with a 1 GiB floor', () => {
    expect(outputLimit(10, 5)).toBe(10);
    expect(outputLimit(undefined, 1000)).toBe(1024 ** 3);
    expect(outputLimit(undefined, 100 * 1024 ** 2)).toBe(100 * 100 * 1024 ** 2);
    expect(outputLimit(undefined, undefined)).toBe(64 * 1024 ** 3);
  });
});

describe('signature acceptance', () => {
  it('always refuses a bad signature, and others only when a signature is required', () => {
    expect(() => assertSignatureAcceptable({ kind: 'bad', keyId: 'AB' }, false)).toThrow(
      expect.objectContaining({ code: 'PGP_SIGNATURE_INVALID' }),
    );
    expect(() => assertSignatureAcceptable({ kind: 'not-signed' }, false)).not.toThrow();
    expect(() => assertSignatureAcceptable({ kind: 'unknown-signer', keyId: 'AB' }, true)).toThrow(
      expect.objectContaining({ code: 'PGP_SIGNATURE_INVALID' }),
    );
    const valid = { kind: 'valid', keyId: 'AB', fingerprint: 'CD' } as const;
    expect(() => assertSignatureAcceptable(valid, true)).not.toThrow();
  });

  it('tells the user which of the three it was, in plain words', () => {
    const textFor = (status: Parameters<typeof assertSignatureAcceptable>[0]): string => {
      try {
        assertSignatureAcceptable(status, true);
      } catch (err) {
        const e = err as AppError;
        return ERROR_TEXT_EN[e.code](e.details ?? {});
      }
      return 'accepted';
    };
    expect(textFor({ kind: 'not-signed' })).toMatch(/^This file is not signed/);
    expect(textFor({ kind: 'unknown-signer', keyId: '0123ABCD' })).toMatch(
      /not in your keyring \(key ID 0123ABCD\)/,
    );
    expect(textFor({ kind: 'bad', keyId: 'AB' })).toMatch(/^The signature does not match/);
  });
});

describe('key queries', () => {
  const key = (fingerprint: string, uid: string): PgpKeyInfo => ({
    fingerprint,
    keyId: fingerprint.slice(-16),
    userIds: [uid],
    algorithm: 'ed25519',
    createdMs: 0,
    expiresMs: null,
    status: 'valid',
    canEncrypt: true,
    canSign: true,
    hasSecret: false,
    secretNeedsPassphrase: false,
    subkeys: [],
  });
  const keys = [
    key('76247DB6B9C8CB9B3833C9D571450356B1A431CF', 'Fixture Platform <platform@example.com>'),
    key('A8081660973D238342A36E3E6F943E16D8772A1C', 'Fixture RSA Analyst <analyst@example.com>'),
    key('2B7BCC5EE8435C56B9FC93B955279688D17BDCAF', 'Other <platform@example.org>'),
  ];

  it('finds by fingerprint (spaces allowed), long key ID, email or name', () => {
    const spaced = '7624 7DB6 B9C8 CB9B 3833  C9D5 7145 0356 B1A4 31CF';
    expect(findOneKey(keys, spaced).userIds[0]).toContain('Platform');
    expect(findOneKey(keys, '0x6F943E16D8772A1C').userIds[0]).toContain('Analyst');
    expect(findOneKey(keys, 'platform@example.com').fingerprint).toMatch(/^7624/);
    expect(findOneKey(keys, 'rsa analyst').fingerprint).toMatch(/^A808/);
  });

  it('refuses short key IDs, unknown and ambiguous queries', () => {
    expect(matchKeys(keys, 'B1A431CF')).toEqual([]);
    expect(() => findOneKey(keys, 'nobody')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => findOneKey(keys, 'platform')).toThrow(/several keys match/);
  });
});
