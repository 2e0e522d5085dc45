import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { AppError } from '../../../shared/errors.ts';
import type { TransferWarning } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import type { ServerCompat } from './compat.ts';
import { receive } from './pipeline.ts';

const PREFIX_CHUNK = 1024 * 1024;

/** Feeds the first `length` bytes of a local file to `hash` (the part a resume skips). */
export async function hashLocalPrefix(
  file: FileHandle,
  length: number,
  hash: Hash,
  path: string,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(PREFIX_CHUNK, Math.max(1, length)));
  let at = 0;
  while (at < length) {
    const want = Math.min(buffer.length, length - at);
    const { bytesRead } = await file.read(buffer, 0, want, at).catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
}

/** Reads a remote file back and returns its SHA-256 (hex): the read-back check. */
export async function hashRemote(
  session: SftpSession,
  remotePath: string,
  size: number,
  shownPath: string,
): Promise<string> {
  const handle = await session.open(remotePath, 'r');
  try {
    return await hashOpenRemote(session, handle, size, shownPath);
  } finally {
    await session.close(handle).catch(() => undefined);
  }
}

export async function hashOpenRemote(
  session: SftpSession,
  handle: Buffer,
  size: number,
  shownPath: string,
): Promise<string> {
  const hash = createHash('sha256');
  await receive(session, handle, size, async () => undefined, 0, { path: shownPath, hash });
  return hash.digest('hex');
}

/** Sets times where the profile allows SETSTAT; a refusal is a warning, not a failure. */
export async function setRemoteTimes(
  session: SftpSession,
  remotePath: string,
  mtimeMs: number,
  compat: ServerCompat,
  warn: ((warning: TransferWarning) => void) | undefined,
): Promise<void> {
  const warning: TransferWarning = {
    code: 'ATTRIBUTES_NOT_SET',
    path: remotePath,
    message: 'The file arrived, but the server did not accept its modification time.',
  };
  if (!compat.setstat) {
    warn?.(warning);
    return;
  }
  try {
    const when = new Date(mtimeMs);
    await session.setTimes(remotePath, when, when);
  } catch (err) {
    if ((err as AppError).code === 'CONNECTION_LOST') throw err;
    warn?.(warning);
  }
}
