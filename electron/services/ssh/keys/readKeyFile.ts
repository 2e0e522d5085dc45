import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../../../shared/errors.ts';
import { MAX_KEY_FILE_BYTES } from './keyText.ts';

/** Plain words for the errno values a user can act on; others are passed on as they are. */
const REASONS: Record<string, string> = {
  ENOENT: 'missing',
  ENOTDIR: 'missing',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
};

/**
 * Reads a key file's bytes. Checked with stat first so a folder, a device or a pipe is never
 * opened (opening a pipe would wait forever) and a huge file is never read.
 */
export async function readKeyFileBytes(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw keyFileError(path, 'is a folder');
    if (!info.isFile()) throw keyFileError(path, 'not a regular file');
    if (info.size > MAX_KEY_FILE_BYTES) {
      throw new AppError('KEY_NOT_A_KEY', 'readKeyFileBytes: too large', { path, size: info.size });
    }
    return await readFile(path);
  } catch (err) {
    throw mapKeyFileError(err, path);
  }
}

/** Maps a Node fs error to KEY_FILE_UNREADABLE by errno, keeping the path for the message. */
export function mapKeyFileError(err: unknown, path: string): AppError {
  if (err instanceof AppError) return err;
  const errno = (err as NodeJS.ErrnoException | null)?.code;
  const reason = (errno && REASONS[errno]) ?? errno ?? 'unknown';

  return new AppError('KEY_FILE_UNREADABLE', `readKeyFileBytes: ${reason}`, { path, reason }, err);
}

function keyFileError(path: string, reason: string): AppError {
  return new AppError('KEY_FILE_UNREADABLE', `readKeyFileBytes: ${reason}`, { path, reason });
}
