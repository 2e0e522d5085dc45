import { parentPort, type TransferListItem } from 'node:worker_threads';
import { AppError, toAppError } from '../../../shared/errors.ts';
import { installZlibStreams } from './zlibStreams.ts';
import { runJob } from './jobs.ts';
import { paceMemory } from './memoryPacer.ts';
import type { FromWorker, PgpJob, ToWorker } from './protocol.ts';

/**
 * Worker-thread entry: runs OpenPGP jobs so neither Electron's main process nor the command
 * line's event loop waits on crypto. Started by PgpWorkerPool; Node runs this .ts file
 * directly (type stripping), with its own module loader.
 */

const PROGRESS_INTERVAL_MS = 100;
const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
installZlibStreams();

const running = new Map<number, AbortController>();

function post(message: FromWorker, transfer: TransferListItem[] = []): void {
  port?.postMessage(message, transfer);
}

/** At most one progress message per interval, and the last count always goes out. */
function progressReporter(id: number) {
  let lastSent = 0;
  let pending: number | undefined;
  return {
    report(plaintextBytes: number) {
      pending = plaintextBytes;
      const now = Date.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      pending = undefined;
      post({ type: 'progress', id, plaintextBytes });
    },
    flush() {
      if (pending !== undefined) post({ type: 'progress', id, plaintextBytes: pending });
    },
  };
}

async function start(id: number, job: PgpJob): Promise<void> {
  const abort = new AbortController();
  running.set(id, abort);
  const progress = progressReporter(id);
  try {
    const value = await runJob(job, {
      signal: abort.signal,
      onProgress: progress.report,
      onData: paceMemory,
      onStream: (stream) => post({ type: 'stream', id, stream }, [stream]),
    });
    progress.flush();
    post({ type: 'result', id, value });
  } catch (err) {
    const error = abort.signal.aborted
      ? new AppError('CANCELLED', 'job cancelled')
      : toAppError(err);
    post({ type: 'error', id, error: error.toJSON() });
  } finally {
    running.delete(id);
    // Releases whatever the job still holds open (its input file or stream).
    abort.abort();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  void start(message.id, message.job);
});
