import { describeKey } from './keys/describeKey.ts';
import { detectKey } from './keys/detectKey.ts';
import { toKeyText } from './keys/keyText.ts';
import { decodeOpenSsh } from './keys/opensshKey.ts';
import { decodePem } from './keys/pemKey.ts';
import { decodePpk } from './keys/ppkKey.ts';
import { readKeyFileBytes } from './keys/readKeyFile.ts';
import type { DecodedKey, KeySource, LoadedKey } from './keys/types.ts';

export type { KeyFormat, LoadedKey } from './keys/types.ts';

/**
 * Loads an SSH private key in any form a user may be handed: PKCS#1, PKCS#8 (plain or
 * encrypted), SEC1, OpenSSH and PuTTY .ppk v2/v3. Windows line ends, a byte-order mark and
 * blank lines or text around the key do not matter. The decrypted key stays in memory only.
 *
 * Errors (AppError): KEY_IS_PUBLIC, KEY_DAMAGED, KEY_NOT_A_KEY, KEY_PASSPHRASE_REQUIRED,
 * KEY_PASSPHRASE_WRONG, KEY_UNSUPPORTED (DSA, RSA under 2048 bits, other types).
 * Decryption runs on the calling thread: about 0.3 s for OpenSSH bcrypt, 0.2 s for Argon2.
 */
export async function loadPrivateKey(input: {
  data: Buffer | string;
  passphrase?: string;
}): Promise<LoadedKey> {
  const source = detectKey(toKeyText(input.data));
  const decoded = await decodeKey(source, input.passphrase);

  return describeKey(decoded, source);
}

/**
 * Reads and loads a private key file. Adds KEY_FILE_UNREADABLE (missing file, no permission,
 * a folder) and KEY_NOT_A_KEY for files over 1 MiB. The bytes read are zeroed afterwards.
 */
export async function readPrivateKeyFile(path: string, passphrase?: string): Promise<LoadedKey> {
  const data = await readKeyFileBytes(path);
  try {
    return await loadPrivateKey({ data, passphrase });
  } finally {
    data.fill(0);
  }
}

/** Cheap check used by UIs before asking for a passphrase. */
export function keyNeedsPassphrase(data: Buffer | string): boolean {
  try {
    return detectKey(toKeyText(data)).encrypted;
  } catch {
    // Whatever is wrong with the file, loadPrivateKey reports it; no passphrase will help.
    return false;
  }
}

function decodeKey(source: KeySource, passphrase?: string): DecodedKey | Promise<DecodedKey> {
  if (source.format === 'ppk2' || source.format === 'ppk3') return decodePpk(source, passphrase);
  if (source.format === 'openssh') return decodeOpenSsh(source, passphrase);

  return decodePem(source, passphrase);
}
