import { AppError, type ErrorCode } from '../../../shared/errors.ts';

/** SFTP v3 status codes (draft-ietf-secsh-filexfer-02 section 7), as ssh2 puts them on err.code. */
export const SFTP_STATUS = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  NO_CONNECTION: 6,
  CONNECTION_LOST: 7,
  OP_UNSUPPORTED: 8,
} as const;

const BY_STATUS: Record<number, ErrorCode> = {
  [SFTP_STATUS.EOF]: 'REMOTE_FAILURE',
  [SFTP_STATUS.NO_SUCH_FILE]: 'NOT_FOUND',
  [SFTP_STATUS.PERMISSION_DENIED]: 'PERMISSION_DENIED',
  [SFTP_STATUS.FAILURE]: 'REMOTE_FAILURE',
  [SFTP_STATUS.BAD_MESSAGE]: 'REMOTE_FAILURE',
  [SFTP_STATUS.NO_CONNECTION]: 'CONNECTION_LOST',
  [SFTP_STATUS.CONNECTION_LOST]: 'CONNECTION_LOST',
  [SFTP_STATUS.OP_UNSUPPORTED]: 'UNSUPPORTED',
};

/**
 * Maps an ssh2 SFTP error to our codes by its numeric status. ssh2 fails requests that were
 * pending when the channel closed with a code-less error, so no code means the link is gone.
 */
export function mapSftpError(error: unknown, path?: string): AppError {
  if (error instanceof AppError) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const status = (err as { code?: unknown }).code;
  const code: ErrorCode =
    typeof status === 'number' ? (BY_STATUS[status] ?? 'REMOTE_FAILURE') : 'CONNECTION_LOST';
  const details = path === undefined ? {} : { path };
  return new AppError(
    code,
    err.message,
    typeof status === 'number' ? { ...details, status } : details,
    err,
  );
}

export function sftpStatusOf(error: unknown): number | undefined {
  const status = (error as { code?: unknown } | undefined)?.code;
  return typeof status === 'number' ? status : undefined;
}
