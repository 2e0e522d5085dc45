import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { z } from 'zod';
import type { TransferJobSchema } from '../../../shared/schemas/transfer.ts';
import type { TransferProgress, TransferResult } from '../../../shared/types/transfer.ts';
import type { EventSink } from './events.ts';

export type TransferJob = z.output<typeof TransferJobSchema>;
export type Conflict = 'overwrite' | 'skip' | 'newer' | 'rename';

interface SpecBase {
  source: string;
  targetDir: string;
  name: string;
  conflict: Conflict;
}

/** An upload or download through one of the open sessions. */
export interface TransferSpec extends SpecBase {
  direction: 'upload' | 'download';
  sessionId: string;
  profileId: string;
  pgp: 'none' | 'encrypt' | 'decrypt';
}

/** A copy on this computer (OS files dropped on the local pane); no session involved. */
export interface CopySpec extends SpecBase {
  direction: 'copy';
}

/** What a job does; kept so a retry repeats exactly the same work. */
export type JobSpec = TransferSpec | CopySpec;

const pgpOf = (spec: JobSpec) => (spec.direction === 'copy' ? 'none' : spec.pgp);

function pgpState(spec: JobSpec): TransferJob['pgp'] {
  const action = pgpOf(spec);
  return { action, state: action === 'none' ? 'none' : 'pending' };
}

export interface JobOutcome extends TransferResult {
  resultPath?: string;
  signature?: TransferJob['pgp']['signature'];
}

/** Does the work of one job; the queue owns states, retries and events. */
export type JobRunner = (
  spec: JobSpec,
  signal: AbortSignal,
  onProgress: (progress: TransferProgress) => void,
) => Promise<JobOutcome>;

export interface TransferQueueOptions {
  runner: JobRunner;
  emit: EventSink;
  logger: Logger;
  /** Jobs running at once, across sessions. AWS allows 10 channels per connection. */
  concurrency?: number;
  /** Minimum gap between progress events of one job. */
  progressIntervalMs?: number;
  now?: () => number;
}

interface Entry {
  job: TransferJob;
  spec: JobSpec;
  controller?: AbortController;
  lastProgressMs: number;
}

const EMPTY_PROGRESS: TransferProgress = {
  bytesDone: 0,
  bytesTotal: 0,
  filesDone: 0,
  filesTotal: 0,
  rate: 0,
};

const FINISHED = new Set<TransferJob['state']>(['done', 'failed', 'cancelled']);

/** The transfer list: jobs run in order, a few at a time, and report every change as events. */
export class TransferQueue {
  readonly #options: Required<Omit<TransferQueueOptions, 'logger'>>;
  readonly #logger: Logger;
  readonly #entries = new Map<string, Entry>();
  #running = 0;

  constructor(options: TransferQueueOptions) {
    this.#options = { concurrency: 2, progressIntervalMs: 100, now: Date.now, ...options };
    this.#logger = options.logger.child('transfers');
  }

  add(spec: JobSpec): string {
    const id = randomUUID();
    const job: TransferJob = {
      id,
      direction: spec.direction,
      ...(spec.direction === 'copy'
        ? {}
        : { sessionId: spec.sessionId, profileId: spec.profileId }),
      source: spec.source,
      targetDir: spec.targetDir,
      name: spec.name,
      state: 'queued',
      progress: { ...EMPTY_PROGRESS },
      pgp: pgpState(spec),
      warnings: [],
      failed: [],
      attempts: 0,
      createdMs: this.#options.now(),
    };
    this.#entries.set(id, { job, spec, lastProgressMs: 0 });
    this.#changed(id);
    this.#pump();
    return id;
  }

