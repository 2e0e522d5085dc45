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
import { runCopyJob } from './copyJob.ts';
import { keptProgress, resetForRetry } from './jobState.ts';
import { JobStore } from './JobStore.ts';
import { Leftovers } from './leftovers.ts';
import type { QueuePgp } from './pgpSteps.ts';
import { discardPartials, runJob, type JobContext } from './runJob.ts';
import {
  EMPTY_PROGRESS,
  JobSpecSchema,
  snapshotOf,
  type JobItem,
  type JobRecord,
  type JobSnapshot,
  type JobSpec,
  type QueueEvent,
} from './types.ts';

/**
 * Opens an authenticated connection (openConnection with the profile's settings); called
 * again after a lost link, so host keys are checked every time. Its keepalive must stay
 * under AWS's 300 s limit: openConnection's default (15 s) does.
 */
export type Connector = () => Promise<SshConnection>;

export interface JobQueueOptions {
  /** The connector for jobs that name no server (the command line's one server). */
  connect?: Connector;
  /** OpenPGP for jobs that ask for it; without it such jobs fail before anything moves. */
  pgp?: QueuePgp;
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
  /**
   * Read small files to upload with one synchronous call each: faster, but a slow disk
   * would then stall the event loop. For the command line, which has no window to keep
   * responsive; the app leaves it off.
   */
  syncSmallFiles?: boolean;
}

const CANCEL_REASON = 'pyplan:cancel';
const ACTIVE = new Set(['queued', 'running', 'paused', 'waiting']);
const PROGRESS_EVERY_MS = 200;
/** The key of jobs that name no server. */
/** The name of the connector given as `connect`: the command line's one server. */
export const DEFAULT_SERVER = '';

interface Running {
  controller: AbortController;
  done: Promise<void>;
  /** Absent for copies on this computer. */
  server: string | undefined;
  /** Stopped because its server was detached: it waits for the server, not for the user. */
  held?: boolean;
  /**
   * Waiting for the user (a key's passphrase), holding no channel: it does not count
   * against the job limit meanwhile, so the jobs behind it go on.
   */
  awaitingUser?: boolean;
}

/**
 * The transfer queue for the app and the command line. Jobs are kept in a JSON file and
 * survive a restart: a job interrupted by a crash or a quit runs again on the next start,
 * skipping files already done and resuming partial ones. Electron-free: the connection
 * factory, clock, store folder and logger are injected.
 *
 * One queue serves several servers: each job names its server, and a connector per server is
 * attached while that server may be used (the app: while the user is connected to a profile).
 * Jobs of a server with no connector wait, keeping their partial files, and continue when
 * one is attached. This, rather than a queue per server sharing one file, keeps one list, one
 * order, one job limit and one bandwidth limit across servers, and one writer of the file.
 * Copy jobs (on this computer) need no server: they run when their turn comes, after a
 * restart too, and take their place in the job limit (not in the bandwidth limit).
 */
