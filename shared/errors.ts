/**
 * The closed set of error codes every layer speaks. Services throw AppError with one of these;
 * IPC carries them in envelopes; the renderer and the command line pick user text by code.
 * Adding a code fails compilation until every message catalog has text for it.
 */
export const ERROR_CODES = [
  // Private key files
  'KEY_IS_PUBLIC',
  'KEY_DAMAGED',
  'KEY_NOT_A_KEY',
  'KEY_PASSPHRASE_REQUIRED',
  'KEY_PASSPHRASE_WRONG',
  'KEY_UNSUPPORTED',
  'KEY_FILE_UNREADABLE',
  /** A connection saved without a key (imported from another program without one). */
  'KEY_MISSING',
  // Reaching and logging in
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'HOST_UNREACHABLE',
  'TIMEOUT',
  'AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'HANDSHAKE_FAILED',
  'CONNECTION_LOST',
  'TOO_MANY_CHANNELS',
  // Remote file operations
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'ALREADY_EXISTS',
  'NOT_A_DIRECTORY',
  'IS_A_DIRECTORY',
  'DIRECTORY_NOT_EMPTY',
  'UNSUPPORTED',
  'REMOTE_FAILURE',
  'UNSAFE_NAME',
  'SIZE_MISMATCH',
  'CHECKSUM_MISMATCH',
  'NAME_NOT_UTF8',
  // Local disk
  'LOCAL_NOT_FOUND',
  'LOCAL_PERMISSION_DENIED',
  'LOCAL_DISK_FULL',
  'LOCAL_IO',
  /** A file shrank (or was replaced) under its upload: the copy would match no version of it. */
  'LOCAL_CHANGED',
  'COPY_SAME_FOLDER',
  'COPY_INTO_ITSELF',
  // Importing sites saved by other programs (details.program names it)
  'IMPORT_NOT_FOUND',
  'IMPORT_FILE_INVALID',
  // OpenPGP
  'PGP_NO_RECIPIENTS',
  'PGP_KEY_INVALID',
  'PGP_KEY_EXPIRED',
  'PGP_KEY_REVOKED',
  'PGP_KEY_CANNOT_ENCRYPT',
  /** A keyring key that is not there (any more): details.fingerprint names it. */
  'PGP_KEY_NOT_FOUND',
  'PGP_PASSPHRASE_REQUIRED',
  'PGP_PASSPHRASE_WRONG',
  'PGP_NO_MATCHING_KEY',
  'PGP_DECRYPT_FAILED',
  'PGP_INTEGRITY',
  'PGP_NOT_INTEGRITY_PROTECTED',
  /** A cleartext-signed file (gpg --clearsign): details.cleartext; nothing to decrypt. */
  'PGP_SIGNED_NOT_ENCRYPTED',
  'PGP_SIGNATURE_INVALID',
  'PGP_UNSUPPORTED',
  'PGP_TOO_LARGE',
  'PGP_KEYRING_LOCKED',
  // App
  'CANCELLED',
  'ALREADY_RUNNING',
  'INVALID_ARGUMENT',
  'SETTINGS_INVALID',
  'SECRET_STORAGE_UNAVAILABLE',
  'IPC_INVALID_REQUEST',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Facts safe to show and log: never secrets, never file contents. */
export type ErrorDetails = Record<string, string | number | boolean | string[] | undefined>;

export interface SerializedAppError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedAppError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Errors that cross a worker or IPC boundary lose their prototype, so recognise them by shape.
 */
export function isAppErrorLike(value: unknown): value is SerializedAppError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return isErrorCode(candidate.code) && typeof candidate.message === 'string';
}

export function toAppError(value: unknown): AppError {
  if (value instanceof AppError) return value;
  if (isAppErrorLike(value)) return new AppError(value.code, value.message, value.details ?? {});
  const message = value instanceof Error ? value.message : String(value);
  return new AppError('INTERNAL', message, {}, value);
}

/** Errors a user can fix by trying again later, as opposed to changing something. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'HOST_UNREACHABLE',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'CONNECTION_LOST',
  'TOO_MANY_CHANNELS',
  'REMOTE_FAILURE',
  'SIZE_MISMATCH',
  'LOCAL_CHANGED',
]);

export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedAppError };
