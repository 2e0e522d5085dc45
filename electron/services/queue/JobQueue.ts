import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress } from '../../../shared/types/transfer.ts';
import type { SshConnection } from '../ssh/connect.ts';
import type { ServerProfileName } from '../transfer/compat.ts';
import { FileGates } from '../transfer/gates.ts';
import { BandwidthLimiter, SYSTEM_CLOCK, type Clock } from '../transfer/limiter.ts';
import { PAUSE_REASON, SHUTDOWN_REASON } from '../transfer/options.ts';
import { ChannelPool } from '../transfer/pool.ts';
import { JobStore } from './JobStore.ts';
import { discardPartials, runJob, type JobContext } from './runJob.ts';
import {
  EMPTY_PROGRESS,
  JobSpecSchema,
  snapshotOf,
  type JobRecord,
  type JobSnapshot,
  type JobSpec,
  type QueueEvent,
} from './types.ts';

export interface JobQueueOptions {
  /**
   * Opens an authenticated connection (openConnection with the profile's settings); called
   * again after a lost link, so host keys are checked every time. Its keepalive must stay
   * under AWS's 300 s limit: openConnection's default (15 s) does.
   */
  connect: () => Promise<SshConnection>;
  /** Folder for the queue's JSON file (the app's data folder, or the CLI's home). */
  storeDir: string;
  logger: Logger;
  clock?: Clock;
  /** Server profile; 'auto' recognises AWS Transfer Family by its identification. */
  profile?: ServerProfileName;
  /** Upload in place on this server: rename impossible there, or a slow copy. */
  inPlace?: boolean;
  /** Large files moving at once across all jobs (default 4). */
  concurrency?: number;
  /** Small files (under 1 MiB) in flight at once across all jobs (default 64). */
  smallFileConcurrency?: number;
  /** Jobs running at once (default 2). */
  jobConcurrency?: number;
  /** SSH connections the pool may hold (default 2). */
  maxConnections?: number;
  /** Bytes per second for the whole queue; none when absent. */
  bandwidthLimit?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  stallTimeoutMs?: number;
}

const CANCEL_REASON = 'pyplan:cancel';
const ACTIVE = new Set(['queued', 'running', 'paused']);
const PROGRESS_EVERY_MS = 200;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The transfer queue for the app and the command line. Jobs are kept in a JSON file and
 * survive a restart: a job interrupted by a crash or a quit runs again on the next start,
 * skipping files already done and resuming partial ones. Electron-free: the connection
 * factory, clock, store folder and logger are injected.
 */
