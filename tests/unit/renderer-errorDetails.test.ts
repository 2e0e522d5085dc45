import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../electron/services/ssh/keys.ts';
import { toAppError, type SerializedAppError } from '../../shared/errors.ts';
import { detailLines } from '../../renderer/components/errorDetails.ts';
import type { MessageKey } from '../../renderer/i18n/en.ts';
import { translate, type Lang } from '../../renderer/i18n/translate.ts';
import { SSH_KEYS } from '../helpers/fixtures.ts';

/** What the error's "Details" disclosure lists, as [label, value] rows. */
function rows(error: SerializedAppError, lang: Lang = 'en'): Array<[string, string]> {
  const t = (key: MessageKey): string => translate(lang, key);
  return detailLines(error, t).map((line) => [line.label, line.value]);
}

describe('the details shown under an error', () => {
  it('shows nothing of how a key file was read: public keys and plain text', async () => {
    const fixture = (name: string): string => readFileSync(join(SSH_KEYS, name), 'utf8');
    const blob = fixture('rsa-pkcs8.key.pub').split(' ')[1] ?? '';
    const keyFiles = [
      fixture('not-a-private-key.key'),
      fixture('garbage.key'),
      // A PEM public key: its header is what main reports having read.
      `-----BEGIN PUBLIC KEY-----\n${blob}\n-----END PUBLIC KEY-----\n`,
    ];
    const errors = await Promise.all(
      keyFiles.map((data) =>
        loadPrivateKey({ data }).then(
          () => undefined,
          (err: unknown) => toAppError(err).toJSON(),
        ),
      ),
    );
    expect(errors.map((e) => e?.code)).toEqual(['KEY_IS_PUBLIC', 'KEY_NOT_A_KEY', 'KEY_IS_PUBLIC']);
    expect(errors[2]?.details).toEqual({ labels: ['PUBLIC KEY'] });
    for (const error of errors) {
      if (error === undefined) continue;
      expect(rows(error)).toEqual([['Error code', error.code]]);
      expect(rows(error, 'es')).toEqual([['Código de error', error.code]]);
    }
  });

  it('shows labelled details that say something, in the user language', () => {
    const error: SerializedAppError = {
      code: 'NOT_FOUND',
      message: 'target folder missing',
      details: {
        path: '/inbox/dest',
        what: 'folder',
        status: 2,
        host: '',
        user: '   ',
        fingerprint: undefined,
        port: 2222,
      },
    };
    expect(rows(error)).toEqual([
      ['Error code', 'NOT_FOUND'],
      ['Path', '/inbox/dest'],
      ['Port', '2222'],
    ]);
    expect(rows(error, 'es')).toEqual([
      ['Código de error', 'NOT_FOUND'],
      ['Ruta', '/inbox/dest'],
      ['Puerto', '2222'],
    ]);
  });

  it('says a fact in words, and nothing when it does not hold', () => {
    const error = (symmetric: boolean): SerializedAppError => ({
      code: 'PGP_PASSPHRASE_WRONG',
      message: 'x',
      details: { symmetric },
    });
    expect(rows(error(true))).toEqual([
      ['Error code', 'PGP_PASSPHRASE_WRONG'],
      ['Protected by', 'A passphrase only (no key)'],
    ]);
    expect(rows(error(false))).toEqual([['Error code', 'PGP_PASSPHRASE_WRONG']]);
  });

  it('joins a list and leaves out an empty one', () => {
    const error = (path: string[]): SerializedAppError => ({
      code: 'NOT_FOUND',
      message: 'x',
      details: { path },
    });
    expect(rows(error(['/a', '/b']))).toEqual([
      ['Error code', 'NOT_FOUND'],
      ['Path', '/a, /b'],
    ]);
    expect(rows(error([]))).toEqual([['Error code', 'NOT_FOUND']]);
  });
});
