import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import type { ParsedKey } from 'ssh2';
import { AppError } from '../../../../shared/errors.ts';
import type { DecodedKey, KeySource, LoadedKey } from './types.ts';

const SUPPORTED_TYPES = new Set([
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** NIST SP 800-131A has disallowed RSA signatures under 2048 bits since 2014. */
export const MIN_RSA_BITS = 2048;

/** Applies our key policy to a decoded key and describes it the way ssh-keygen -l would. */
export function describeKey(decoded: DecodedKey, source: KeySource): LoadedKey {
  const { parsed } = decoded;
  if (!parsed.isPrivateKey()) {
    throw new AppError('KEY_IS_PUBLIC', 'describeKey: no private part', { format: source.format });
  }
  if (!SUPPORTED_TYPES.has(parsed.type)) {
    const keyType = parsed.type === 'ssh-dss' ? 'DSA' : parsed.type;
    throw new AppError('KEY_UNSUPPORTED', 'describeKey: key type', { keyType });
  }
  const bits = keyBits(parsed);
  if (parsed.type === 'ssh-rsa' && bits < MIN_RSA_BITS) {
    const keyType = `RSA ${bits} bits, too weak`;
    throw new AppError('KEY_UNSUPPORTED', 'describeKey: RSA too weak', { keyType, bits });
  }
  assertHalvesMatch(parsed);

  return {
    parsed,
    type: parsed.type,
    bits,
    fingerprint: fingerprintOf(parsed),
    comment: decoded.comment ?? parsed.comment ?? '',
    format: source.format,
    encrypted: source.encrypted,
  };
}

/** `SHA256:` and unpadded base64 of the public key blob, as OpenSSH prints it. */
export function fingerprintOf(parsed: ParsedKey): string {
  const digest = createHash('sha256').update(parsed.getPublicSSH()).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function keyBits(parsed: ParsedKey): number {
  if (parsed.type === 'ssh-ed25519') return 256;
  if (parsed.type.startsWith('ecdsa-sha2-nistp')) {
    return Number(parsed.type.slice('ecdsa-sha2-nistp'.length));
  }
  const details = createPublicKey(parsed.getPublicPEM()).asymmetricKeyDetails;

  return details?.modulusLength ?? 0;
}

/**
 * No parser checks that the private numbers belong to the public key stored beside them. A
 * file damaged in place could still parse and then fail at the server as a rejected login,
 * which would send the user after the wrong problem, so sign once and verify here.
 */
function assertHalvesMatch(parsed: ParsedKey): void {
  const challenge = randomBytes(32);
  const hash = parsed.type === 'ssh-rsa' ? 'sha256' : undefined;
  const signature: Buffer | Error = parsed.sign(challenge, hash);
  const verified: boolean | Error =
    signature instanceof Error ? false : parsed.verify(challenge, signature, hash);
  if (verified !== true) {
    throw new AppError('KEY_DAMAGED', 'describeKey: private and public halves differ', {
      reason: 'mismatch',
    });
  }
}
