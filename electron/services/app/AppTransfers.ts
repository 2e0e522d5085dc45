import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { Logger } from '../../../shared/logger.ts';
import { DEFAULT_SIMULTANEOUS_TRANSFERS } from '../../../shared/schemas/settings.ts';
import { joinRemote, remoteBasename } from '../../../shared/remotePath.ts';
import type { TransferJobSchema } from '../../../shared/schemas/transfer.ts';
import { JobQueue, type Connector } from '../queue/JobQueue.ts';
import type { QueuePgp } from '../queue/pgpSteps.ts';
import type { JobSnapshot, JobSpec, QueueEvent, SignatureKind } from '../queue/types.ts';
import type { BandwidthLimiter } from '../transfer/limiter.ts';
import type { EventSink } from './events.ts';

export type TransferJob = z.output<typeof TransferJobSchema>;
export type Conflict = NonNullable<JobSpec['conflict']>;

export interface AppTransfersOptions {
  /** The app's data folder: the job list is kept there and read back on the next start. */
  storeDir: string;
  emit: EventSink;
  logger: Logger;
  /** OpenPGP for jobs that encrypt or decrypt; without it they fail, never sent in clear. */
  pgp?: QueuePgp;
  /** Jobs running at once, across servers (AWS allows 10 channels per connection). */
  jobConcurrency?: number;
  bandwidthLimit?: number;
  /** Files of 1 MiB or more moving at once across all jobs (the queue's default when absent). */
  simultaneousTransfers?: number;
}

/** Where a profile's jobs run: the profile and the address it had when they were queued. */
export interface ServerRef {
  profileId: string;
  user: string;
  host: string;
  port: number;
}

/**
 * A job's server name in the queue. The address is part of it: a profile edited to point at
 * another server later does not pick up the jobs queued for the old one.
 */
export function serverKey(ref: ServerRef): string {
  return `${ref.profileId} ${ref.user}@${ref.host}:${ref.port}`;
}

function profileIdOf(server: string | undefined): string {
  return server?.split(' ')[0] || 'unknown';
}

const SIGNATURE: Record<SignatureKind, NonNullable<TransferJob['pgp']['signature']>> = {
  valid: 'valid',
  bad: 'invalid',
  'not-signed': 'unsigned',
  'unknown-signer': 'unknownKey',
};

/**
 * The desktop app's transfer list on the persistent JobQueue, in the shape of the IPC
 * contract. Jobs of a profile run while the user is connected to it; after a restart they
 * wait in the list until the user connects that profile again. Copies on this computer (files
 * dropped on the local pane) share the list and need no connection.
 */
export class AppTransfers {
  readonly #queue: JobQueue;
  readonly #emit: EventSink;
  readonly #ready: Promise<void>;
  /** The live session each attached server was connected through (for the job's sessionId). */
  readonly #sessions = new Map<string, string>();

