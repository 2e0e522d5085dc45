import {
  toAppError,
  type AppError,
  type ErrorCode,
  type ErrorDetails,
  type SerializedAppError,
} from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { printable } from './printable.ts';

/** One plain line for a person, from the error's code; never a stack trace. */
export function userMessage(error: unknown): string {
  const e: SerializedAppError =
    error instanceof Error ? toAppError(error).toJSON() : (error as SerializedAppError);
  const details = printableDetails(e.details ?? {});
  return commandLineText(e.code, details) ?? ERROR_TEXT_EN[e.code](details);
}

/**
 * Where the shared words fit the app's window but not a command line. A command written
 * wrong is its reason alone, as other tools print it (`unknown option '--bogus' (see
 * --help)`), not "Invalid input: ...". Nobody is asked for a passphrase here (a terminal is
 * asked before this could happen), so those say only what is protected; the hint after them
 * (cliHint, passphraseHint) names the flag that gives the passphrase.
 */
function commandLineText(code: ErrorCode, d: ErrorDetails): string | undefined {
  switch (code) {
    case 'INVALID_ARGUMENT':
      return typeof d.reason === 'string' && d.reason !== '' ? d.reason : undefined;
    case 'KEY_PASSPHRASE_REQUIRED':
      return d.given === 'none' ? undefined : 'This key is protected by a passphrase.';
    case 'PGP_PASSPHRASE_REQUIRED':
      return d.symmetric === true
        ? 'This file is protected by a passphrase, not by a key. Ask whoever sent it for the' +
            ' passphrase it was encrypted with.'
        : 'This OpenPGP key is protected by a passphrase.';
    case 'PGP_KEY_NOT_FOUND':
      return (
        `The keyring holds no OpenPGP key ${String(d.fingerprint ?? '')} (pgp list shows` +
        ' the keys it holds).'
      );
    default:
      return undefined;
  }
}

/** Where a passphrase goes when nobody can be asked: `flag` names the variable holding it. */
export function passphraseHint(flag: string): string {
  return ` Put it in an environment variable and name that with ${flag}.`;
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
  const { cliSuggest: _hint, cliFlag: _flag, ...context } = e.details ?? {};
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
      return forgetHostKeyHint(details.knownHosts);
    case 'KEY_PASSPHRASE_REQUIRED':
      // cliFlag: an OpenPGP key's passphrase asked on a terminal (--sign-passphrase-env ...).
      return passphraseHint(
        typeof details.cliFlag === 'string' ? details.cliFlag : '--passphrase-env',
      );
    default:
      return '';
  }
}

/**
 * forget-host-key must edit the file the connection checked: with --known-hosts that is the
 * file named there, and without the flag it would clear the app's own file instead.
 */
function forgetHostKeyHint(knownHosts: unknown): string {
  const same =
    typeof knownHosts === 'string'
      ? `--host, --port and --known-hosts ${shellWord(knownHosts)}`
      : '--host and --port';
  return (
    ` If Pyplan confirms the change, run forget-host-key with the same ${same},` +
    ' then connect again and check the new fingerprint.'
  );
}

/** A path as it can be typed back into a shell: quoted when it holds anything but plain text. */
function shellWord(path: string): string {
  const shown = printable(path);
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
}
