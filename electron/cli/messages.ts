import {
  toAppError,
  type AppError,
  type ErrorDetails,
  type SerializedAppError,
} from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';

/** One plain line for a person, from the error's code; never a stack trace. */
export function userMessage(error: unknown): string {
  const e: SerializedAppError =
    error instanceof Error ? toAppError(error).toJSON() : (error as SerializedAppError);
  return ERROR_TEXT_EN[e.code](e.details ?? {});
}

/**
 * An error for --json: the plain message a person reads, with the code scripts test;
 * the internal text (a system call, a path) only as `detail`.
 */
export function jsonError(error: AppError | SerializedAppError): SerializedAppError & {
  detail: string;
} {
  const e = error instanceof Error ? error.toJSON() : error;
  return {
    code: e.code,
    message: `${userMessage(e)}${cliHint(e.code, e.details)}`.trim(),
    ...(e.details ? { details: e.details } : {}),
    detail: e.message,
  };
}

const SUGGESTIONS: Record<string, string> = {
  'rm -r': ' To delete it with everything inside, use rm -r.',
  'mkdir -p': ' To create the missing folders too, use mkdir -p.',
  'mv --overwrite': ' To replace it, add --overwrite.',
};

/**
 * What to do about an error in an unattended run, where nobody can answer a question: the
 * plain message names the problem, this names the flag that solves it.
 */
export function cliHint(code: string, details: ErrorDetails = {}): string {
  const suggestion = SUGGESTIONS[String(details.cliSuggest)];
  if (suggestion) return suggestion;
  if (details.resumable === true) {
    return ' Run the same command again to continue where it left off.';
  }
  switch (code) {
    case 'HOST_KEY_UNKNOWN':
      return (
        ' To trust it, run once with --accept-new-host-key, or point --known-hosts at a' +
        ' file that already trusts it.'
      );
    case 'HOST_KEY_MISMATCH':
      return (
        ' If Pyplan confirms the change, run forget-host-key with the same --host and --port,' +
        ' then connect again and check the new fingerprint.'
      );
    case 'KEY_PASSPHRASE_REQUIRED':
      return ' Put it in an environment variable and name that with --passphrase-env.';
    case 'PGP_KEYRING_LOCKED':
      return ' Set PYPLAN_KEYRING_PASSPHRASE to the passphrase that protects the keyring.';
    default:
      return '';
  }
}