export class JobQueue {
  readonly #options: JobQueueOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #store: JobStore;
  readonly #jobs = new Map<string, JobRecord>();
  readonly #running = new Map<string, Running>();
  readonly #listeners = new Set<(event: QueueEvent) => void>();
  readonly #gates: FileGates;
  readonly #limiter: BandwidthLimiter;
  readonly #lastProgress = new Map<string, number>();
  #pool: ChannelPool | undefined;
  #started = false;
  #closed = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: JobQueueOptions) {
    this.#options = options;
    this.#logger = options.logger.child('queue');
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#store = new JobStore(options.storeDir, this.#logger);
    this.#gates = new FileGates(options.concurrency ?? 4, options.smallFileConcurrency ?? 64);
    this.#limiter = new BandwidthLimiter(options.bandwidthLimit, this.#clock);
  }

  /** Loads stored jobs; interrupted ones are queued again. Then starts running. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (const job of await this.#store.load()) {
      if (job.state === 'running') job.state = 'queued';
      this.#jobs.set(job.id, job);
    }
    this.#save();
    this.#pump();
  }

  /** Adds a job at the end of the queue. Throws INVALID_ARGUMENT for a malformed spec. */
  add(spec: JobSpec): JobSnapshot {
    const parsed = JobSpecSchema.safeParse(spec);
    if (!parsed.success) {
      throw new AppError('INVALID_ARGUMENT', 'bad transfer job', { reason: parsed.error.message });
    }
    const job: JobRecord = {
      id: randomUUID(),
      spec: parsed.data,
      state: 'queued',
      createdMs: this.#clock.now(),
      runs: 0,
      warnings: [],
      progress: { ...EMPTY_PROGRESS },
    };
    this.#jobs.set(job.id, job);
    this.#changed(job);
    this.#pump();
    return snapshotOf(job);
  }

  list(): JobSnapshot[] {
    return [...this.#jobs.values()].map(snapshotOf);
  }

  get(id: string): JobSnapshot {
    return snapshotOf(this.#job(id));
  }

  /** Stops a job and keeps its partial files; resume() continues it. */
  pause(id: string): void {
    const job = this.#job(id);
    if (job.state === 'queued') this.#setState(job, 'paused');
    else if (job.state === 'running') this.#running.get(id)?.controller.abort(PAUSE_REASON);
  }

  resume(id: string): void {
    const job = this.#job(id);
    if (job.state !== 'paused') return;
    this.#setState(job, 'queued');
    this.#pump();
  }

  /** Stops a job for good and removes its partial files. Finished jobs stay as they are. */
  cancel(id: string): void {
    const job = this.#job(id);
    if (job.state === 'running') this.#running.get(id)?.controller.abort(CANCEL_REASON);
    else if (job.state === 'queued' || job.state === 'paused') {
      this.#finish(job, 'cancelled');
      void this.#discard(job);
    }
  }

  pauseAll(): void {
    for (const id of this.#jobs.keys()) this.pause(id);
  }

  resumeAll(): void {
    for (const id of this.#jobs.keys()) this.resume(id);
  }

  cancelAll(): void {
    for (const id of this.#jobs.keys()) this.cancel(id);
  }

  /** Runs a finished (failed or cancelled) job again; files already done are skipped. */
  retry(id: string): void {
    const job = this.#job(id);
    if (ACTIVE.has(job.state)) return;
    for (const item of job.items ?? []) {
      if (item.state === 'failed') {
        item.state = undefined;
        item.error = undefined;
      }
    }
    delete job.error;
    this.#setState(job, 'queued');
    this.#pump();
  }

  /** Forgets a job that is not active. */
  remove(id: string): void {
    const job = this.#job(id);
    if (ACTIVE.has(job.state)) {
      throw new AppError('INVALID_ARGUMENT', 'job is still active', { reason: 'still active' });
    }
    this.#jobs.delete(id);
    this.#emit({ type: 'removed', jobId: id });
    this.#save();
  }

  clearFinished(): void {
    for (const job of [...this.#jobs.values()]) if (!ACTIVE.has(job.state)) this.remove(job.id);
  }

  setBandwidthLimit(bytesPerSecond: number | undefined): void {
    this.#limiter.setRate(bytesPerSecond);
  }

  setConcurrency(files: number): void {
    this.#gates.files.setSize(files);
  }

  /** Subscribes to job changes and progress; returns the unsubscribe. */
  on(listener: (event: QueueEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when no job is queued or running (paused jobs do not count). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops running jobs without marking them stopped (they resume on the next start), saves,
   * and closes every channel and connection.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#running.values()];
    for (const run of running) run.controller.abort(SHUTDOWN_REASON);
    await Promise.all(running.map((r) => r.done));
    await this.#closePool();
    await this.#store.flush();
  }

  #job(id: string): JobRecord {
    const job = this.#jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', 'no such transfer', { jobId: id });
    return job;
  }

  #pump(): void {
    if (!this.#started || this.#closed) return;
    const limit = this.#options.jobConcurrency ?? 2;
    for (const job of this.#jobs.values()) {
      if (this.#running.size >= limit) break;
      if (job.state === 'queued' && !this.#running.has(job.id)) this.#launch(job);
    }
    if (this.#isIdle()) {
      void this.#closePool();
      this.#idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  #launch(job: JobRecord): void {
    const controller = new AbortController();
    job.runs += 1;
    job.startedMs = this.#clock.now();
    this.#setState(job, 'running');
    const done = this.#execute(job, controller).finally(() => {
      this.#running.delete(job.id);
      this.#pump();
    });
    this.#running.set(job.id, { controller, done });
  }

  async #execute(job: JobRecord, controller: AbortController): Promise<void> {
    try {
      const result = await runJob(job, this.#context(job, controller.signal));
      job.warnings = result.warnings;
      const failure = result.failed[0];
      if (failure) this.#finish(job, 'failed', toAppError(failure.error));
      else this.#finish(job, 'done');
    } catch (err) {
      this.#stopped(job, controller.signal, toAppError(err));
    }
  }

  #stopped(job: JobRecord, signal: AbortSignal, error: AppError): void {
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason === SHUTDOWN_REASON) {
      job.state = 'queued';
      this.#save();
    } else if (reason === PAUSE_REASON) {
      this.#setState(job, 'paused');
    } else if (reason === CANCEL_REASON || error.code === 'CANCELLED') {
      this.#finish(job, 'cancelled');
      void this.#discard(job);
    } else {
      this.#logger.warn('job failed', { jobId: job.id, code: error.code });
      this.#finish(job, 'failed', error);
    }
  }

  #context(job: JobRecord, signal: AbortSignal): JobContext {
    return {
      pool: this.#ensurePool(),
      gates: this.#gates,
      limiter: this.#limiter,
      clock: this.#clock,
      logger: this.#logger,
      profile: this.#options.profile ?? 'auto',
      inPlace: this.#options.inPlace ?? false,
      maxAttempts: this.#options.maxAttempts ?? 6,
      retryBaseMs: this.#options.retryBaseMs ?? 250,
      stallTimeoutMs: this.#options.stallTimeoutMs ?? 60_000,
      signal,
      onProgress: (progress) => this.#progress(job, progress),
      onChange: () => this.#save(),
    };
  }

  #ensurePool(): ChannelPool {
    this.#pool ??= new ChannelPool({
      connect: this.#options.connect,
      maxConnections: this.#options.maxConnections ?? 2,
      reconnectAttempts: this.#options.maxAttempts ?? 6,
      reconnectBaseMs: this.#options.retryBaseMs ?? 250,
      clock: this.#clock,
      logger: this.#logger,
    });
    return this.#pool;
  }

  /** Every channel and connection is closed whenever the queue has nothing to run. */
  async #closePool(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }

  async #discard(job: JobRecord): Promise<void> {
    const pool = new ChannelPool({ connect: this.#options.connect, reconnectAttempts: 1 });
    try {
      await discardPartials(job, pool);
    } catch (err) {
      this.#logger.warn('discard: partial files left', {
        jobId: job.id,
        code: toAppError(err).code,
      });
    } finally {
      await pool.close();
    }
  }

  #progress(job: JobRecord, progress: TransferProgress): void {
    job.progress = progress;
    const now = this.#clock.now();
    if (now - (this.#lastProgress.get(job.id) ?? 0) < PROGRESS_EVERY_MS) return;
    this.#lastProgress.set(job.id, now);
    this.#emit({ type: 'progress', jobId: job.id, progress });
  }

  #finish(job: JobRecord, state: 'done' | 'failed' | 'cancelled', error?: AppError): void {
    job.finishedMs = this.#clock.now();
    if (error) job.error = error.toJSON();
    this.#logger.info('job finished', { jobId: job.id, state, code: error?.code });
    this.#setState(job, state);
  }

  #setState(job: JobRecord, state: JobRecord['state']): void {
    job.state = state;
    this.#changed(job);
  }

  #changed(job: JobRecord): void {
    this.#emit({ type: 'job', job: snapshotOf(job) });
    this.#save();
  }

  #save(): void {
    this.#store.schedule(() => [...this.#jobs.values()]);
  }

  #emit(event: QueueEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#logger.error('emit: listener threw', { error: String(err) });
      }
    }
  }

  #isIdle(): boolean {
    return this.#running.size === 0 && ![...this.#jobs.values()].some((j) => j.state === 'queued');
  }
}
