import { AppError, type ErrorDetails } from '../../../shared/errors.ts';

/** What ssh2 and Node's net module attach to connection errors. */
interface Ssh2LikeError extends Error {
  level?: string;
  code?: string | number;
}

const SOCKET_CODES: Record<string, AppError['code']> = {
  ENOTFOUND: 'HOST_NOT_FOUND',
  EAI_AGAIN: 'HOST_NOT_FOUND',
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ETIMEDOUT: 'TIMEOUT',
  EHOSTUNREACH: 'HOST_UNREACHABLE',
  ENETUNREACH: 'HOST_UNREACHABLE',
  EHOSTDOWN: 'HOST_UNREACHABLE',
  ECONNRESET: 'CONNECTION_LOST',
  EPIPE: 'CONNECTION_LOST',
};

/**
 * Maps an error from ssh2's Client to our codes by ssh2's `level` and the socket errno,
 * never by message text.
 */
export function mapConnectError(error: unknown, details: ErrorDetails): AppError {
  if (error instanceof AppError) return error;
  const err = (error instanceof Error ? error : new Error(String(error))) as Ssh2LikeError;
  const code = typeof err.code === 'string' ? SOCKET_CODES[err.code] : undefined;
  switch (err.level) {
    case 'client-dns':
      return new AppError('HOST_NOT_FOUND', err.message, details, err);
    case 'client-timeout':
      return new AppError('TIMEOUT', err.message, details, err);
    case 'client-authentication':
      return new AppError('AUTH_FAILED', err.message, details, err);
    case 'handshake':
      return new AppError('HANDSHAKE_FAILED', err.message, details, err);
    case 'client-socket':
    case undefined:
      return new AppError(code ?? 'CONNECTION_LOST', err.message, details, err);
    default:
      return new AppError('CONNECTION_LOST', err.message, details, err);
  }
}