export class JobQueue {
  readonly #options: JobQueueOptions;
  /** Large files moving at once (setConcurrency); also caps the jobs running at once. */
  #fileConcurrency: number;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #store: JobStore;
  readonly #jobs = new Map<string, JobRecord>();
  readonly #running = new Map<string, Running>();
  readonly #listeners = new Set<(event: QueueEvent) => void>();
  readonly #gates: FileGates;
  readonly #limiter: BandwidthLimiter;
  readonly #lastProgress = new Map<string, number>();
  readonly #connectors = new Map<string, Connector>();
  readonly #pools = new Map<string, ChannelPool>();
  /**
   * Running jobs whose server link dropped, with their bytes done then: they reconnect by
   * themselves, and say so until a new connection is up or their bytes move again.
   */
  readonly #reconnecting = new Map<string, number>();
  readonly #leftovers: Leftovers;
  readonly #discarding = new Set<Promise<void>>();
  #started = false;
  #closed = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: JobQueueOptions) {
    this.#options = options;
    this.#logger = options.logger.child('queue');
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#store = new JobStore(options.storeDir, this.#logger);
    this.#leftovers = new Leftovers(this.#logger);
    this.#fileConcurrency = options.concurrency ?? 4;
    this.#gates = new FileGates(this.#fileConcurrency, options.smallFileConcurrency ?? 64);
    this.#limiter = new BandwidthLimiter(options.bandwidthLimit, this.#clock);
    if (options.connect) this.#connectors.set(DEFAULT_SERVER, options.connect);
  }

  /** Loads stored jobs; interrupted ones are queued again. Then starts running. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const stored = await this.#store.load();
    this.#leftovers.load(stored.leftovers);
    for (const job of stored.jobs) {
      // Waiting ones too: their server may have been attached before the list was loaded.
      if (job.state === 'running' || job.state === 'waiting') job.state = 'queued';
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
    const { direction, server } = parsed.data;
    const pgp = parsed.data.pgp?.action;
    if (pgp && (pgp === 'encrypt') !== (direction === 'upload')) {
      throw new AppError('INVALID_ARGUMENT', 'bad transfer job', {
        reason: 'uploads encrypt, downloads decrypt',
      });
    }
    if (direction === 'copy' && server !== undefined) {
      throw new AppError('INVALID_ARGUMENT', 'bad transfer job', {
        reason: 'a copy on this computer names no server',
      });
    }
    const id = randomUUID();
    const job: JobRecord = {
      id,
      spec: parsed.data,
      // Its own temporary upload names: another job may send a different file to one name.
      tempTag: id.slice(0, 8),
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
    return [...this.#jobs.values()].map((job) => this.#snapshot(job));
  }

  get(id: string): JobSnapshot {
    return this.#snapshot(this.#job(id));
  }

  /** The job's planned files and folders with their fate; empty before it is planned. */
  items(id: string): JobItem[] {
    return structuredClone(this.#job(id).items ?? []);
  }

  /** Stops a job and keeps its partial files; resume() continues it. */
  pause(id: string): void {
    const job = this.#job(id);
    if (job.state === 'queued' || job.state === 'waiting') this.#setState(job, 'paused');
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
    else if (ACTIVE.has(job.state)) {
      this.#finish(job, 'cancelled');
      this.#startDiscard(job);
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

  /**
   * Runs a finished job again: failed files are tried again, files already done are not.
   * With another conflict choice (say 'overwrite' after files were kept), the files it kept
   * are tried again under the new choice. INVALID_ARGUMENT while the job is still active.
   */
  retry(id: string, change: { conflict?: JobSpec['conflict'] } = {}): void {
    const job = this.#job(id);
    if (ACTIVE.has(job.state)) {
      throw new AppError('INVALID_ARGUMENT', 'job is still active', { reason: 'still active' });
    }
    const reconsider = change.conflict !== undefined && change.conflict !== job.spec.conflict;
    if (change.conflict !== undefined) job.spec = { ...job.spec, conflict: change.conflict };
    for (const item of job.items ?? []) resetForRetry(item, reconsider);
    if (reconsider) job.warnings = job.warnings.filter((w) => w.code !== 'SKIPPED_EXISTING');
    delete job.error;
    delete job.finishedMs;
    job.progress = { ...EMPTY_PROGRESS };
    this.#setState(job, 'queued');
    this.#pump();
  }

  /**
   * Lets the jobs of `server` run through `connect` (replacing an earlier connector); the
   * ones waiting for it continue.
   */
  attach(server: string, connect: Connector): void {
    const fresh = !this.#connectors.has(server);
    this.#connectors.set(server, connect);
    // Jobs of a server not attached until now cannot be running, so none writes what a
    // sweep deletes; they wait for it in #pump.
    if (fresh) {
      this.#leftovers.sweep(server, connect, [...this.#jobs.values()], () => {
        this.#save();
        this.#pump();
      });
    }
    for (const job of this.#jobs.values()) {
      if (job.state === 'waiting' && serverOf(job) === server) this.#setState(job, 'queued');
    }
    this.#pump();
  }

  /**
   * Stops using `server`: its running jobs stop where they are (partial files kept), and they
   * and its queued jobs wait until the server is attached again. Resolves once its
   * connections are closed.
   */
  async detach(server: string): Promise<void> {
    this.#connectors.delete(server);
    const stopping: Array<Promise<void>> = [];
    for (const [id, run] of this.#running) {
      if (run.server !== server) continue;
      run.held = true;
      run.controller.abort(SHUTDOWN_REASON);
      stopping.push(run.done);
      this.#logger.info('detach: job waits for its server', { jobId: id });
    }
    for (const job of this.#jobs.values()) {
      if (job.state === 'queued' && serverOf(job) === server) this.#setState(job, 'waiting');
    }
    await Promise.all(stopping);
    await this.#closePool(server);
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

  /** The one limiter of every transfer of the queue; drag-out copies share it too. */
  get limiter(): BandwidthLimiter {
    return this.#limiter;
  }

  setBandwidthLimit(bytesPerSecond: number | undefined): void {
    this.#limiter.setRate(bytesPerSecond);
  }

  setConcurrency(files: number): void {
    this.#fileConcurrency = files;
    this.#gates.files.setSize(files);
    this.#pump();
  }

  /** Subscribes to job changes and progress; returns the unsubscribe. */
  on(listener: (event: QueueEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when no job is queued or running (paused and waiting jobs do not count). */
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
    await Promise.all([...this.#pools.keys()].map((server) => this.#closePool(server)));
    await Promise.all([...this.#discarding]);
    await this.#leftovers.settled();
    await this.#store.flush();
  }

  #job(id: string): JobRecord {
    const job = this.#jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', 'no such transfer', { jobId: id });
    return job;
  }

  #pump(): void {
    if (!this.#started || this.#closed) return;
    // No more jobs than files allowed at once: a job beyond that would show as running while
    // its first large file waits for a slot ("1 file at a time" with two jobs "Uploading").
    const limit = Math.min(this.#options.jobConcurrency ?? 2, this.#fileConcurrency);
    const working = () => [...this.#running.values()].filter((r) => !r.awaitingUser);
    for (const job of this.#jobs.values()) {
      if (job.state !== 'queued' || this.#running.has(job.id)) continue;
      const server = serverOf(job);
      if (server !== undefined && this.#leftovers.isSweeping(server)) continue;
      if (server !== undefined && !this.#connectors.has(server)) this.#setState(job, 'waiting');
      else if (working().length < limit) this.#launch(job);
    }
    // Every channel and connection of a server is closed whenever none of its jobs works.
    const busy = new Set(working().map((r) => r.server));
    for (const server of this.#pools.keys()) if (!busy.has(server)) void this.#closePool(server);
    if (this.#isIdle()) this.#idleWaiters.splice(0).forEach((wake) => wake());
  }

  #launch(job: JobRecord): void {
    const controller = new AbortController();
    const server = serverOf(job);
    job.runs += 1;
    job.startedMs = this.#clock.now();
    this.#setState(job, 'running');
    const run: Running = { controller, done: Promise.resolve(), server };
    this.#running.set(job.id, run);
    run.done = this.#execute(job, run).finally(() => {
      this.#running.delete(job.id);
      this.#pump();
    });
  }

  async #execute(job: JobRecord, run: Running): Promise<void> {
    try {
      const result =
        job.spec.direction === 'copy'
          ? await runCopyJob(job, this.#copyContext(job, run))
          : await runJob(job, this.#context(job, run));
      job.warnings = result.warnings;
      const failure = result.failed[0];
      if (failure) this.#finish(job, 'failed', toAppError(failure.error));
      else this.#finish(job, 'done');
    } catch (err) {
      this.#stopped(job, run, toAppError(err));
    }
  }

  #stopped(job: JobRecord, run: Running, error: AppError): void {
    const signal = run.controller.signal;
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason === SHUTDOWN_REASON || reason === PAUSE_REASON) job.progress = keptProgress(job);
    if (reason === SHUTDOWN_REASON && run.held && !this.#closed) {
      this.#setState(job, 'waiting');
    } else if (reason === SHUTDOWN_REASON) {
      job.state = 'queued';
      this.#save();
    } else if (reason === PAUSE_REASON) {
      this.#setState(job, 'paused');
    } else if (reason === CANCEL_REASON || error.code === 'CANCELLED') {
      this.#finish(job, 'cancelled');
      this.#startDiscard(job);
    } else {
      this.#logger.warn('job failed', { jobId: job.id, code: error.code });
      this.#finish(job, 'failed', error);
    }
  }

  #copyContext(job: JobRecord, run: Running) {
    return {
      signal: run.controller.signal,
      logger: this.#logger,
      onProgress: (progress: TransferProgress) => this.#progress(job, progress),
      onChange: () => this.#save(),
    };
  }

  #context(job: JobRecord, run: Running): JobContext {
    const signal = run.controller.signal;
    return {
      pool: this.#ensurePool(run.server ?? DEFAULT_SERVER),
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
      pgp: this.#options.pgp,
      userWait: (wait) => this.#awaitUser(run, wait),
      onProgress: (progress) => this.#progress(job, progress),
      onChange: () => this.#save(),
      syncSmallFiles: this.#options.syncSmallFiles ?? false,
    };
  }

  /**
   * A job waiting for the user lends its place: the next queued job may start, and its
   * server's connections close if no other job of it works. Once answered it goes on at
   * once, so for a while one more job than the limit may be running.
   */
  async #awaitUser<T>(run: Running, wait: Promise<T>): Promise<T> {
    run.awaitingUser = true;
    this.#pump();
    try {
      return await wait;
    } finally {
      run.awaitingUser = false;
    }
  }

  #ensurePool(server: string): ChannelPool {
    const existing = this.#pools.get(server);
    if (existing) return existing;
    const pool: ChannelPool = new ChannelPool({
      // Looked up at each connection: a reconnect uses the connector attached now, and one
      // detached meanwhile fails the connection rather than reaching the server.
      connect: async () => {
        const connection = await (this.#connectors.get(server) ?? refuse)();
        this.#linkUp(server);
        connection.onClose(() => {
          // A pool being closed (jobs over, server detached, quit) is no dropped link.
          if (this.#pools.get(server) === pool) this.#linkLost(server);
        });
        return connection;
      },
      maxConnections: this.#options.maxConnections ?? 2,
      reconnectAttempts: this.#options.maxAttempts ?? 6,
      reconnectBaseMs: this.#options.retryBaseMs ?? 250,
      clock: this.#clock,
      logger: this.#logger,
    });
    this.#pools.set(server, pool);
    return pool;
  }

  async #closePool(server: string): Promise<void> {
    const pool = this.#pools.get(server);
    this.#pools.delete(server);
    await pool?.close();
  }

  /**
   * Removes what a cancelled job left. Temporary uploads on a server out of reach (a job
   * cancelled while it waited for its connection) are kept as leftovers, removed once that
   * server is attached again.
   */
  #startDiscard(job: JobRecord): void {
    const discard = this.#discard(job).finally(() => this.#discarding.delete(discard));
    this.#discarding.add(discard);
  }

  async #discard(job: JobRecord): Promise<void> {
    const server = serverOf(job);
    const connect = server === undefined ? undefined : this.#connectors.get(server);
    const pool = connect ? new ChannelPool({ connect, reconnectAttempts: 1 }) : undefined;
    try {
      const unreached = await discardPartials(job, pool);
      if (server !== undefined && unreached.length > 0) {
        this.#leftovers.add(server, unreached);
        this.#save();
      }
    } catch (err) {
      this.#logger.warn('discard: partial files left', {
        jobId: job.id,
        code: toAppError(err).code,
      });
    } finally {
      await pool?.close();
    }
  }

  /** A connection to `server` closed under its running jobs: they are reconnecting. */
  #linkLost(server: string): void {
    for (const [id, run] of this.#running) {
      const job = this.#jobs.get(id);
      if (!job || run.server !== server || run.awaitingUser || this.#reconnecting.has(id)) continue;
      this.#reconnecting.set(id, job.progress.bytesDone);
      this.#changed(job);
    }
  }

  #linkUp(server: string): void {
    for (const id of [...this.#reconnecting.keys()]) {
      if (this.#running.get(id)?.server === server) this.#reconnected(id);
    }
  }

  #reconnected(id: string): void {
    this.#reconnecting.delete(id);
    const job = this.#jobs.get(id);
    if (job) this.#changed(job);
  }

  #snapshot(job: JobRecord): JobSnapshot {
    const snapshot = snapshotOf(job);
    return this.#reconnecting.has(job.id) ? { ...snapshot, reconnecting: true } : snapshot;
  }

  #progress(job: JobRecord, progress: TransferProgress): void {
    job.progress = progress;
    const lostAt = this.#reconnecting.get(job.id);
    if (lostAt !== undefined && progress.bytesDone > lostAt) this.#reconnected(job.id);
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
    this.#reconnecting.delete(job.id);
    this.#changed(job);
  }

  #changed(job: JobRecord): void {
    this.#emit({ type: 'job', job: this.#snapshot(job) });
    this.#save();
  }

  #save(): void {
    this.#store.schedule(() => ({
      jobs: [...this.#jobs.values()],
      leftovers: this.#leftovers.list(),
    }));
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

/** The server a job runs against; undefined for a copy on this computer. */
function serverOf(job: JobRecord): string | undefined {
  return job.spec.direction === 'copy' ? undefined : (job.spec.server ?? DEFAULT_SERVER);
}

function refuse(): Promise<SshConnection> {
  return Promise.reject(new AppError('CONNECTION_LOST', 'server no longer attached'));
}
