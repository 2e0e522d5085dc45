import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { localFsError } from './errors.ts';
import { PgpKeyring } from './keyring.ts';
import { PgpService, type PgpKeyRef, type PgpSignWith } from './PgpService.ts';
import { createPassphraseSecretBox } from './secretBox.ts';
import type { PgpWorkerPool } from './workerPool.ts';
import type { PgpDecryptResult } from './types.ts';

export { ENCRYPTED_SUFFIXES, isEncryptedName } from './outputNames.ts';

/**
 * Checks every recipient before a single byte leaves: an expired, revoked, sign-only or
 * unreadable key stops the upload here, with nothing created on the server.
 */
export async function checkRecipients(recipients: PgpKeyRef[]): Promise<void> {
  // Loaded only here: OpenPGP adds ~19 MiB to a process, and the command line loads this
  // module for every put and get, most of which encrypt nothing.
  const [{ assertCanEncryptTo }, { readSingleKey }] = await Promise.all([
    import('./keyChecks.ts'),
    import('./material.ts'),
  ]);
  for (const ref of recipients) {
    const material = 'path' in ref ? await readKeyFile(ref.path) : refMaterial(ref);
    await assertCanEncryptTo(await readSingleKey(material));
  }
}

/** A key file's bytes; a missing or unreadable file says so (not "not a usable key"). */
async function readKeyFile(path: string): Promise<Uint8Array> {
  return readFile(path).catch((err: unknown) => {
    throw (
      localFsError(err, path) ??
      new AppError('PGP_KEY_INVALID', 'key file unreadable', { path }, err)
    );
  });
}

function refMaterial(ref: PgpKeyRef): string | Uint8Array {
  if ('armored' in ref) return ref.armored;
  if ('binary' in ref) return ref.binary;
  throw new AppError('INVALID_ARGUMENT', 'keyring references need the keyring', {
    reason: 'a recipient from the keyring must be checked by the keyring',
  });
}

/**
 * A keyring that lives only for one command: key files named on the command line are
 * imported into a temporary folder (sealed with a random key) so the PGP service can use
 * them like keyring keys, and the folder is deleted afterwards. `publicKeys` (the signers the
 * user's own keyring knows) are added for verifying signatures only; one that cannot be read
 * is skipped, since it is not what the command is about.
 */
export interface EphemeralPgp {
  service: PgpService;
  fingerprints: string[];
  dispose(): Promise<void>;
}

export async function ephemeralPgp(
  pool: PgpWorkerPool,
  keyFiles: string[],
  logger?: Logger,
  publicKeys: string[] = [],
): Promise<EphemeralPgp> {
  const dir = await mkdtemp(join(tmpdir(), 'pyplan-pgp-'));
  const secretBox = createPassphraseSecretBox(randomBytes(32).toString('hex'));
  const keyring = new PgpKeyring({ dir, secretBox, pool, logger });
  const fingerprints: string[] = [];
  try {
    for (const file of keyFiles) {
      const imported = await keyring.import(await readKeyFile(file));
      fingerprints.push(...imported.map((k) => k.fingerprint));
    }
    for (const armored of publicKeys) {
      await keyring.import(armored).catch((err: unknown) => {
        logger?.warn('ephemeralPgp: keyring key skipped', { code: toAppError(err).code });
      });
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    service: new PgpService({ keyring, pool, logger }),
    fingerprints,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The encrypted bytes of a local file, produced as they are read: no plaintext copy is made
 * and only a few chunks are in memory at once. The worker reads the file itself (see
 * PgpService.encryptFileToStream). `onPlainBytes` counts plaintext read, so progress reflects
 * the user's file, not the ciphertext; it comes from the worker's progress reports (about ten
 * a second), all of them delivered before this ends.
 */
export async function* encryptedChunks(
  service: PgpService,
  localPath: string,
  recipients: PgpKeyRef[],
  signWith: PgpSignWith | undefined,
  onPlainBytes?: (count: number) => void,
): AsyncIterable<Uint8Array> {
  let reported = 0;
  const { stream, done } = await service.encryptFileToStream({
    inputPath: localPath,
    recipients,
    signWith,
    // Uploads go over real links, where a CSV export shrunk to a quarter arrives sooner; data
    // that does not shrink (archives, .xlsx, random bytes) is sent as it is.
    compression: 'auto',
    onProgress: (total) => {
      onPlainBytes?.(total - reported);
      reported = total;
    },
  });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
    await done;
  } finally {
    stream.destroy();
  }
}

/** One line for a person about who signed a decrypted file. */
export function signatureLine(result: PgpDecryptResult): string {
  const sig = result.signature;
  switch (sig.kind) {
    case 'valid':
      return `good signature from ${sig.fingerprint} ${sig.userId ?? ''}`.trim();
    case 'unknown-signer':
      return `signed by unknown key ${sig.keyId}`;
    case 'bad':
      return `BAD signature from ${sig.keyId}`;
    case 'not-signed':
      return 'not signed';
  }
}
