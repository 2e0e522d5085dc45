import type { RequestOutput } from '../../shared/ipc/contract.ts';

/** One OpenPGP key the app keeps, as pgp:listKeys describes it. */
export type PgpKeyInfo = RequestOutput<'pgp:listKeys'>[number];

/** The last 16 hex digits, grouped by four: what people compare on the phone. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint
    .slice(-16)
    .toUpperCase()
    .replace(/(.{4})(?!$)/g, '$1 ');
}

const HEX_ID = /^[0-9a-f]{16,64}$/i;

/**
 * How a key named in a job reads to the user: its user ID when the app keeps that key, else
 * the end of its fingerprint or key ID in groups of four, else the name as main gave it.
 */
export function keyLabel(name: string, keys: readonly PgpKeyInfo[]): string {
  const wanted = name.toUpperCase();
  const key = keys.find(
    (k) => k.fingerprint.toUpperCase() === wanted || k.keyId.toUpperCase() === wanted,
  );
  if (key?.userIds[0]) return key.userIds[0];
  return HEX_ID.test(name) ? shortFingerprint(name) : name;
}

/** Several recipients read as one list, in the order the job names them. */
export function keyLabels(names: readonly string[], keys: readonly PgpKeyInfo[]): string {
  return names.map((name) => keyLabel(name, keys)).join(', ');
}
