import { createPrivateKey, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { AppError } from '../../../../shared/errors.ts';
import { parseConvertedKey } from './ssh2Key.ts';
import { hasPassphrase, type DecodedKey, type KeySource } from './types.ts';

/** OpenSSL curve names of the three curves SSH defines for ECDSA (RFC 5656). */
const SSH_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** Names users know for key types node:crypto reads but SSH logins cannot use. */
const OTHER_TYPE_NAMES: Record<string, string> = {
  dsa: 'DSA',
  'rsa-pss': 'RSA-PSS',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
  dh: 'Diffie-Hellman',
};

/**
 * PKCS#1, SEC1 and PKCS#8 files (plain or encrypted) are opened by node:crypto, which also
 * gives structured error codes, then handed to ssh2 in a form it reads: PKCS#1 for RSA, SEC1
 * for ECDSA, OpenSSH for Ed25519 (ssh2 reads no PKCS#8). The decrypted text exists only in
 * memory, as a JavaScript string that cannot be wiped and is left to the garbage collector.
 */
export function decodePem(source: KeySource, passphrase?: string): DecodedKey {
  if (source.encrypted && !hasPassphrase(passphrase)) {
    throw new AppError('KEY_PASSPHRASE_REQUIRED', 'decodePem: passphrase needed', {
      format: source.format,
    });
  }
  const key = openWithNode(source, passphrase);

  // PEM files carry no comment; sshpk would otherwise name an Ed25519 key "(unnamed)".
  return { parsed: parseConvertedKey(toSsh2Text(key), source.format), comment: '' };
}

function openWithNode(source: KeySource, passphrase?: string): KeyObject {
  try {
    return createPrivateKey({
      key: source.text,
      format: 'pem',
      passphrase: source.encrypted ? passphrase : undefined,
    });
  } catch (err) {
    throw mapNodeKeyError(err, source);
  }
}

const NO_PASSPHRASE = new Set([
  'ERR_MISSING_PASSPHRASE',
  'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED',
]);

/**
 * Maps node:crypto's error `code`. A wrong passphrase usually fails the CBC padding check
 * (ERR_OSSL_BAD_DECRYPT; ERR_OSSL_EVP_BAD_DECRYPT under OpenSSL 1.1), but a few times in a
 * thousand the padding happens to look valid and the decoder fails instead (for example
 * ERR_OSSL_UNSUPPORTED). Damage inside intact armour cannot be told from that, so on an
 * encrypted key every OpenSSL error counts as a wrong passphrase; on a plain key, as damage.
 */
export function mapNodeKeyError(err: unknown, source: KeySource): AppError {
  const code = (err as { code?: unknown } | null)?.code;
  const details = { format: source.format, reason: typeof code === 'string' ? code : 'unknown' };
  if (typeof code !== 'string') {
    return new AppError('INTERNAL', 'mapNodeKeyError: uncoded error', details, err);
  }
  if (NO_PASSPHRASE.has(code)) {
    return new AppError('KEY_PASSPHRASE_REQUIRED', 'node: passphrase needed', details, err);
  }
  if (!code.startsWith('ERR_OSSL_')) {
    return new AppError('INTERNAL', `mapNodeKeyError: ${code}`, details, err);
  }
  if (source.encrypted) {
    return new AppError('KEY_PASSPHRASE_WRONG', 'node: could not decrypt', details, err);
  }

  return new AppError('KEY_DAMAGED', 'node: could not decode', details, err);
}

function toSsh2Text(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type === 'rsa') return key.export({ type: 'pkcs1', format: 'pem' }).toString();
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    if (!SSH_CURVES.has(curve)) {
      throw new AppError('KEY_UNSUPPORTED', 'toSsh2Text: curve', { keyType: `EC ${curve}` });
    }
    return key.export({ type: 'sec1', format: 'pem' }).toString();
  }
  if (type === 'ed25519') {
    const pkcs8 = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    return sshpk.parsePrivateKey(pkcs8, 'pkcs8').toString('openssh');
  }
  const keyType = OTHER_TYPE_NAMES[type] ?? type;
  throw new AppError('KEY_UNSUPPORTED', 'toSsh2Text: key type', { keyType });
}
