import { createHash } from 'node:crypto';
import { open, rename, rm, utimes, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Stats } from 'ssh2';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { fileSink, receive, type RemoteReader } from './pipeline.ts';
import { keepsPartial, wantsHash, type FileOutcome, type FileTransferOptions } from './options.ts';
import {
  DOWNLOAD_SUFFIX,
  metaPathOf,
  PartMetaWriter,
  RESUME_MIN_BYTES,
  resumableBytes,
} from './partial.ts';
import { localHash } from './hashWorker.ts';
import { hashLocalPrefix, hashOpenRemote } from './verify.ts';

export { DOWNLOAD_SUFFIX } from './partial.ts';

/** Files up to this size are read with a single request when the server allows it. */
const SMALL_FILE_READ = 256 * 1024;

export function partPathOf(localPath: string): string {
  return join(dirname(localPath), `${basename(localPath)}${DOWNLOAD_SUFFIX}`);
}

/**
 * Downloads one file into `localPath` through a `.pyplan-part` file that takes the real name
 * only once its size (and, with verify 'hash', its content) matches the server's, so an
 * interrupted download never looks complete. A part file left by an interrupted attempt is
 * continued when its metadata shows it belongs to the same remote version (size and mtime).
 */
export async function downloadFile(
  session: SftpSession,
  remotePath: string,
  localPath: string,
  options: FileTransferOptions = {},
): Promise<FileOutcome> {
  const handle = await session.open(remotePath, 'r');
  const partPath = partPathOf(localPath);
  let attrs: Stats;
  let outcome: FileOutcome;
  let closing: Promise<unknown> | undefined;
  try {
    const first = await readFirst(session, handle, remotePath, options);
    attrs = first.attrs;
    if (first.whole) {
      outcome = await writeWhole(first.whole, partPath, options);
      if (options.verify === 'hash') {
        await compareWithServer(session, handle, attrs.size, remotePath, outcome.sha256 ?? '');
      }
    } else {
      outcome = await receiveInto(session, handle, attrs, partPath, remotePath, options);
    }
  } catch (err) {
    if (!keepsPartial(toAppError(err).code, options.signal)) await removePart(partPath);
    throw err;
  } finally {
    // A read handle has nothing left to flush: closing it runs alongside the local steps.
    closing = session.close(handle).catch(() => undefined);
  }
  await rename(partPath, localPath).catch((err: unknown) => {
    throw mapNodeError(err, localPath);
  });
  if (attrs.size >= RESUME_MIN_BYTES) await rm(metaPathOf(partPath), { force: true });
  if (options.preserveTimes && attrs.mtime) {
    await utimes(localPath, attrs.atime || attrs.mtime, attrs.mtime).catch(() => undefined);
  }
  await closing;
  return outcome;
}

/**
 * Asks for the attributes; for a file that was small when planned, sends the first READ with
 * them, so a small file costs one round trip after OPEN instead of two. `whole` is its content
 * when that one read returned all of it.
 */
async function readFirst(
  session: SftpSession,
  handle: Buffer,
  remotePath: string,
  options: FileTransferOptions,
): Promise<{ attrs: Stats; whole?: Buffer }> {
  const limit = Math.min(session.maxReadLength, SMALL_FILE_READ);
  if (options.sizeHint === undefined || options.sizeHint >= limit) {
    return { attrs: await session.fstat(handle, remotePath) };
  }
  const buffer = Buffer.allocUnsafe(limit);
  const [attrs, got] = await Promise.all([
    session.fstat(handle, remotePath),
    session.call<number>(remotePath, (cb) =>
      session.raw.read(handle, buffer, 0, limit, 0, (err, bytes) => cb(err, bytes)),
    ),
  ]);
  if (got === attrs.size) return { attrs, whole: buffer.subarray(0, got) };
  return { attrs };
}

