import ssh2, { type ParsedKey } from 'ssh2';
import { AppError } from '../../../../shared/errors.ts';
import type { KeyFormat } from './types.ts';

/**
 * ssh2 reports failure by returning an Error, and an OpenSSH file may hold a list of keys.
 * `utils` is reached through the default import: Node cannot see it as a named CommonJS export.
 */
export function parseSsh2Key(text: string, passphrase?: string): ParsedKey | Error {
  const result: ParsedKey | ParsedKey[] | Error = ssh2.utils.parseKey(text, passphrase);
  if (Array.isArray(result)) return result[0] ?? new Error('no key in file');

  return result;
}

/**
 * Parses text that our own conversion produced from an already decoded key. Failure here is
 * a mismatch between libraries, not the user's file, so it is reported as INTERNAL.
 */
export function parseConvertedKey(text: string, format: KeyFormat): ParsedKey {
  const result = parseSsh2Key(text);
  if (result instanceof Error) {
    throw new AppError('INTERNAL', `parseConvertedKey: ssh2 rejected converted ${format} key`, {
      format,
    });
  }

  return result;
}
