import type { TransferProgress } from '../../../shared/types/transfer.ts';
import type { JobItem, JobRecord } from './types.ts';

/**
 * A stopped job's progress is what it keeps for its resume: files done, and the part of
 * started uploads the server holds (an encrypted upload starts a file over, so not those).
 * The running count would drop to the files done, as a stopped file's bytes are taken back.
 */
export function keptProgress(job: JobRecord): TransferProgress {
  const files = (job.items ?? []).filter((i) => i.kind === 'file');
  const done = files.filter((f) => f.state === 'done');
  const resumes = job.spec.direction === 'upload' && job.spec.pgp === undefined;
  const partial = resumes
    ? files.filter((f) => f.state === undefined || f.state === 'pending')
    : [];
  const bytesDone =
    done.reduce((sum, f) => sum + f.size, 0) +
    partial.reduce((sum, f) => sum + Math.min(f.resumeAt ?? 0, f.size), 0);
  return {
    bytesDone,
    bytesTotal: Math.max(job.progress.bytesTotal, bytesDone),
    filesDone: done.length,
    filesTotal: job.progress.filesTotal || files.length,
    rate: 0,
  };
}

/**
 * A retried job tries its failed files again (one that failed only to decrypt is decrypted
 * again, not fetched again) and, under a new conflict choice, the files it kept.
 */
export function resetForRetry(item: JobItem, reconsider: boolean): void {
  if (item.decryptFailed) {
    item.state = 'done';
    delete item.decryptFailed;
    delete item.error;
  } else if (item.state === 'failed' || (reconsider && item.state === 'skipped')) {
    delete item.state;
    delete item.error;
  }
}