  list(): TransferJob[] {
    return [...this.#entries.values()].map((e) => e.job);
  }

  get(id: string): TransferJob {
    return this.#entry(id).job;
  }

  /** Stops a queued or running job; finished jobs stay as they are. */
  cancel(id: string): void {
    const entry = this.#entry(id);
    if (entry.job.state === 'queued') this.#finish(entry, 'cancelled');
    else if (entry.job.state === 'running') entry.controller?.abort();
  }

  /** Queues a finished job again under the same id, optionally with another conflict choice. */
  retry(id: string, conflict?: Conflict): void {
    const entry = this.#entry(id);
    if (!FINISHED.has(entry.job.state)) {
      throw new AppError('INVALID_ARGUMENT', 'job is still active', { reason: 'still active' });
    }
    if (conflict !== undefined) entry.spec = { ...entry.spec, conflict };
    const { error: _error, finishedMs: _f, startedMs: _s, resultPath: _r, ...rest } = entry.job;
    entry.job = {
      ...rest,
      state: 'queued',
      progress: { ...EMPTY_PROGRESS },
      pgp: pgpState(entry.spec),
      warnings: [],
      failed: [],
    };
    this.#changed(id);
    this.#pump();
  }

  clearFinished(): void {
    for (const [id, entry] of this.#entries) {
      if (FINISHED.has(entry.job.state)) this.#entries.delete(id);
    }
  }

  /** Cancels everything (app quitting). */
  cancelAll(): void {
    for (const id of this.#entries.keys()) this.cancel(id);
  }

  #entry(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'no such transfer', { jobId: id });
    return entry;
  }

  #pump(): void {
    for (const entry of this.#entries.values()) {
      if (this.#running >= this.#options.concurrency) return;
      if (entry.job.state === 'queued') void this.#run(entry);
    }
  }

  async #run(entry: Entry): Promise<void> {
    this.#running += 1;
    const controller = new AbortController();
    entry.controller = controller;
    entry.job = {
      ...entry.job,
      state: 'running',
      attempts: entry.job.attempts + 1,
      startedMs: this.#options.now(),
    };
    this.#changed(entry.job.id);
    try {
      const outcome = await this.#options.runner(entry.spec, controller.signal, (p) =>
        this.#progress(entry, p),
      );
      this.#succeed(entry, outcome);
    } catch (err) {
      const error = toAppError(err);
      if (controller.signal.aborted || error.code === 'CANCELLED') this.#finish(entry, 'cancelled');
      else this.#finish(entry, 'failed', error);
    } finally {
      entry.controller = undefined;
      this.#running -= 1;
      this.#pump();
    }
  }

  #progress(entry: Entry, progress: TransferProgress): void {
    entry.job = { ...entry.job, progress };
    const now = this.#options.now();
    if (now - entry.lastProgressMs < this.#options.progressIntervalMs) return;
    entry.lastProgressMs = now;
    this.#options.emit('transfers:progress', { jobId: entry.job.id, progress });
  }

  /** A folder job with some files refused counts as failed: not everything arrived. */
  #succeed(entry: Entry, outcome: JobOutcome): void {
    const firstFailure = outcome.failed[0];
    entry.job = {
      ...entry.job,
      warnings: outcome.warnings,
      failed: outcome.failed,
      ...(outcome.resultPath === undefined ? {} : { resultPath: outcome.resultPath }),
    };
    const pgp = entry.job.pgp;
    if (pgp.action !== 'none') {
      entry.job.pgp = {
        ...pgp,
        state: firstFailure?.error.code.startsWith('PGP_') ? 'failed' : 'done',
        ...(outcome.signature === undefined ? {} : { signature: outcome.signature }),
      };
    }
    if (firstFailure) this.#finish(entry, 'failed', toAppError(firstFailure.error));
    else this.#finish(entry, 'done');
  }

  #finish(entry: Entry, state: 'done' | 'failed' | 'cancelled', error?: AppError): void {
    const { error: _old, ...job } = entry.job;
    entry.job = { ...job, state, finishedMs: this.#options.now() };
    if (error) {
      entry.job.error = error.toJSON();
      // The PGP step failed only when the error says so; a dropped link leaves it pending.
      if (error.code.startsWith('PGP_')) entry.job.pgp = { ...entry.job.pgp, state: 'failed' };
    }
    const level = state === 'failed' ? 'warn' : 'info';
    this.#logger[level]('job finished', { jobId: job.id, state, code: error?.code });
    this.#changed(entry.job.id);
  }

  #changed(id: string): void {
    const entry = this.#entries.get(id);
    if (entry) this.#options.emit('transfers:stateChanged', { job: entry.job });
  }
}
