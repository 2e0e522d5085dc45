import { shortFingerprint } from '../../shared/format.ts';
import type { RequestOutput } from '../../shared/ipc/contract.ts';

export { shortFingerprint };

/** One OpenPGP key the app keeps, as pgp:listKeys describes it. */
export type PgpKeyInfo = RequestOutput<'pgp:listKeys'>[number];

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

/**
 * Several recipients read as one list, in the order the job names them. One no longer among
 * the keys was deleted since the job was queued (the job cannot encrypt to it: its upload is
 * refused, never sent in clear), and reads through `deleted`. Before the keys are known (none
 * listed yet), nothing is taken for deleted.
 */
export function recipientLabels(
  names: readonly string[],
  keys: readonly PgpKeyInfo[],
  deleted: (id: string) => string,
): string {
  const gone = (name: string) => keys.length > 0 && !keys.some((key) => namesKey(name, key));
  const label = (name: string) =>
    gone(name) ? deleted(keyLabel(name, keys)) : keyLabel(name, keys);
  return names.map(label).join(', ');
}

const compact = (name: string): string => name.replace(/\s+/g, '').toUpperCase();

/**
 * Whether a connection's recipient (a fingerprint or a key ID, as profiles keep them) names
 * this key.
 */
export function namesKey(recipient: string, key: PgpKeyInfo): boolean {
  const wanted = compact(recipient);
  const fingerprint = key.fingerprint.toUpperCase();
  return wanted === fingerprint || (wanted.length >= 16 && fingerprint.endsWith(wanted));
}

/** The connections (by name) whose uploads are encrypted to this key. */
export function connectionsEncryptingTo(
  profiles: readonly { name: string; pgp: { recipients: string[] } }[],
  key: PgpKeyInfo,
): string[] {
  return profiles
    .filter((p) => p.pgp.recipients.some((recipient) => namesKey(recipient, key)))
    .map((p) => p.name);
}
