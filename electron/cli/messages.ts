import {
  toAppError,
  type AppError,
  type ErrorDetails,
  type SerializedAppError,
} from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { printable } from './printable.ts';

/** One plain line for a person, from the error's code; never a stack trace. */
export function userMessage(error: unknown): string {
  const e: SerializedAppError =
    error instanceof Error ? toAppError(error).toJSON() : (error as SerializedAppError);
  return ERROR_TEXT_EN[e.code](printableDetails(e.details ?? {}));
}

/** Paths in a message may come from the server: their control characters are shown escaped. */
function printableDetails(details: ErrorDetails): ErrorDetails {
  const out: ErrorDetails = {};
  for (const [key, value] of Object.entries(details)) {
    out[key] = typeof value === 'string' ? printable(value) : value;
  }
  return out;
}

/** What --json prints for an error: `context` holds the facts (path, host) as values. */
export interface JsonError {
  code: SerializedAppError['code'];
  message: string;
  detail: string;
  context?: ErrorDetails;
}

/**
 * An error for --json: the plain message a person reads, with the code scripts test; the
 * internal text (a system call) as the string `detail`; the facts behind the message (path,
 * host) as the object `context`, named apart so the two are not confused.
 */
export function jsonError(error: AppError | SerializedAppError): JsonError {
  const e = error instanceof Error ? error.toJSON() : error;
  const { cliSuggest: _hint, ...context } = e.details ?? {};
  return {
    code: e.code,
    message: `${userMessage(e)}${cliHint(e.code, e.details)}`.trim(),
    detail: e.message,
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
}

const SUGGESTIONS: Record<string, string> = {
  'rm -r': ' To delete it with everything inside, use rm -r.',
  'rm -r all': ' Nothing was deleted. To delete folders with everything inside, use rm -r.',
  'get -r': ' To download folders, use get -r.',
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
