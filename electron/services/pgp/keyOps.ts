import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { inPhase } from './errors.ts';
import { unlockKey } from './keyChecks.ts';
import { describeKey } from './keyInfo.ts';
import { readKeyMaterial, readSecretKey, readSingleKey } from './material.ts';
import type { PgpGenerateKeyArgs, PgpKeyInfo, PgpKeyMaterial } from './types.ts';

/** A key split the way the keyring stores it: public half in clear, secret half to be sealed. */
export interface ParsedKey {
  info: PgpKeyInfo;
  publicArmored: string;
  /** The whole secret key (binary packets), still passphrase-protected if it was. */
  secretBinary?: Uint8Array;
}

const DAY_SECONDS = 24 * 60 * 60;

/** v4 keys with iterated-and-salted S2K: what GnuPG 2.2 imports. */
const GENERATE_CONFIG: openpgp.PartialConfig = {
  v6Keys: false,
  aeadProtect: false,
  s2kType: openpgp.enums.s2k.iterated,
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredHashAlgorithm: openpgp.enums.hash.sha512,
};

async function split(key: openpgp.Key): Promise<ParsedKey> {
  return {
    info: await describeKey(key),
    publicArmored: key.toPublic().armor(),
    secretBinary: key.isPrivate() ? key.write() : undefined,
  };
}

/** Every key in a pasted text or file, described and split. */
export async function parseKeys(material: PgpKeyMaterial): Promise<ParsedKey[]> {
  const keys = await readKeyMaterial(material);
  if (keys.length === 0) {
    throw new AppError('PGP_KEY_INVALID', 'no key found', { phase: 'read-key' });
  }

  return Promise.all(keys.map(split));
}

/**
 * Merges a newly imported copy into the stored one (new user IDs, subkeys, revocations,
 * extended expiry), keeping the secret half when either side has it.
 */
export async function mergeKeys(base: PgpKeyMaterial, update: PgpKeyMaterial): Promise<ParsedKey> {
  const stored = await readSingleKey(base);
  const incoming = await readSingleKey(update);
  if (stored.getFingerprint() !== incoming.getFingerprint()) {
    throw new AppError('INVALID_ARGUMENT', 'merging two different keys', {
      reason: 'different keys',
    });
  }
  // Updating the private copy from the public one, never the reverse: openpgp.js 6.3's
  // public-from-private path passes its config where a date belongs.
  const merged = await inPhase('read-key', async () =>
    incoming.isPrivate() && !stored.isPrivate() ? incoming.update(stored) : stored.update(incoming),
  );

  return split(merged);
}

/**
 * Tries a passphrase on a secret key without using the key for anything: the answer to a
 * passphrase prompt is checked before it is kept. Throws PGP_PASSPHRASE_WRONG when it fails.
 */
export async function checkPassphrase(material: PgpKeyMaterial, passphrase: string) {
  await unlockKey(await readSecretKey(material), passphrase);
  return true;
}

/** A new key pair: Curve25519 in GnuPG 2.2's form (ed25519 + cv25519, v4), or RSA 4096. */
export async function generateKeyPair(args: PgpGenerateKeyArgs): Promise<ParsedKey> {
  const algorithm =
    args.algorithm === 'rsa4096'
      ? { type: 'rsa' as const, rsaBits: 4096 }
      : { type: 'ecc' as const, curve: 'curve25519Legacy' as const };
  const passphrase = args.passphrase === '' ? undefined : args.passphrase;
  const { privateKey } = await inPhase('generate', () =>
    openpgp.generateKey({
      ...algorithm,
      userIDs: [{ name: args.name, email: args.email }],
      passphrase,
      keyExpirationTime: Math.round((args.expiresInDays ?? 0) * DAY_SECONDS),
      format: 'object',
      config: GENERATE_CONFIG,
    }),
  );

  return split(privateKey);
}
