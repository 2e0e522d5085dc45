import { toAppError, type SerializedAppError } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';

/** One plain line for a person, from the error's code; never a stack trace. */
export function userMessage(error: unknown): string {
  const e: SerializedAppError =
    error instanceof Error ? toAppError(error).toJSON() : (error as SerializedAppError);
  return ERROR_TEXT_EN[e.code](e.details ?? {});
}
