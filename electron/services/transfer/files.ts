import type { Hash } from 'node:crypto';
import type { Stats as LocalStats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'ssh2';
import { AppError, toAppError } from '../../../shared/errors.ts';
import { joinRemote, remoteBasename, remoteDirname } from '../../../shared/remotePath.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { localHash, NO_HASH, streamHash } from './hashWorker.ts';
import { sendFile, sendSmallFile, sendStream } from './pipeline.ts';
import {
  compatOf,
  keepsPartial,
  wantsHash,
  type FileOutcome,
  type FileTransferOptions,
} from './options.ts';
import { RESUME_MIN_BYTES } from './partial.ts';
import { sameStamp, stampOf } from './stamp.ts';
import { hashRemote, hashLocalPrefix, setRemoteTimes } from './verify.ts';

export { downloadFile, DOWNLOAD_SUFFIX } from './downloadFile.ts';
export type { FileOutcome, FileTransferOptions } from './options.ts';

export interface UploadSource {
  /** Shown in messages and used for timestamps when preserving them. */
  localPath: string;
  /** Size when planned: lets the last read of a small file be its only one. */
  size?: number;
  /**
   * Bytes to send; defaults to reading localPath. Encryption plugs in here. With
   * `countsOwnProgress`, the source reports progress itself through the callback it is given
   * (plaintext read), instead of the engine counting the bytes it sends.
   */
  open?: (onBytes?: (count: number) => void) => AsyncIterable<Buffer | Uint8Array>;
  countsOwnProgress?: boolean;
  mtimeMs?: number;
}

const UPLOAD_SUFFIX = '.pyplan-upload';
/** SFTP v3 open flags (draft-ietf-secsh-filexfer-02 section 6.3). */
const WRITE = 0x02;
const CREAT = 0x08;

/**
 * The hidden name an atomic upload writes before taking the final name. `tag` (a job's or
 * run's short id) keeps two runs sending different files to one name off each other's copy;
 * untagged is the name jobs saved before tags existed still resume from.
 */
export function uploadTempPath(remotePath: string, tag?: string): string {
  const middle = tag ? `.${tag}` : '';
  const name = `.${remoteBasename(remotePath)}${middle}${UPLOAD_SUFFIX}`;
  return joinRemote(remoteDirname(remotePath), name);
}

/**
 * Uploads one file; resolves only after the server confirms the size (and, with verify
 * 'hash', the content). With `atomic`, the data goes to a temporary name in the same folder
 * and takes the final name only when complete. A partial copy left by a lost connection is
 * continued from `resumeAt` where the server can write at an offset; otherwise it restarts.
 */
export async function uploadFile(
  session: SftpSession,
  source: UploadSource,
  remotePath: string,
  options: FileTransferOptions = {},
): Promise<FileOutcome> {
  const writePath = options.atomic ? uploadTempPath(remotePath, options.tempTag) : remotePath;
  const start = await resumePoint(session, source, writePath, remotePath, options);
  const wanted = wantsHash(options);
  const streamed = wanted ? streamHash() : NO_HASH;
  const local = source.open
    ? streamed
    : localHash(wanted, source.localPath, source.size ?? 0, Number.MAX_SAFE_INTEGER);
  options.onStart?.(start);
  const handle = await openForWrite(session, writePath, remotePath, start > 0);
  let bytes: number;
  try {
    bytes = await sendAll(session, handle, source, start, local.stream, {
      ...options,
      path: remotePath,
    });
    await closeAndCheckSize(session, handle, writePath, remotePath, bytes, options);
  } catch (err) {
    local.cancel();
    await session.close(handle).catch(() => undefined);
    if (!keepsPartial(toAppError(err).code, options.signal) || !options.atomic) {
      await session.removeFile(writePath).catch(() => undefined);
    }
    throw err;
  }
  let sha256: string | undefined;
  try {
    sha256 = await local.finish(bytes);
    if (options.verify === 'hash') {
      await compareRemote(session, writePath, remotePath, bytes, sha256 ?? '');
    }
    if (options.atomic) await moveIntoPlace(session, writePath, remotePath, options);
  } catch (err) {
    await session.removeFile(writePath).catch(() => undefined);
    throw err;
  }
  if (options.preserveTimes && source.mtimeMs !== undefined) {
    await setRemoteTimes(session, remotePath, source.mtimeMs, compatOf(options), options.warn);
  }
  return { bytes, sha256, resumedFrom: start };
}

/**
 * Uploads that may continue a partial copy later: plain files under a temporary name, on a
 * server that writes at an offset. Files under RESUME_MIN_BYTES always start over, as
 * downloads do: the stat that stamps them would cost more than resuming saves.
 */
function isResumable(source: UploadSource, options: FileTransferOptions): boolean {
  if (source.open || !options.atomic || !compatOf(options).offsetWrites) return false;
  return (source.size ?? 0) >= RESUME_MIN_BYTES;
}

/**
 * Where this attempt starts. Only a resumable file with a remembered watermark resumes, only
 * while it is still the file that attempt read (see SourceStamp), and only up to what the
 * server holds: never past it, and never from a copy longer than the source. A file changed
 * since starts over, never appended to the old one's bytes.
 */
async function resumePoint(
  session: SftpSession,
  source: UploadSource,
  writePath: string,
  shownPath: string,
  options: FileTransferOptions,
): Promise<number> {
  const wanted = options.resumeAt ?? 0;
  if (wanted <= 0 || !isResumable(source, options)) return 0;
  const [local, remote] = await Promise.all([
    stat(source.localPath).catch(() => undefined),
    session.exists(writePath).catch(() => undefined),
  ]);
  if (!local || !remote || remote.type !== 'file') return 0;
  if (sameStamp(stampOf(local), options.resumeStamp)) return Math.min(wanted, remote.size);
  // Without a stamp (a job saved by an older version) nothing is known to have changed.
  if (options.resumeStamp) {
    options.warn?.({
      code: 'RESTARTED_CHANGED',
      path: shownPath,
      message: 'The file changed after its upload was interrupted, so it was sent again whole.',
    });
  }
  return 0;
}

/**
 * Write-only: S3-backed servers refuse READ|WRITE opens. TRUNCATE unless resuming. Either way
 * the open creates the file, so "no such file" means its folder is missing (deleted or renamed
 * since the transfer was planned, or never there): the error names that folder, not the file.
 * The folder is not made again: a destination someone deleted may have been deleted on purpose.
 */
async function openForWrite(
  session: SftpSession,
  writePath: string,
  shownPath: string,
  resuming: boolean,
): Promise<Buffer> {
  try {
    return await session.call<Buffer>(shownPath, (cb) =>
      session.raw.open(writePath, resuming ? WRITE | CREAT : 'w', cb),
    );
  } catch (err) {
    const error = toAppError(err);
    if (error.code !== 'NOT_FOUND') throw error;
    const folder = remoteDirname(shownPath);
    throw new AppError('NOT_FOUND', 'target folder missing', { path: folder, what: 'folder' }, err);
  }
}

async function sendAll(
  session: SftpSession,
  handle: Buffer,
  source: UploadSource,
  start: number,
  hash: Hash | undefined,
  options: FileTransferOptions & { path: string },
): Promise<number> {
  const pipe = {
    path: options.path,
    signal: options.signal,
    onBytes: options.onBytes,
    requests: options.requests,
    limiter: options.limiter,
    hash,
    onWatermark: options.onWatermark,
    sizeHint: source.size,
    localPath: source.localPath,
  };
  if (source.open && source.countsOwnProgress) {
    // Progress is the user's file (the plaintext), not the bytes the server receives.
    let shown = 0;
    const count = (n: number): void => {
      shown += n;
      options.onBytes?.(n);
    };
    const sent = await sendStream(session, handle, source.open(count), {
      ...pipe,
      onBytes: undefined,
    });
    options.onShownBytes?.(shown);
    return sent;
  }
  if (source.open) return sendStream(session, handle, source.open(), pipe);
  if (start === 0 && options.syncSmallFiles) {
    const sent = await sendSmallFile(session, handle, source.localPath, pipe);
    if (sent !== undefined) return sent;
  }
  const file = await openLocal(source.localPath);
  try {
    await stampSource(file, source, start, options);
    if (start > 0 && hash) await hashLocalPrefix(file, start, hash, source.localPath);
    return await sendFile(session, handle, file, start, pipe);
  } finally {
    await file.close().catch(() => undefined);
  }
}

async function openLocal(path: string): Promise<FileHandle> {
  return open(path, 'r').catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
}

async function statLocal(file: FileHandle, path: string): Promise<LocalStats> {
  return file.stat().catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
}

/**
 * Tells the caller which file a resumable upload reads from its first byte, for a resume to
 * compare with. A resumed attempt reads through a handle opened after resumePoint looked at
 * the path: should another file have taken that name meanwhile, the copy would mix two files.
 */
async function stampSource(
  file: FileHandle,
  source: UploadSource,
  start: number,
  options: FileTransferOptions,
): Promise<void> {
  if (!isResumable(source, options)) return;
  const stamp = stampOf(await statLocal(file, source.localPath));
  if (start === 0) {
    options.onStamp?.(stamp);
  } else if (!sameStamp(stamp, options.resumeStamp)) {
    throw new AppError('LOCAL_CHANGED', 'local file replaced as its upload resumed', {
      path: source.localPath,
    });
  }
}

/**
 * Standard servers answer FSTAT on the open handle, which costs no extra round trip when sent
 * with the CLOSE. S3-backed servers store the object only at CLOSE, so they are asked after.
 */
async function closeAndCheckSize(
  session: SftpSession,
  handle: Buffer,
  writePath: string,
  shownPath: string,
  expected: number,
  options: FileTransferOptions,
): Promise<void> {
  let attrs: Stats | AppError;
  if (compatOf(options).offsetWrites) {
    const [stats] = await Promise.all([
      session.fstat(handle, shownPath).catch((err: unknown) => toAppError(err)),
      session.close(handle),
    ]);
    attrs = stats;
    if (attrs instanceof AppError && attrs.code !== 'CONNECTION_LOST') {
      attrs = await statOf(session, writePath);
    }
  } else {
    await session.close(handle);
    attrs = await statOf(session, writePath);
  }
  if (attrs instanceof AppError) {
    // Drop-box accounts may write but not read: the data went, but we cannot check it.
    if (attrs.code !== 'PERMISSION_DENIED') throw attrs;
    options.warn?.({
      code: 'NOT_VERIFIED',
      path: shownPath,
      message: 'The server does not allow reading this file back, so its size was not checked.',
    });
    return;
  }
  if (attrs.size !== expected) {
    throw new AppError('SIZE_MISMATCH', 'remote size differs', {
      path: shownPath,
      expected,
      actual: attrs.size,
    });
  }
}

async function statOf(session: SftpSession, path: string): Promise<Stats | AppError> {
  return session.call<Stats>(path, (cb) => session.raw.stat(path, cb)).catch(toAppError);
}

async function compareRemote(
  session: SftpSession,
  writePath: string,
  shownPath: string,
  size: number,
  sha256: string,
): Promise<void> {
  const remote = await hashRemote(session, writePath, size, shownPath);
  if (remote !== sha256) {
    throw new AppError('CHECKSUM_MISMATCH', 'read-back differs', { path: shownPath });
  }
}

/**
 * posix-rename@openssh.com replaces atomically where offered. Plain SFTP v3 rename refuses an
 * existing target: the old file is removed only now that the new data is complete.
 */
async function moveIntoPlace(
  session: SftpSession,
  tempPath: string,
  remotePath: string,
  options: FileTransferOptions,
): Promise<void> {
  try {
    await session.rename(tempPath, remotePath, { overwrite: options.replace !== false });
  } catch (err) {
    if ((err as AppError).code !== 'ALREADY_EXISTS' || options.replace === false) throw err;
    await session.removeFile(remotePath);
    await session.rename(tempPath, remotePath);
  }
}
