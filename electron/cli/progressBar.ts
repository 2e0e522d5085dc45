import type { TransferProgress } from '../../shared/types/transfer.ts';
import { formatBytes, formatDuration } from '../../shared/format.ts';

const BAR_WIDTH = 24;

/** A one-line progress bar on stderr, redrawn in place; only used on a terminal. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  let drawn = false;
  return {
    update(p: TransferProgress): void {
      const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
      const eta = p.etaSeconds === undefined ? '' : ` ETA ${formatDuration(p.etaSeconds)}`;
      const line =
        `[${bar}] ${Math.floor(fraction * 100)}% ${formatBytes(p.bytesDone)}/` +
        `${formatBytes(p.bytesTotal)} ${formatBytes(p.rate)}/s${eta}` +
        ` ${p.filesDone}/${p.filesTotal} files`;
      const width = stream.columns ?? 100;
      stream.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, line.length + 2))}`);
      drawn = true;
    },
    done(): void {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
