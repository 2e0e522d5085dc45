import * as openpgp from 'openpgp';
import type { PgpKeyInfo, PgpKeyStatus, PgpSubkeyInfo } from './types.ts';

const ENCRYPT_FLAGS =
  openpgp.enums.keyFlags.encryptCommunication | openpgp.enums.keyFlags.encryptStorage;
const SIGN_FLAGS = openpgp.enums.keyFlags.signData;

const CURVE_NAMES: Record<string, string> = {
  ed25519Legacy: 'ed25519',
  curve25519Legacy: 'cv25519',
  nistP256: 'nistp256',
  nistP384: 'nistp384',
  nistP521: 'nistp521',
  secp256k1: 'secp256k1',
  brainpoolP256r1: 'brainpoolP256r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
};

/** Short algorithm names as GnuPG prints them: rsa3072, ed25519, cv25519. */
export function algorithmName(info: openpgp.AlgorithmInfo): string {
  if (info.bits !== undefined) {
    return `${info.algorithm.startsWith('rsa') ? 'rsa' : info.algorithm}${info.bits}`;
  }
  if (info.curve !== undefined) return CURVE_NAMES[info.curve] ?? info.curve;

  return info.algorithm;
}

function latestFlags(signatures: openpgp.SignaturePacket[]): number {
  let latest: openpgp.SignaturePacket | undefined;
  for (const signature of signatures) {
    if (latest === undefined || (signature.created ?? 0) >= (latest.created ?? 0))
      latest = signature;
  }

  return latest?.keyFlags?.[0] ?? 0;
}

function primaryFlags(key: openpgp.Key): number {
  return latestFlags(key.users.flatMap((user) => user.selfCertifications));
}

/** Expiry as epoch ms; null when the key never expires or has no valid self-signature. */
function expiryMs(value: Date | number | null): number | null {
  return value instanceof Date ? value.getTime() : null;
}

async function describeSubkey(subkey: openpgp.Subkey): Promise<PgpSubkeyInfo> {
  const flags = latestFlags(subkey.bindingSignatures);
  const expires = await subkey.getExpirationTime().catch(() => null);

  return {
    fingerprint: subkey.getFingerprint().toUpperCase(),
    keyId: subkey.getKeyID().toHex().toUpperCase(),
    algorithm: algorithmName(subkey.getAlgorithmInfo()),
    createdMs: subkey.getCreationTime().getTime(),
    expiresMs: expiryMs(expires),
    canEncrypt: (flags & ENCRYPT_FLAGS) !== 0,
    canSign: (flags & SIGN_FLAGS) !== 0,
  };
}

export async function keyStatus(key: openpgp.Key, now = new Date()): Promise<PgpKeyStatus> {
  if (await key.isRevoked(undefined, undefined, now).catch(() => false)) return 'revoked';
  const expires = await key.getExpirationTime().catch(() => null);
  if (expires instanceof Date && expires.getTime() <= now.getTime()) return 'expired';

  return key.verifyPrimaryKey(now).then(
    () => 'valid',
    () => 'invalid',
  );
}

/** Everything a person needs to recognise a key and know what it can do. */
export async function describeKey(key: openpgp.Key, now = new Date()): Promise<PgpKeyInfo> {
  const subkeys = await Promise.all(key.subkeys.map(describeSubkey));
  const flags = primaryFlags(key);
  const expires = await key.getExpirationTime().catch(() => null);

  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    userIds: key.getUserIDs(),
    algorithm: algorithmName(key.getAlgorithmInfo()),
    createdMs: key.getCreationTime().getTime(),
    expiresMs: expiryMs(expires),
    status: await keyStatus(key, now),
    canEncrypt: (flags & ENCRYPT_FLAGS) !== 0 || subkeys.some((s) => s.canEncrypt),
    canSign: (flags & SIGN_FLAGS) !== 0 || subkeys.some((s) => s.canSign),
    hasSecret: key.isPrivate(),
    secretNeedsPassphrase: key.isPrivate() && !key.isDecrypted(),
    subkeys,
  };
}
