import { AppError, isAppErrorLike, toAppError, type ErrorCode } from '../../../shared/errors.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';

/**
 * Where in an OpenPGP operation a failure happened. openpgp.js throws plain Errors whose only
 * structure is their name and cause chain, so the phase we were in is what tells a wrong
 * passphrase from a damaged file; message text is never inspected.
 */
export type PgpPhase =
  | 'read-key'
  | 'unlock-key'
  | 'read-message'
  | 'decrypt'
  | 'decrypt-stream'
  | 'verify'
  | 'encrypt'
  | 'generate';

export interface PgpErrorContext {
  /** The file was protected by a passphrase only (no key). */
  symmetric?: boolean;
  fingerprint?: string;
  path?: string;
  /** Some plaintext came out before the failure. */
  plaintextSeen?: boolean;
}

/** openpgp.js marks packets and algorithms it does not implement with these error names. */
const UNSUPPORTED_NAMES = new Set(['UnsupportedError', 'UnknownPacketError']);

function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    typeof (err as NodeJS.ErrnoException).syscall === 'string'
  );
}

/**
 * A Node file-system error as a local-disk AppError (the app's errno table); undefined for
 * anything else, which the caller then classifies by phase.
 */
export function localFsError(err: unknown, path?: string): AppError | undefined {
  if (!isSystemError(err)) return undefined;

  return mapNodeError(err, path ?? err.path);
}

function hasUnsupportedCause(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (UNSUPPORTED_NAMES.has(current.name)) return true;
    current = current.cause;
  }
  return false;
}

function codeForPhase(phase: PgpPhase, ctx: PgpErrorContext): ErrorCode {
  switch (phase) {
    case 'read-key':
      return 'PGP_KEY_INVALID';
    case 'unlock-key':
      return 'PGP_PASSPHRASE_WRONG';
    case 'read-message':
      return 'PGP_DECRYPT_FAILED';
    case 'decrypt':
      // Without a key there is nothing to tell a wrong passphrase from: openpgp.js does not
      // check the session key before decrypting, so a wrong one fails here.
      return ctx.symmetric === true ? 'PGP_PASSPHRASE_WRONG' : 'PGP_DECRYPT_FAILED';
    case 'decrypt-stream':
      // What fails while the data flows is the data itself (integrity check, damaged
      // compression or packets), except that a wrong passphrase for a passphrase-only file
      // yields garbage from the first byte: no plaintext at all then means the passphrase.
      return ctx.symmetric === true && ctx.plaintextSeen !== true
        ? 'PGP_PASSPHRASE_WRONG'
        : 'PGP_INTEGRITY';
    case 'verify':
      return 'PGP_SIGNATURE_INVALID';
    case 'encrypt':
    case 'generate':
      return 'INTERNAL';
  }
}

/**
 * Turns whatever an OpenPGP step threw into an AppError: our own AppErrors pass through,
 * file-system errors become LOCAL_*, algorithms openpgp.js lacks become PGP_UNSUPPORTED, and the
 * rest is classified by the phase it happened in.
 */
export function pgpError(phase: PgpPhase, err: unknown, ctx: PgpErrorContext = {}): AppError {
  // Errors that crossed a thread arrive as plain {code, message, details}.
  if (err instanceof AppError || isAppErrorLike(err)) return toAppError(err);
  const local = localFsError(err, ctx.path);
  if (local !== undefined) return local;
  // `symmetric` tells the app that the file, not a key, needs the passphrase.
  const details = {
    phase,
    fingerprint: ctx.fingerprint,
    ...(ctx.symmetric === true ? { symmetric: true } : {}),
  };
  const devMessage = err instanceof Error ? err.message : String(err);
  const unsupportedPhase = phase === 'read-key' || phase === 'read-message' || phase === 'decrypt';
  if (unsupportedPhase && hasUnsupportedCause(err)) {
    return new AppError('PGP_UNSUPPORTED', devMessage, details, err);
  }

  return new AppError(codeForPhase(phase, ctx), devMessage, details, err);
}

/** Runs one phase of an operation, classifying its failure by that phase. */
export async function inPhase<T>(
  phase: PgpPhase,
  step: () => Promise<T>,
  ctx: PgpErrorContext = {},
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw pgpError(phase, err, ctx);
  }
}
