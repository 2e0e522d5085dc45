import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { inPhase } from './errors.ts';
import { describeKey } from './keyInfo.ts';
import { collectGarbage } from './memoryPacer.ts';

function fingerprintOf(key: openpgp.Key): string {
  return key.getFingerprint().toUpperCase();
}

function firstUserId(key: openpgp.Key): string | undefined {
  return key.getUserIDs()[0];
}

/**
 * Refuses a recipient key that cannot take an encrypted file today, in the words the user
 * needs: revoked, expired, or a key that can only sign. Called before any output exists.
 */
export async function assertCanEncryptTo(key: openpgp.Key, now = new Date()): Promise<void> {
  const usable = await key.getEncryptionKey(undefined, now).then(
    () => true,
    () => false,
  );
  if (usable) return;
  const info = await describeKey(key, now);
  const details = { fingerprint: info.fingerprint, userId: info.userIds[0] };
  if (info.status === 'revoked') {
    throw new AppError('PGP_KEY_REVOKED', 'recipient key is revoked', details);
  }
  if (info.status === 'expired') {
    throw new AppError('PGP_KEY_EXPIRED', 'recipient key has expired', {
      ...details,
      expiredMs: info.expiresMs ?? undefined,
    });
  }
  const encryptionSubkeys = key.subkeys.filter((_, i) => info.subkeys[i]?.canEncrypt === true);
  if (!info.canEncrypt || encryptionSubkeys.length === 0) {
    throw new AppError('PGP_KEY_CANNOT_ENCRYPT', 'recipient key has no encryption key', details);
  }
  // It has encryption subkeys, but none is valid now: each was revoked or has expired.
  const revoked = encryptionSubkeys.every((subkey) => subkey.revocationSignatures.length > 0);
  throw new AppError(
    revoked ? 'PGP_KEY_REVOKED' : 'PGP_KEY_EXPIRED',
    'no valid encryption subkey',
    details,
  );
}

/** Fails with PGP_KEY_INVALID unless the key can make signatures today. */
export async function assertCanSign(key: openpgp.PrivateKey, now = new Date()): Promise<void> {
  await inPhase('read-key', () => key.getSigningKey(undefined, now), {
    fingerprint: fingerprintOf(key),
  });
}

/**
 * Decrypts the key's secret packets one at a time, freeing memory between them: each GnuPG
 * packet at the maximum S2K count makes openpgp.js allocate 64 MiB, which openpgp.decryptKey
 * would do for all packets at once. Then validates them, as openpgp.decryptKey does, so a key
 * whose public parameters were altered is refused.
 */
async function decryptPackets(key: openpgp.PrivateKey, passphrase: string): Promise<void> {
  const packets = key
    .getKeys()
    .map(({ keyPacket }) => keyPacket)
    .filter((p) => p instanceof openpgp.SecretKeyPacket || p instanceof openpgp.SecretSubkeyPacket);
  for (const packet of packets) {
    if (packet.isDecrypted() || packet.isDummy()) continue;
    await packet.decrypt(passphrase);
    collectGarbage();
  }
  for (const packet of packets) {
    if (!packet.isDummy()) await packet.validate();
  }
}

/**
 * The key ready for use: unchanged when it has no passphrase, otherwise a copy unlocked with
 * the one given. PGP_PASSPHRASE_REQUIRED names the key so the caller can ask for the right one.
 */
export async function unlockKey(
  key: openpgp.PrivateKey,
  passphrase: string | undefined,
): Promise<openpgp.PrivateKey> {
  if (key.isDecrypted()) return key;
  const details = { fingerprint: fingerprintOf(key), userId: firstUserId(key) };
  if (passphrase === undefined || passphrase === '') {
    throw new AppError('PGP_PASSPHRASE_REQUIRED', 'secret key is passphrase-protected', details);
  }
  // A copy, so that a failure halfway leaves no half-unlocked key behind.
  const copy = await inPhase('read-key', () => openpgp.readPrivateKey({ binaryKey: key.write() }));
  await inPhase('unlock-key', () => decryptPackets(copy, passphrase), details);

  return copy;
}
