import { AppError, isAppErrorLike, type Result } from '../../shared/errors.ts';

/**
 * Turns a Result envelope from main into its value, or throws it as an AppError so callers
 * pick user text by code. Anything that is not an envelope is a bug and reads as INTERNAL.
 */
export function unwrap<T>(result: Result<T> | undefined): T {
  if (result !== undefined && result !== null && typeof result === 'object' && 'ok' in result) {
    if (result.ok) return result.value;
    if (isAppErrorLike(result.error)) {
      throw new AppError(result.error.code, result.error.message, result.error.details ?? {});
    }
  }

  throw new AppError('INTERNAL', 'malformed IPC answer');
}