async function writeWhole(
  data: Buffer,
  partPath: string,
  options: FileTransferOptions,
): Promise<FileOutcome> {
  options.onStart?.(0);
  await options.limiter?.take(data.length, options.signal);
  await writeFile(partPath, data, { signal: options.signal }).catch((err: unknown) => {
    throw mapNodeError(err, partPath);
  });
  options.onBytes?.(data.length);
  const sha256 = wantsHash(options) ? createHash('sha256').update(data).digest('hex') : undefined;
  return { bytes: data.length, sha256, resumedFrom: 0 };
}

async function removePart(partPath: string): Promise<void> {
  await rm(partPath, { force: true }).catch(() => undefined);
  await rm(metaPathOf(partPath), { force: true }).catch(() => undefined);
}

async function receiveInto(
  session: SftpSession,
  handle: Buffer,
  attrs: Stats,
  partPath: string,
  remotePath: string,
  options: FileTransferOptions,
): Promise<FileOutcome> {
  const size = attrs.size;
  const version = { remotePath, size, mtime: attrs.mtime };
  const resumable = size >= RESUME_MIN_BYTES;
  const start = resumable ? await resumableBytes(partPath, version) : 0;
  options.onStart?.(start);
  const file = await openPart(partPath, start);
  const local = localHash(wantsHash(options), partPath, size, start);
  const meta = resumable ? new PartMetaWriter(partPath, version) : undefined;
  const opened: RemoteReader[] = [];
  try {
    if (start > 0 && local.stream) await hashLocalPrefix(file, start, local.stream, partPath);
    await meta?.update(start, true);
    const reached = await receive(session, handle, size, fileSink(file, partPath), start, {
      extraReaders: await openExtra(options.extraSessions, remotePath, opened),
      path: remotePath,
      signal: options.signal,
      onBytes: options.onBytes,
      requests: options.requests,
      limiter: options.limiter,
      hash: local.stream,
      onWatermark: (done) => {
        local.advance(done);
        void meta?.update(done).catch(() => undefined);
        options.onWatermark?.(done);
      },
    });
    checkSize(reached, size, remotePath);
  } catch (err) {
    local.cancel();
    throw err;
  } finally {
    await meta?.settle();
    await file.close().catch(() => undefined);
    for (const reader of opened) await reader.session.close(reader.handle).catch(() => undefined);
  }
  const sha256 = await local.finish(size);
  if (options.verify === 'hash') {
    await compareWithServer(session, handle, size, remotePath, sha256 ?? '');
  }
  return { bytes: size, sha256, resumedFrom: start };
}

async function openPart(partPath: string, keep: number): Promise<FileHandle> {
  try {
    if (keep === 0) return await open(partPath, 'w');
    const file = await open(partPath, 'r+');
    await file.truncate(keep);
    return file;
  } catch (err) {
    throw mapNodeError(err, partPath);
  }
}

/** Every byte was written at its offset (short writes are retried), so counting is enough. */
function checkSize(reached: number, size: number, path: string): void {
  if (reached !== size) {
    throw new AppError('SIZE_MISMATCH', 'local size differs', {
      path,
      expected: size,
      actual: reached,
    });
  }
}

async function compareWithServer(
  session: SftpSession,
  handle: Buffer,
  size: number,
  remotePath: string,
  sha256: string,
): Promise<void> {
  const remote = await hashOpenRemote(session, handle, size, remotePath);
  if (remote !== sha256) {
    throw new AppError('CHECKSUM_MISMATCH', 'read-back differs', { path: remotePath });
  }
}

/** Opens the file on the extra channels; one that fails is simply not used. */
async function openExtra(
  sessions: SftpSession[] | undefined,
  remotePath: string,
  opened: RemoteReader[],
): Promise<RemoteReader[]> {
  for (const session of sessions ?? []) {
    const handle = await session.open(remotePath, 'r').catch(() => undefined);
    if (handle) opened.push({ session, handle });
  }
  return opened;
}
