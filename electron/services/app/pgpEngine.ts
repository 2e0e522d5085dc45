import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { PgpService } from '../pgp/PgpService.ts';
import { checkRecipients, encryptedChunks, isEncryptedName } from '../pgp/transferPgp.ts';
import type { PgpSignatureStatus } from '../pgp/types.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { download, upload } from '../transfer/transfer.ts';
import { engineOptions, type EngineOptions, type TransferEngine } from './engine.ts';
import type { PassphraseSource } from './PgpPassphrases.ts';
import type { JobOutcome } from './TransferQueue.ts';

type JobSignature = JobOutcome['signature'];

const SIGNATURE_STATE: Record<PgpSignatureStatus['kind'], NonNullable<JobSignature>> = {
  valid: 'valid',
  bad: 'invalid',
  'not-signed': 'unsigned',
  'unknown-signer': 'unknownKey',
};

/**
 * The app's transfer engine with OpenPGP: uploads are encrypted to the profile's recipients
 * as they stream (nothing in clear on disk or on the server, and a bad recipient stops the
 * job before any byte leaves); downloads ending in .pgp/.gpg/.asc are decrypted once complete
 * and verified before the plaintext takes its name. A secret key protected by a passphrase
 * is unlocked with one from `passphrases` (known, or asked of the user); without it such a
 * file fails with PGP_PASSPHRASE_REQUIRED and stays encrypted.
 */
export function createPgpEngine(pgp: PgpService, passphrases?: PassphraseSource): TransferEngine {
  return {
    async upload(session, local, remoteDir, options) {
      if (options.pgp.action !== 'encrypt') {
        return upload(session, [local], remoteDir, engineOptions(options));
      }
      return encryptingUpload(pgp, session, local, remoteDir, options, options.pgp.recipients);
    },
    async download(session, remote, localDir, options) {
      const outcome = await download(session, [remote], localDir, engineOptions(options));
      if (options.pgp.action !== 'decrypt') return outcome;
      return decryptDownloaded(pgp, outcome, options.signal, passphrases);
    },
  };
}

async function encryptingUpload(
  pgp: PgpService,
  session: SftpSession,
  local: string,
  remoteDir: string,
  options: EngineOptions,
  fingerprints: string[],
): Promise<JobOutcome> {
  if (fingerprints.length === 0) {
    throw new AppError('INVALID_ARGUMENT', 'no recipients', { reason: 'no recipient keys chosen' });
  }
  const armored = await Promise.all(fingerprints.map((f) => pgp.keyring.exportPublic(f)));
  await checkRecipients(armored.map((text) => ({ armored: text })));
  const recipients = fingerprints.map((fingerprint) => ({ fingerprint }));
  return upload(session, [local], remoteDir, {
    ...engineOptions(options),
    transformUpload: (item) => ({
      remote: `${item.remote}.pgp`,
      source: {
        localPath: item.local,
        mtimeMs: item.mtimeMs,
        countsOwnProgress: true,
        open: (onBytes) => encryptedChunks(pgp, item.local, recipients, undefined, onBytes),
      },
    }),
  });
}

async function decryptDownloaded(
  pgp: PgpService,
  outcome: Awaited<ReturnType<typeof download>>,
  signal: AbortSignal,
  passphrases: PassphraseSource | undefined,
): Promise<JobOutcome> {
  let signature: JobSignature;
  let resultPath: string | undefined;
  for (const file of outcome.files) {
    if (file.state !== 'done' || !isEncryptedName(file.local)) continue;
    try {
      const result = await decryptUnlocking(pgp, file.local, signal, passphrases);
      await rm(file.local, { force: true });
      signature = SIGNATURE_STATE[result.signature.kind];
      resultPath = result.outputPath;
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'CANCELLED') throw error;
      // The encrypted download stays where it is: the data is not lost, only still locked.
      outcome.failed.push({ path: file.path, error: error.toJSON() });
    }
  }
  return { ...outcome, ...(signature ? { signature } : {}), ...(resultPath ? { resultPath } : {}) };
}

/**
 * The secret key a passphrase error is about. Undefined for a file encrypted with a
 * passphrase only (no key): the app has no prompt for those, so such a download fails with
 * PGP_PASSPHRASE_REQUIRED and stays encrypted (the command line's --decrypt-passphrase-env
 * handles them).
 */
function lockedKey(error: AppError): { fingerprint: string; userId?: string } | undefined {
  const locked = error.code === 'PGP_PASSPHRASE_REQUIRED' || error.code === 'PGP_PASSPHRASE_WRONG';
  const { fingerprint, userId } = error.details;
  if (!locked || typeof fingerprint !== 'string' || error.details.symmetric === true) {
    return undefined;
  }
  return typeof userId === 'string' ? { fingerprint, userId } : { fingerprint };
}

/**
 * Decrypts, and when the secret key turns out to need its passphrase, tries the one known for
 * that key, else asks the user (again, saying so, if a try was wrong), and decrypts again.
 * Each round waits for the user, so it cannot spin.
 */
async function decryptUnlocking(
  pgp: PgpService,
  inputPath: string,
  signal: AbortSignal,
  passphrases: PassphraseSource | undefined,
) {
  let keyPassphrase: string | undefined;
  let askedUser = false;
  for (;;) {
    try {
      return await pgp.decryptFile({
        inputPath,
        signal,
        ...(keyPassphrase === undefined ? {} : { keyPassphrase }),
      });
    } catch (err) {
      const error = toAppError(err);
      const key = lockedKey(error);
      if (passphrases === undefined || key === undefined) throw error;
      const wrong = error.code === 'PGP_PASSPHRASE_WRONG';
      if (wrong) passphrases.forget(key.fingerprint);
      const known = wrong ? undefined : passphrases.known(key.fingerprint);
      if (known !== undefined && known !== keyPassphrase) {
        keyPassphrase = known;
        continue;
      }
      const question = { ...key, fileName: basename(inputPath), wrong: wrong && askedUser };
      keyPassphrase = await passphrases.ask(question, signal);
      askedUser = true;
    }
  }
}
