import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { joinRemote, remoteBasename, remoteDirname } from '../../../shared/remotePath.ts';
import type { TransferWarning } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { readHandleToFile, writeStreamToHandle } from './pipeline.ts';

export interface FileTransferOptions {
  signal?: AbortSignal;
  onBytes?: (count: number) => void;
  /** Set modification times on the copy. Off by default: S3-backed servers refuse SETSTAT. */
  preserveTimes?: boolean;
  /**
   * Upload under a temporary name and rename onto the final name after the size check, so a
   * half-written file never sits under the real name. Off for servers where rename is a slow
   * copy or impossible (AWS Transfer Family over S3).
   */
  atomic?: boolean;
  requests?: number;
  warn?: (warning: TransferWarning) => void;
}

export interface UploadSource {
  /** Shown in messages and used for timestamps when preserving them. */
  localPath: string;
  /** Bytes to send; defaults to reading localPath. Encryption plugs in here. */
  open?: () => AsyncIterable<Buffer | Uint8Array>;
  mtimeMs?: number;
}

const UPLOAD_SUFFIX = '.pyplan-upload';
export const DOWNLOAD_SUFFIX = '.pyplan-part';

export function uploadTempPath(remotePath: string): string {
  return joinRemote(remoteDirname(remotePath), `.${remoteBasename(remotePath)}${UPLOAD_SUFFIX}`);
}

/** Uploads one file; resolves with the byte count only after the server confirms the size. */
export async function uploadFile(
  session: SftpSession,
  source: UploadSource,
  remotePath: string,
  options: FileTransferOptions = {},
): Promise<number> {
  const writePath = options.atomic ? uploadTempPath(remotePath) : remotePath;
  // Write-only with CREATE|TRUNCATE: S3-backed servers refuse READ|WRITE opens.
  const handle = await session.open(writePath, 'w');
  let written = 0;
  try {
    const bytes = source.open?.() ?? localChunks(source.localPath, options.signal);
    written = await writeStreamToHandle(session, handle, bytes, {
      path: remotePath,
      ...pick(options),
    });
    await session.close(handle);
    await verifyRemoteSize(session, writePath, remotePath, written, options);
    if (options.atomic) await session.rename(writePath, remotePath, { overwrite: true });
  } catch (err) {
    await session.close(handle).catch(() => undefined);
    await session.removeFile(writePath).catch(() => undefined);
    throw err;
  }
  if (options.preserveTimes && source.mtimeMs !== undefined) {
    await setRemoteTimes(session, remotePath, source.mtimeMs, options);
  }
  return written;
}

async function* localChunks(path: string, signal?: AbortSignal): AsyncIterable<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024, signal });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw mapNodeError(err, path);
  }
}

async function verifyRemoteSize(
  session: SftpSession,
  writePath: string,
  shownPath: string,
  expected: number,
  options: FileTransferOptions,
): Promise<void> {
  let actual: number;
  try {
    actual = (await session.stat(writePath)).size;
  } catch (err) {
    // Drop-box accounts may write but not read: the data went, but we cannot check it.
    if ((err as AppError).code !== 'PERMISSION_DENIED') throw err;
    options.warn?.({
      code: 'NOT_VERIFIED',
      path: shownPath,
      message: 'The server does not allow reading this file back, so its size was not checked.',
    });
    return;
  }
  if (actual !== expected) {
    throw new AppError('SIZE_MISMATCH', 'remote size differs', { path: shownPath, expected, actual });
  }
}

async function setRemoteTimes(
  session: SftpSession,
  remotePath: string,
  mtimeMs: number,
  options: FileTransferOptions,
): Promise<void> {
  try {
    const when = new Date(mtimeMs);
    await session.setTimes(remotePath, when, when);
  } catch (err) {
    if ((err as AppError).code === 'CONNECTION_LOST') throw err;
    options.warn?.({
      code: 'ATTRIBUTES_NOT_SET',
      path: remotePath,
      message: 'The file arrived, but the server did not accept its modification time.',
    });
  }
}

/**
 * Downloads one file into `localPath` through a `.pyplan-part` file that takes the real name
 * only once its size matches the server's, so an interrupted download never looks complete.
 */
export async function downloadFile(
  session: SftpSession,
  remotePath: string,
  localPath: string,
  options: FileTransferOptions = {},
): Promise<number> {
  const handle = await session.open(remotePath, 'r');
  const partPath = join(dirname(localPath), `${basename(localPath)}${DOWNLOAD_SUFFIX}`);
  let attrs;
  try {
    attrs = await session.fstat(handle, remotePath);
    await receiveInto(session, handle, attrs.size, partPath, remotePath, options);
  } catch (err) {
    await rm(partPath, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    await session.close(handle).catch(() => undefined);
  }
  await rename(partPath, localPath).catch((err: unknown) => {
    throw mapNodeError(err, localPath);
  });
  if (options.preserveTimes && attrs.mtime) {
    await utimes(localPath, attrs.atime || attrs.mtime, attrs.mtime).catch(() => undefined);
  }
  return attrs.size;
}

async function receiveInto(
  session: SftpSession,
  handle: Buffer,
  size: number,
  partPath: string,
  remotePath: string,
  options: FileTransferOptions,
): Promise<void> {
  const file = await open(partPath, 'w').catch((err: unknown) => {
    throw mapNodeError(err, partPath);
  });
  try {
    await readHandleToFile(session, handle, size, file, { path: remotePath, ...pick(options) });
  } finally {
    await file.close();
  }
  const actual = (await stat(partPath)).size;
  if (actual !== size) {
    throw new AppError('SIZE_MISMATCH', 'local size differs', {
      path: remotePath,
      expected: size,
      actual,
    });
  }
}

function pick(options: FileTransferOptions) {
  return { signal: options.signal, onBytes: options.onBytes, requests: options.requests };
}
