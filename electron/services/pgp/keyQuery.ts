import { AppError } from '../../../shared/errors.ts';
import type { PgpKeyInfo } from './types.ts';

const HEX = /^(0x)?[0-9a-f]+$/i;
/** Shorter IDs collide too easily (32-bit key IDs have been forged at scale). */
const MIN_ID_DIGITS = 16;

function matchesId(info: PgpKeyInfo, hex: string): boolean {
  const ids = [info, ...info.subkeys].flatMap((k) => [k.fingerprint, k.keyId]);
  return ids.some((id) => id === hex || (hex.length >= MIN_ID_DIGITS && id.endsWith(hex)));
}

/**
 * Keys matching what a person typed: a fingerprint or 16-digit key ID (of the key or a
 * subkey), an email address, or part of a user ID. Spaces in fingerprints are ignored.
 */
export function matchKeys(keys: PgpKeyInfo[], query: string): PgpKeyInfo[] {
  const compact = query.replace(/\s+/g, '');
  if (HEX.test(compact) && compact.replace(/^0x/i, '').length >= MIN_ID_DIGITS) {
    const hex = compact.replace(/^0x/i, '').toUpperCase();
    return keys.filter((info) => matchesId(info, hex));
  }
  const needle = query.trim().toLowerCase().replace(/^<|>$/g, '');
  if (needle === '') return [];
  const byEmail = keys.filter((info) =>
    info.userIds.some((uid) => uid.toLowerCase().includes(`<${needle}>`)),
  );
  if (byEmail.length > 0) return byEmail;

  return keys.filter((info) => info.userIds.some((uid) => uid.toLowerCase().includes(needle)));
}

/** The one key matching the query; several or none is an INVALID_ARGUMENT naming the query. */
export function findOneKey(keys: PgpKeyInfo[], query: string): PgpKeyInfo {
  const found = matchKeys(keys, query);
  const [first] = found;
  if (first === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'no key matches', {
      reason: `no key in the keyring matches "${query}"`,
    });
  }
  if (found.length > 1) {
    throw new AppError('INVALID_ARGUMENT', 'several keys match', {
      reason: `${found.length} keys match "${query}"; give the fingerprint`,
    });
  }

  return first;
}
