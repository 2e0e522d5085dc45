import { AppError, type ErrorCode } from '../../../shared/errors.ts';

const BY_ERRNO: Record<string, ErrorCode> = {
  ENOENT: 'LOCAL_NOT_FOUND',
  ENOTDIR: 'NOT_A_DIRECTORY',
  EISDIR: 'IS_A_DIRECTORY',
  EACCES: 'LOCAL_PERMISSION_DENIED',
  EPERM: 'LOCAL_PERMISSION_DENIED',
  EROFS: 'LOCAL_PERMISSION_DENIED',
  ENOSPC: 'LOCAL_DISK_FULL',
  EDQUOT: 'LOCAL_DISK_FULL',
  EFBIG: 'LOCAL_DISK_FULL',
  EEXIST: 'ALREADY_EXISTS',
  ENOTEMPTY: 'DIRECTORY_NOT_EMPTY',
  ABORT_ERR: 'CANCELLED',
};

/** Maps a Node fs error to our codes by errno, keeping the path for the message. */
export function mapNodeError(error: unknown, path?: string): AppError {
  if (error instanceof AppError) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const errno = (err as NodeJS.ErrnoException).code;
  const code = (errno && BY_ERRNO[errno]) || 'LOCAL_IO';
  const details = path === undefined ? {} : { path };
  // A read-only disk is not a matter of permissions the user could change: say which it is.
  if (errno === 'EROFS')
    return new AppError(code, err.message, { ...details, readOnly: true }, err);
  return new AppError(code, err.message, details, err);
}
