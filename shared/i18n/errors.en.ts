import type { ErrorCode, ErrorDetails } from '../errors.ts';
import { pgpKeyName } from '../format.ts';

type Text = (d: ErrorDetails) => string;

const where = (d: ErrorDetails): string =>
  d.host === undefined ? 'the server' : `${String(d.host)}:${String(d.port ?? 22)}`;
const path = (d: ErrorDetails): string =>
  d.path === undefined ? 'this item' : `"${String(d.path)}"`;
/** An OpenPGP key by its user ID and short fingerprint, as the app's windows show keys. */
const pgpKey = (d: ErrorDetails): string => pgpKeyName(d.userId, d.fingerprint);

/** Plain-words English for every error code, for the app and the command line. */
export const ERROR_TEXT_EN: Record<ErrorCode, Text> = {
  KEY_IS_PUBLIC: () =>
    'This is the public half of a key. The private key file (often called cert.pem) is needed.',
  KEY_DAMAGED: () => 'The key file is damaged or incomplete. Ask for a new copy of the key file.',
  KEY_NOT_A_KEY: () => 'This file is not a private key file.',
  // details.given === 'none': asked on a terminal, and the person ended without typing one.
  KEY_PASSPHRASE_REQUIRED: (d) =>
    d.given === 'none'
      ? 'No passphrase was given for this key.'
      : 'This key is protected by a passphrase. Enter the passphrase.',
  KEY_PASSPHRASE_WRONG: () => 'The passphrase for this key is wrong.',
  KEY_UNSUPPORTED: (d) =>
    `This kind of key is not supported${d.keyType ? ` (${String(d.keyType)})` : ''}.` +
    ' Use an RSA (2048 bits or more), Ed25519 or ECDSA key.',
  KEY_FILE_UNREADABLE: (d) => {
    if (d.reason === 'missing') {
      return `There is no key file at ${path(d)}. Check the name and folder.`;
    }
    if (d.reason === 'permission denied') {
      return `The key file ${path(d)} could not be read: this user may not open it.`;
    }
    if (d.reason === 'is a folder') return `${path(d)} is a folder, not a key file.`;
    return `The key file ${path(d)} could not be read.`;
  },
  KEY_MISSING: () =>
    'This connection has no key file yet. Open it under Connections and choose the key file' +
    ' Pyplan sent you.',
  HOST_NOT_FOUND: (d) =>
    `The server name "${String(d.host ?? '')}" was not found. Check the spelling.`,
  CONNECTION_REFUSED: (d) => `${where(d)} refused the connection. Check the host name and port.`,
  HOST_UNREACHABLE: (d) => `Could not reach ${where(d)}. Check your network connection.`,
  TIMEOUT: (d) =>
    `${where(d)} did not answer in time. If this keeps happening, this computer's IP address` +
    " may not be on the server's allow-list: ask Pyplan to add it.",
  AUTH_FAILED: (d) =>
    `The server did not accept this key for user "${String(d.user ?? '')}".` +
    ' Check the user name and that you chose the key file Pyplan sent for this user.',
  HOST_KEY_UNKNOWN: (d) =>
    `This is the first connection to ${where(d)}. Its identity (${String(d.keyType ?? '')}` +
    ` ${String(d.fingerprint ?? '')}) must be confirmed before connecting.`,
  HOST_KEY_MISMATCH: (d) =>
    `The identity of ${where(d)} has changed: it was ${String(d.expected ?? '?')}, now it is` +
    ` ${String(d.fingerprint ?? '?')}. Not connecting: someone may be intercepting the` +
    ' connection. Ask Pyplan whether the server key was changed.',
  HANDSHAKE_FAILED: (d) =>
    `This app and ${where(d)} have no security algorithms in common` +
    `${d.kind ? ` (${String(d.kind)})` : ''}.` +
    (d.ours ? ` We offered: ${String(d.ours)}.` : '') +
    (d.theirs ? ` The server offered: ${String(d.theirs)}.` : ''),
  CONNECTION_LOST: (d) => `The connection to ${where(d)} was lost.`,
  TOO_MANY_CHANNELS: () => 'The server refused another simultaneous transfer. Try again shortly.',
  // details.match === 'none': a wildcard pattern that matched nothing; details.what === 'run':
  // an interrupted command-line run (its id in details.path); details.what === 'folder': the
  // server folder a file was to be written into.
  NOT_FOUND: (d) =>
    d.match === 'none'
      ? `Nothing matches ${path(d)}.`
      : d.what === 'run'
        ? `There is no interrupted run ${path(d)} (the command "runs" lists them).`
        : d.what === 'folder'
          ? `The folder ${path(d)} does not exist on the server.`
          : `${path(d)} does not exist.`,
  PERMISSION_DENIED: (d) => `You do not have permission to do this with ${path(d)}.`,
  ALREADY_EXISTS: (d) => `${path(d)} already exists.`,
  NOT_A_DIRECTORY: (d) => `${path(d)} is not a folder.`,
  // details.folders: the folders among several matches (a command that refused them all).
  IS_A_DIRECTORY: (d) =>
    d.folders ? `These are folders: ${String(d.folders)}.` : `${path(d)} is a folder.`,
  DIRECTORY_NOT_EMPTY: (d) => `The folder ${path(d)} is not empty.`,
  UNSUPPORTED: () => 'The server does not support this operation.',
  REMOTE_FAILURE: (d) => `The server refused the operation on ${path(d)}.`,
  // details.name: the server's name as it is (the command line escapes control characters).
  UNSAFE_NAME: (d) =>
    `The server's name "${String(d.name ?? '')}" cannot be saved safely on this computer` +
    ' (it holds /, \\ or NUL, is . or .., or starts with a drive such as C:), so it was not' +
    ' downloaded.',
  SIZE_MISMATCH: (d) =>
    `The copy of ${path(d)} is incomplete: expected ${String(d.expected)} bytes,` +
    ` found ${String(d.actual)}.`,
  CHECKSUM_MISMATCH: (d) =>
    `The copy of ${path(d)} does not match the original (its checksum differs). Send it again.`,
  NAME_NOT_UTF8: (d) =>
    `The name of ${path(d)} is not valid UTF-8, which this server requires. Rename the file.`,
  LOCAL_NOT_FOUND: (d) => `${path(d)} does not exist on this computer.`,
  LOCAL_PERMISSION_DENIED: (d) =>
    d.readOnly === true
      ? `${path(d)} cannot be written: that disk is read-only.`
      : `This computer does not allow access to ${path(d)}.`,
  LOCAL_DISK_FULL: () => 'The disk on this computer is full. Free some space and try again.',
  LOCAL_IO: (d) => `Could not read or write ${path(d)} on this computer.`,
  LOCAL_CHANGED: (d) =>
    `${path(d)} changed while it was being sent, so the copy on the server was not kept.` +
    ' Send it again once it is no longer being written.',
  COPY_SAME_FOLDER: (d) =>
    `${path(d)} is already in this folder. Drop it on another folder to copy it there.`,
  COPY_INTO_ITSELF: (d) => `The folder ${path(d)} cannot be copied into itself.`,
  IMPORT_NOT_FOUND: (d) =>
    `No saved ${String(d.program ?? '')} sites were found` +
    `${d.path === undefined ? '' : ` in ${path(d)}`}. Use “choose file…” to pick the file.`,
  IMPORT_FILE_INVALID: (d) =>
    `${path(d)} is not a ${String(d.program ?? '')} site file. Use “choose file…” to pick` +
    ' another one.',
  PGP_NO_RECIPIENTS: () =>
    'Encryption is on, but no OpenPGP key is chosen to encrypt to. Choose the key Pyplan gave' +
    ' you under Encryption in this connection.',
  PGP_KEY_INVALID: () => 'This is not a usable OpenPGP key.',
  PGP_KEY_EXPIRED: (d) => `The OpenPGP key ${pgpKey(d)} has expired.`,
  PGP_KEY_REVOKED: (d) => `The OpenPGP key ${pgpKey(d)} has been revoked.`,
  PGP_KEY_CANNOT_ENCRYPT: (d) =>
    `The OpenPGP key ${pgpKey(d)} cannot be used for encryption (it can only sign).`,
  // Met by an upload whose connection still names a key deleted from Settings → OpenPGP keys.
  // details.secret: a secret key was wanted (to sign or to check a passphrase).
  PGP_KEY_NOT_FOUND: (d) =>
    d.secret === true
      ? `Your OpenPGP key ${pgpKey(d)} is no longer in this app (it was deleted).`
      : `The OpenPGP key ${pgpKey(d)} was deleted from this app, so nothing can be encrypted` +
        ' to it. Uploads of a connection that encrypts to it are refused: choose another key' +
        " under the connection's Encryption settings.",
  // details.symmetric: the file was encrypted with a passphrase only, so the file needs it.
  PGP_PASSPHRASE_REQUIRED: (d) =>
    d.symmetric === true
      ? 'This file is protected by a passphrase, not by a key. Enter the passphrase it was' +
        ' encrypted with (ask whoever sent it).'
      : 'This OpenPGP key is protected by a passphrase. Enter it.',
  PGP_PASSPHRASE_WRONG: (d) =>
    d.symmetric === true
      ? 'The passphrase for this file is wrong. The file stays encrypted.'
      : 'The passphrase for this OpenPGP key is wrong.',
  PGP_NO_MATCHING_KEY: (d) =>
    'None of your keys can decrypt this file.' +
    (d.keyIds ? ` It was encrypted to: ${String(d.keyIds)}.` : ''),
  PGP_DECRYPT_FAILED: () => 'The file could not be decrypted.',
  PGP_INTEGRITY: () =>
    'The encrypted file is damaged or was tampered with; no decrypted copy was written.',
  PGP_NOT_INTEGRITY_PROTECTED: () =>
    'This file uses old encryption without integrity protection, so tampering cannot be' +
    ' detected. It was refused.',
  // details.cleartext: a cleartext signature (gpg --clearsign), readable as it is.
  PGP_SIGNED_NOT_ENCRYPTED: () =>
    'This file is signed but not encrypted: its text is readable as it is, followed by a' +
    ' cleartext signature, which is not checked here. Nothing was written.',
  // details.signature is set when a signature was required but none valid was found.
  PGP_SIGNATURE_INVALID: (d) =>
    d.signature === 'not-signed'
      ? 'This file is not signed, and a signature from a known key was required.' +
        ' The decrypted file was not kept.'
      : d.signature === 'unknown-signer'
        ? `This file was signed by a key that is not in your keyring (key ID ${String(
            d.keyId ?? 'unknown',
          )}), and a signature from a known key was required. The decrypted file was not kept.`
        : 'The signature does not match the file: it was changed after signing, or the' +
          ' signature is forged. The decrypted file was not kept.',
  PGP_UNSUPPORTED: () => 'This OpenPGP file uses a format or algorithm that is not supported.',
  PGP_TOO_LARGE: () =>
    'The decrypted data would be larger than the allowed limit; stopped' +
    ' (possible compression bomb).',
  // details.unset: the command line was given no keyring passphrase at all; details.storing:
  // it was about to save a secret key (the keyring may hold none yet).
  PGP_KEYRING_LOCKED: (d) =>
    d.unset !== true
      ? 'The saved OpenPGP secret keys could not be unlocked on this computer. On the command' +
        ' line, check the passphrase in PYPLAN_KEYRING_PASSPHRASE.'
      : d.storing === true
        ? 'Saving a secret key needs a keyring passphrase, which protects the secret keys kept' +
          ' on this computer. Set PYPLAN_KEYRING_PASSPHRASE to one, and use the same one every' +
          ' time.'
        : 'The saved OpenPGP secret keys are locked. Set PYPLAN_KEYRING_PASSPHRASE to the' +
          ' passphrase that protects them.',
  CANCELLED: () => 'Cancelled.',
  ALREADY_RUNNING: (d) =>
    `The same transfer is already running${d.pid ? ` (process ${String(d.pid)})` : ''}.` +
    ' Wait for it to finish, or stop it first.',
  INVALID_ARGUMENT: (d) => `Invalid input${d.reason ? `: ${String(d.reason)}` : ''}.`,
  SETTINGS_INVALID: () => 'The saved settings could not be read and were reset to defaults.',
  SECRET_STORAGE_UNAVAILABLE: () =>
    'This computer offers no secure storage for keys, so nothing was saved. Choose' +
    ' "use the key file where it is" instead.',
  IPC_INVALID_REQUEST: () => 'Internal error: invalid request.',
  INTERNAL: () => 'Unexpected error.',
};
