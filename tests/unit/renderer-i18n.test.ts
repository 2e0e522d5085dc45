import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { ERROR_TEXT_ES } from '../../shared/i18n/errors.es.ts';
import { EN, type MessageKey } from '../../renderer/i18n/en.ts';
import { ES } from '../../renderer/i18n/es.ts';
import { errorText, interpolate, plural, translate } from '../../renderer/i18n/translate.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('message catalogs', () => {
  it('Spanish has every English key with the same placeholders', () => {
    for (const key of Object.keys(EN) as MessageKey[]) {
      expect(ES[key], key).toBeTypeOf('string');
      expect(placeholders(ES[key]), key).toEqual(placeholders(EN[key]));
    }
    expect(Object.keys(ES).sort()).toEqual(Object.keys(EN).sort());
  });

  it('Spanish differs from English where words are involved', () => {
    const same = (Object.keys(EN) as MessageKey[]).filter(
      (k) =>
        EN[k] === ES[k] &&
        /[a-z]{4,}/.test(EN[k]) &&
        !/FileZilla|WinSCP|OpenSSH|Pyplan Transfer/.test(EN[k]),
    );
    expect(same).toEqual(['settings.general']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('es', 'session.connectedTo', { name: 'Pyplan' })).toBe('Conectado a Pyplan');
  });

  it('picks plural forms by language', () => {
    const keys = { one: 'browser.items.one', other: 'browser.items.other' } as const;
    expect(plural('en', keys, 1)).toBe('1 item');
    expect(plural('en', keys, 20000)).toBe('20,000 items');
    expect(plural('es', keys, 20000)).toBe('20.000 elementos');
  });
});

describe('error texts', () => {
  const details = {
    host: 'sftp.example.com',
    port: 2222,
    user: 'ana',
    path: '/in/q1.csv',
    fingerprint: 'SHA256:new',
    expected: 'SHA256:old',
    keyType: 'ssh-ed25519',
    name: 'x',
  };

  it('every code has plain Spanish text that carries the same facts as the English', () => {
    for (const code of ERROR_CODES) {
      const en = ERROR_TEXT_EN[code](details);
      const es = ERROR_TEXT_ES[code](details);
      expect(es.length, code).toBeGreaterThan(5);
      for (const fact of ['sftp.example.com', '/in/q1.csv', 'SHA256:new', 'ana']) {
        expect(es.includes(fact), `${code} ${fact}`).toBe(en.includes(fact));
      }
    }
  });

  it('never shows the developer message', () => {
    const error = { code: 'NOT_FOUND' as const, message: 'ENOENT stack at foo.ts:12', details: {} };
    expect(errorText('en', error)).toBe('this item does not exist.');
    expect(errorText('es', error)).not.toContain('ENOENT');
  });
});
