import { basename, dirname, join } from 'node:path';

export type PgpExtension = 'pgp' | 'gpg' | 'asc';

const ENCRYPTED_EXTENSIONS = /\.(pgp|gpg|asc)$/i;

/** Suffixes that mark a file as OpenPGP data when downloading with decryption on. */
export const ENCRYPTED_SUFFIXES = ['.pgp', '.gpg', '.asc'];

/**
 * Here, not beside the transfer steps, so the queue can ask it without loading OpenPGP
 * (about 19 MiB of a plain transfer's memory).
 */
export function isEncryptedName(name: string): boolean {
  const lower = name.toLowerCase();
  return ENCRYPTED_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower !== suffix);
}

/** `report.csv` → `report.csv.pgp` (or .gpg, or .asc for armor), beside the original. */
export function encryptedPath(inputPath: string, extension: PgpExtension, outputDir?: string) {
  return join(outputDir ?? dirname(inputPath), `${basename(inputPath)}.${extension}`);
}

/**
 * `report.csv.pgp` → `report.csv`; a name without a known extension gets `.decrypted`, so the
 * encrypted file is never the destination. The name stored inside the message is not used:
 * it comes from the sender and could point anywhere.
 */
export function decryptedPath(inputPath: string, outputDir?: string) {
  const name = basename(inputPath);
  const stripped = name.replace(ENCRYPTED_EXTENSIONS, '');
  const target = stripped === name || stripped === '' ? `${name}.decrypted` : stripped;

  return join(outputDir ?? dirname(inputPath), target);
}
