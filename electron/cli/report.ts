import { formatBytes } from '../../shared/format.ts';
import type { SerializedAppError } from '../../shared/errors.ts';
import type { TransferResult } from '../../shared/types/transfer.ts';
import { jsonError, passphraseHint, userMessage } from './messages.ts';
import { printable } from './printable.ts';

/**
 * SFTP v3 has no "disk full" status: a server out of space or over quota answers a write
 * with a bare failure, so an upload refused that way says what is likely.
 */
function failureText(error: SerializedAppError, verb: string): string {
  const likely =
    verb === 'uploaded' && error.code === 'REMOTE_FAILURE'
      ? ' The server may be out of space, or the account over its quota.'
      : '';
  // Nobody can be asked mid-run: say where a passphrase for the file or key goes.
  const passphrase =
    verb === 'downloaded' && error.code === 'PGP_PASSPHRASE_REQUIRED'
      ? passphraseHint('--decrypt-passphrase-env')
      : '';
  return `${userMessage(error)}${likely}${passphrase}`;
}

/** The result for --json, each error with its plain message (see jsonError). */
function jsonResult(result: TransferResult, verb: string): unknown {
  const plain = (error: SerializedAppError) => ({
    ...jsonError(error),
    message: failureText(error, verb),
  });
  const files = (result as { files?: Array<{ error?: SerializedAppError }> }).files;
  return {
    ...result,
    failed: result.failed.map((f) => ({ ...f, error: plain(f.error) })),
    ...(files ? { files: files.map((f) => (f.error ? { ...f, error: plain(f.error) } : f)) } : {}),
  };
}

/** Prints what a transfer did and returns the exit code: non-zero when any file failed. */
export function reportTransfer(result: TransferResult, json: boolean, verb: string): number {
  if (json) {
    process.stdout.write(`${JSON.stringify(jsonResult(result, verb), null, 2)}\n`);
  } else {
    // Paths hold the server's names: shown as ls shows them, control characters escaped.
    for (const w of result.warnings) {
      process.stderr.write(`warning: ${printable(w.path)}: ${printable(w.message)}\n`);
    }
    for (const f of result.failed) {
      // A download that could not be decrypted stays, encrypted: say where.
      const kept = (f as { kept?: string }).kept;
      const where = kept ? ` Kept the encrypted download at ${printable(kept)}.` : '';
      process.stderr.write(`failed: ${printable(f.path)}: ${failureText(f.error, verb)}${where}\n`);
    }
    const files = result.filesDone === 1 ? 'file' : 'files';
    process.stdout.write(
      `${result.filesDone} ${files} ${verb} (${formatBytes(result.bytesDone)})` +
        `${result.failed.length > 0 ? `, ${result.failed.length} failed` : ''}\n`,
    );
  }
  return result.failed.length > 0 ? 1 : 0;
}