  constructor(options: AppTransfersOptions) {
    const logger = options.logger.child('transfers');
    this.#emit = options.emit;
    this.#queue = new JobQueue({
      storeDir: options.storeDir,
      logger,
      ...(options.pgp ? { pgp: options.pgp } : {}),
      ...(options.jobConcurrency ? { jobConcurrency: options.jobConcurrency } : {}),
      ...(options.bandwidthLimit ? { bandwidthLimit: options.bandwidthLimit } : {}),
      ...(options.simultaneousTransfers ? { concurrency: options.simultaneousTransfers } : {}),
    });
    this.#queue.on((event) => this.#forward(event));
    this.#ready = this.#queue.start();
  }

  /** Queues a job; answers its id. */
  async add(spec: JobSpec): Promise<string> {
    await this.#ready;
    return this.#queue.add(spec).id;
  }

  async list(): Promise<TransferJob[]> {
    await this.#ready;
    return this.#queue.list().map((job) => this.#view(job));
  }

  async cancel(jobId: string): Promise<void> {
    await this.#ready;
    this.#queue.cancel(jobId);
  }

  async pause(jobId: string): Promise<void> {
    await this.#ready;
    this.#queue.pause(jobId);
  }

  async resume(jobId: string): Promise<void> {
    await this.#ready;
    this.#queue.resume(jobId);
  }

  async pauseAll(): Promise<void> {
    await this.#ready;
    this.#queue.pauseAll();
  }

  async resumeAll(): Promise<void> {
    await this.#ready;
    this.#queue.resumeAll();
  }

  async cancelAll(): Promise<void> {
    await this.#ready;
    this.#queue.cancelAll();
  }

  /** Runs a finished job again under the same id, optionally with another conflict choice. */
  async retry(jobId: string, conflict?: Conflict): Promise<void> {
    await this.#ready;
    this.#queue.retry(jobId, conflict === undefined ? {} : { conflict });
  }

  async clearFinished(): Promise<void> {
    await this.#ready;
    this.#queue.clearFinished();
  }

  /** The app's bandwidth limit, for transfers outside the queue (drag-out copies). */
  get limiter(): BandwidthLimiter {
    return this.#queue.limiter;
  }

  setBandwidthLimit(bytesPerSecond: number | undefined): void {
    this.#queue.setBandwidthLimit(bytesPerSecond || undefined);
  }

  /** Takes effect at once: files already moving finish, the next ones wait for a free slot. */
  setSimultaneousTransfers(files: number | undefined): void {
    this.#queue.setConcurrency(files ?? DEFAULT_SIMULTANEOUS_TRANSFERS);
  }

  /** The user connected to `server` through `sessionId`: its jobs may run, waiting ones go on. */
  online(server: string, connect: Connector, sessionId: string): void {
    this.#sessions.set(server, sessionId);
    this.#queue.attach(server, connect);
  }

  /**
   * The user disconnected from `server`: its jobs stop, keeping their partial files, and wait
   * for the next connection to it.
   */
  async offline(server: string): Promise<void> {
    this.#sessions.delete(server);
    await this.#queue.detach(server);
  }

  /** App quitting: running jobs stop where they are and continue after the next start. */
  async close(): Promise<void> {
    await this.#ready;
    await this.#queue.close();
  }

  #forward(event: QueueEvent): void {
    if (event.type === 'job') {
      this.#emit('transfers:stateChanged', { job: this.#view(event.job) });
    } else if (event.type === 'progress') {
      this.#emit('transfers:progress', { jobId: event.jobId, progress: event.progress });
    }
  }

  #view(job: JobSnapshot): TransferJob {
    const { spec } = job;
    const source = spec.sources[0] ?? '';
    const remoteTarget = spec.direction === 'upload';
    const name = spec.direction === 'download' ? remoteBasename(source) : basename(source);
    const sessionId = spec.server === undefined ? undefined : this.#sessions.get(spec.server);
    const landing = remoteTarget ? joinRemote(spec.target, name) : join(spec.target, name);
    return {
      id: job.id,
      direction: spec.direction,
      ...(sessionId === undefined ? {} : { sessionId }),
      // Copies on this computer belong to no connection.
      ...(spec.direction === 'copy' ? {} : { profileId: profileIdOf(spec.server) }),
      source,
      targetDir: withoutTrailingSeparator(spec.target),
      name,
      state: job.state,
      progress: job.progress,
      ...(job.reconnecting === true ? { reconnecting: true } : {}),
      ...(job.error ? { error: job.error } : {}),
      pgp: pgpView(job),
      warnings: job.warnings,
      failed: job.failed,
      resultPath: job.landed ?? landing,
      attempts: job.runs,
      createdMs: job.createdMs,
      ...(job.startedMs === undefined ? {} : { startedMs: job.startedMs }),
      ...(job.finishedMs === undefined ? {} : { finishedMs: job.finishedMs }),
    };
  }
}

/**
 * The PGP line of a job: failed when a PGP step failed, done once the job is, pending until
 * then; with the keys it encrypts to, or who signed what it decrypted.
 */
function pgpView(job: JobSnapshot): TransferJob['pgp'] {
  const action = job.spec.pgp?.action ?? 'none';
  if (action === 'none') return { action, state: 'none' };
  const codes = [job.error?.code, ...job.failed.map((f) => f.error.code)];
  const failed = codes.some((code) => code?.startsWith('PGP_'));
  const state = failed ? 'failed' : job.state === 'done' ? 'done' : 'pending';
  const recipients = job.spec.pgp?.action === 'encrypt' ? job.spec.pgp.recipients : undefined;
  return {
    action,
    state,
    ...(recipients === undefined ? {} : { recipients }),
    ...(job.signature === undefined ? {} : { signature: SIGNATURE[job.signature] }),
    ...(job.signer === undefined ? {} : { signer: job.signer }),
  };
}

/** A job's target folder as the user picked it (jobs go into it with a trailing separator). */
function withoutTrailingSeparator(dir: string): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  // A root ("/", "C:\\") keeps its separator.
  return trimmed === '' || /^[A-Za-z]:$/.test(trimmed) ? dir : trimmed;
}
