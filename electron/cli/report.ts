import { formatBytes } from '../../shared/format.ts';
import type { TransferResult } from '../../shared/types/transfer.ts';
import { userMessage } from './messages.ts';

/** Prints what a transfer did and returns the exit code: non-zero when any file failed. */
export function reportTransfer(result: TransferResult, json: boolean, verb: string): number {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    for (const w of result.warnings) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
    for (const f of result.failed) {
      process.stderr.write(`failed: ${f.path}: ${userMessage(f.error)}\n`);
    }
    const files = result.filesDone === 1 ? 'file' : 'files';
    process.stdout.write(
      `${result.filesDone} ${files} ${verb} (${formatBytes(result.bytesDone)})` +
        `${result.failed.length > 0 ? `, ${result.failed.length} failed` : ''}\n`,
    );
  }
  return result.failed.length > 0 ? 1 : 0;
}
