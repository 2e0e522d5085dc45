import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { download, upload } from '../transfer/transfer.ts';
import type { Conflict, JobOutcome } from './TransferQueue.ts';

export type PgpStep =
  { action: 'none' } | { action: 'encrypt'; recipients: string[] } | { action: 'decrypt' };

export interface EngineOptions {
  signal: AbortSignal;
  onProgress: (progress: TransferProgress) => void;
  conflict: Conflict;
  preserveTimes: boolean;
  /** Write under a temporary name and rename into place. */
  atomic: boolean;
  pgp: PgpStep;
  logger: Logger;
}

/** Moves one file or folder; the seam where the transfer engine (and PGP) plug in. */
export interface TransferEngine {
  upload(s: SftpSession, local: string, remoteDir: string, o: EngineOptions): Promise<JobOutcome>;
  download(s: SftpSession, remote: string, localDir: string, o: EngineOptions): Promise<JobOutcome>;
}

export function engineOptions(options: EngineOptions) {
  return {
    recursive: true,
    signal: options.signal,
    onProgress: options.onProgress,
    conflict: options.conflict,
    preserveTimes: options.preserveTimes,
    atomic: options.atomic,
    logger: options.logger,
  };
}

/**
 * The plain engine: electron/services/transfer without OpenPGP. It refuses a job that asks
 * for encryption or decryption rather than moving the file in clear; an engine that does PGP
 * is passed to AppService instead when one is available.
 */
export const PLAIN_ENGINE: TransferEngine = {
  upload(session, local, remoteDir, options) {
    refusePgp(options.pgp);
    return upload(session, [local], remoteDir, engineOptions(options));
  },
  download(session, remote, localDir, options) {
    refusePgp(options.pgp);
    return download(session, [remote], localDir, engineOptions(options));
  },
};

function refusePgp(pgp: PgpStep): void {
  if (pgp.action !== 'none') {
    throw new AppError('PGP_UNSUPPORTED', 'this engine cannot encrypt or decrypt', {
      action: pgp.action,
    });
  }
}
