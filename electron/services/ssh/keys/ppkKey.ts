import { PPKError, PPKParser, type PPKParseResult, type PPKParserOptions } from 'ppk-to-openssh';
import { AppError } from '../../../../shared/errors.ts';
import { parseConvertedKey } from './ssh2Key.ts';
import { hasPassphrase, type DecodedKey, type KeySource } from './types.ts';

/**
 * ppk-to-openssh writes RSA and ECDSA keys as PKCS#1 / SEC1 PEM only with outputFormat 'pem'
 * (the PPKParser default, which its typings do not list); its OpenSSH output for RSA and
 * ECDSA is unreadable by ssh2 and sshpk. Ed25519 always comes out in OpenSSH format.
 */
const PARSER_OPTIONS: PPKParserOptions & { outputFormat: 'pem' } = { outputFormat: 'pem' };

const UNSUPPORTED_CODES = new Set([
  'UNSUPPORTED_ALGORITHM',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_ENCRYPTION',
  'UNSUPPORTED_ARGON2',
]);

/** PuTTY .ppk version 2 and 3 (Argon2-protected when encrypted), via ppk-to-openssh. */
export async function decodePpk(source: KeySource, passphrase?: string): Promise<DecodedKey> {
  if (source.encrypted && !hasPassphrase(passphrase)) {
    throw new AppError('KEY_PASSPHRASE_REQUIRED', 'decodePpk: passphrase needed', {
      format: source.format,
    });
  }
  const result = await convertPpk(source, passphrase);
  const comment = (result as PPKParseResult & { comment?: unknown }).comment;

  return {
    parsed: parseConvertedKey(result.privateKey, source.format),
    comment: typeof comment === 'string' ? comment : '',
  };
}

async function convertPpk(source: KeySource, passphrase?: string): Promise<PPKParseResult> {
  try {
    const parser = new PPKParser(PARSER_OPTIONS);
    return await parser.parse(source.text, source.encrypted ? passphrase : '');
  } catch (err) {
    throw mapPpkError(err, source);
  }
}

/**
 * Maps PPKError.code. A .ppk has one MAC over the decrypted key and no separate passphrase
 * check, so on an encrypted file a MAC failure means a wrong passphrase (PuTTY says the same);
 * on an unencrypted file it means the file was altered.
 */
export function mapPpkError(err: unknown, source: KeySource): AppError {
  if (!(err instanceof PPKError)) {
    return new AppError(
      'INTERNAL',
      'mapPpkError: unexpected error',
      { format: source.format },
      err,
    );
  }
  const details = { format: source.format, reason: err.code };
  if (err.code === 'PASSPHRASE_REQUIRED') {
    return new AppError('KEY_PASSPHRASE_REQUIRED', 'ppk: passphrase needed', details, err);
  }
  if (err.code === 'INVALID_MAC' && source.encrypted) {
    return new AppError('KEY_PASSPHRASE_WRONG', 'ppk: MAC check failed', details, err);
  }
  if (UNSUPPORTED_CODES.has(err.code)) {
    const keyType = err.details.algorithm ?? err.details.encryption ?? err.code;
    return new AppError('KEY_UNSUPPORTED', 'ppk: unsupported', { ...details, keyType }, err);
  }

  return new AppError('KEY_DAMAGED', `ppk: ${err.code}`, details, err);
}
