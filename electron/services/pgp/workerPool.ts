import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { AppError, toAppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import type { FromWorker, PgpJob, ToWorker } from './protocol.ts';

export interface PgpJobHooks {
  signal?: AbortSignal;
  /** Plaintext bytes handled so far, at most about ten times a second. */
  onProgress?: (plaintextBytes: number) => void;
  /** For jobs whose output is a stream: called once, before the job's result. */
  onStream?: (stream: ReadableStream<Uint8Array>) => void;
}

export interface PgpWorkerPoolOptions {
  /** Jobs that run at the same time, one worker thread each. Default 2 (our machines' cores). */
  size?: number;
  /** An idle worker is ended after this long. Default 30 s. */
  idleMs?: number;
  logger?: Logger;
  /** V8 limits per worker; the default keeps the young generation small (see below). */
  resourceLimits?: ResourceLimits;
  /**
   * The worker entry. Default: worker.ts beside this file, which Node 22 runs directly; a
   * bundled build points this at its compiled worker instead.
   */
  workerUrl?: URL;
}

interface Pending {
  id: number;
  job: PgpJob;
  transfer: TransferListItem[];
  hooks: PgpJobHooks;
  resolve: (value: unknown) => void;
  reject: (err: AppError) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  idleTimer?: NodeJS.Timeout;
}

const WORKER_URL = new URL('./worker.ts', import.meta.url);

/**
 * A small young generation: V8 otherwise lets it grow to 48 MiB per thread, and with
 * gigabytes streaming through, it does, which alone costs a quarter of the 200 MiB budget.
 */
const DEFAULT_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

/**
 * The parent's Node options, less those about how the parent's own entry code is read
 * (`node --input-type=module -e ...` would otherwise make the worker refuse its .ts file).
 */
function workerExecArgv(): string[] {
  return process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
}

/**
 * Runs OpenPGP jobs in worker threads, one job per worker at a time, queueing the rest. Idle
 * workers are unref'd so they never keep a command-line process alive, and ended after a while.
 */
export class PgpWorkerPool {
  readonly #size: number;
  readonly #idleMs: number;
  readonly #logger: Logger;
  readonly #limits: ResourceLimits;
  readonly #workerUrl: URL;
  readonly #slots = new Set<Slot>();
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: PgpWorkerPoolOptions = {}) {
    this.#size = Math.max(1, options.size ?? 2);
    this.#idleMs = options.idleMs ?? 30_000;
    this.#logger = (options.logger ?? NULL_LOGGER).child('pgp');
    this.#limits = options.resourceLimits ?? DEFAULT_LIMITS;
    this.#workerUrl = options.workerUrl ?? WORKER_URL;
  }

  /** Runs a job; rejects with an AppError (CANCELLED when the signal fires). */
  run<T>(job: PgpJob, hooks: PgpJobHooks = {}, transfer: TransferListItem[] = []): Promise<T> {
    if (this.#closed) return Promise.reject(new AppError('INTERNAL', 'PGP worker pool closed'));
    if (hooks.signal?.aborted === true) {
      return Promise.reject(new AppError('CANCELLED', 'cancelled before start'));
    }
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        id: this.#nextId++,
        job,
        transfer,
        hooks,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      pending.onAbort = () => this.#cancel(pending);
      hooks.signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /** Ends every worker; running and queued jobs fail with INTERNAL. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) {
      this.#settle(pending, new AppError('INTERNAL', 'PGP worker pool closed'));
    }
    await Promise.all([...this.#slots].map((slot) => this.#retire(slot, 'pool closed')));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = [...this.#slots].find((s) => s.busy === undefined) ?? this.#spawn();
      if (slot === undefined) return;
      const pending = this.#queue.shift();
      if (pending !== undefined) this.#assign(slot, pending);
    }
  }

  #spawn(): Slot | undefined {
    if (this.#slots.size >= this.#size) return undefined;
    const slot: Slot = {
      worker: new Worker(this.#workerUrl, {
        resourceLimits: this.#limits,
        execArgv: workerExecArgv(),
      }),
    };
    slot.worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    slot.worker.on('error', (err) => this.#onCrash(slot, err));
    slot.worker.on('exit', (code) => this.#onCrash(slot, new Error(`worker exited (${code})`)));
    this.#slots.add(slot);

    return slot;
  }

  #assign(slot: Slot, pending: Pending): void {
    clearTimeout(slot.idleTimer);
    slot.busy = pending;
    slot.worker.ref();
    const message: ToWorker = { type: 'start', id: pending.id, job: pending.job };
    slot.worker.postMessage(message, pending.transfer);
  }

  #cancel(pending: Pending): void {
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#settle(pending, new AppError('CANCELLED', 'cancelled while queued'));
      return;
    }
    const slot = [...this.#slots].find((s) => s.busy === pending);
    const message: ToWorker = { type: 'cancel', id: pending.id };
    slot?.worker.postMessage(message);
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const pending = slot.busy;
    if (pending === undefined || pending.id !== message.id) return;
    if (message.type === 'progress') pending.hooks.onProgress?.(message.plaintextBytes);
    else if (message.type === 'stream') pending.hooks.onStream?.(message.stream);
    else this.#finish(slot, message.type === 'result' ? message.value : toAppError(message.error));
  }

  #finish(slot: Slot, outcome: unknown): void {
    const pending = slot.busy;
    slot.busy = undefined;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => void this.#retire(slot, 'idle'), this.#idleMs);
    slot.idleTimer.unref();
    if (pending !== undefined) this.#settle(pending, outcome);
    this.#dispatch();
  }

  #settle(pending: Pending, outcome: unknown): void {
    if (pending.onAbort !== undefined) {
      pending.hooks.signal?.removeEventListener('abort', pending.onAbort);
    }
    if (outcome instanceof AppError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  #onCrash(slot: Slot, err: Error): void {
    if (!this.#slots.delete(slot)) return;
    clearTimeout(slot.idleTimer);
    const pending = slot.busy;
    if (pending !== undefined) {
      this.#logger.error('onCrash: PGP worker failed during a job', { error: err.message });
      this.#settle(pending, new AppError('INTERNAL', `PGP worker failed: ${err.message}`, {}, err));
    }
    void slot.worker.terminate();
    this.#dispatch();
  }

  async #retire(slot: Slot, reason: string): Promise<void> {
    if (!this.#slots.delete(slot)) return;
    clearTimeout(slot.idleTimer);
    if (slot.busy !== undefined) {
      this.#settle(slot.busy, new AppError('INTERNAL', `PGP worker ended: ${reason}`));
    }
    await slot.worker.terminate();
  }
}
