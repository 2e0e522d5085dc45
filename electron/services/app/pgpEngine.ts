import { rm } from 'node:fs/promises';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { PgpService } from '../pgp/PgpService.ts';
import { checkRecipients, encryptedChunks, isEncryptedName } from '../pgp/transferPgp.ts';
import type { PgpSignatureStatus } from '../pgp/types.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { download, upload } from '../transfer/transfer.ts';
import { engineOptions, type EngineOptions, type TransferEngine } from './engine.ts';
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
 * and verified before the plaintext takes its name.
 */
export function createPgpEngine(pgp: PgpService): TransferEngine {
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
      return decryptDownloaded(pgp, outcome);
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
): Promise<JobOutcome> {
  let signature: JobSignature;
  let resultPath: string | undefined;
  for (const file of outcome.files) {
    if (file.state !== 'done' || !isEncryptedName(file.local)) continue;
    try {
      const result = await pgp.decryptFile({ inputPath: file.local });
      await rm(file.local, { force: true });
      signature = SIGNATURE_STATE[result.signature.kind];
      resultPath = result.outputPath;
    } catch (err) {
      // The encrypted download stays where it is: the data is not lost, only still locked.
      outcome.failed.push({ path: file.path, error: toAppError(err).toJSON() });
    }
  }
  return { ...outcome, ...(signature ? { signature } : {}), ...(resultPath ? { resultPath } : {}) };
}
