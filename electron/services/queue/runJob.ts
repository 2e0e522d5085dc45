import { rm } from 'node:fs/promises';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress, TransferWarning } from '../../../shared/types/transfer.ts';
import { isEncryptedName } from '../pgp/outputNames.ts';
import { runBatch, type BatchOptions, type BatchResult } from '../transfer/batch.ts';
import { resolveCompat, type ServerCompat, type ServerProfileName } from '../transfer/compat.ts';
import { partPathOf } from '../transfer/downloadFile.ts';
import { uploadTempPath } from '../transfer/files.ts';
import type { FileGates } from '../transfer/gates.ts';
import type { BandwidthLimiter, Clock } from '../transfer/limiter.ts';
import { metaPathOf } from '../transfer/partial.ts';
import { planDownload, planUpload, type Plan } from '../transfer/plan.ts';
import type { ChannelPool, Lease } from '../transfer/pool.ts';
import { refuseLocalCollisions, refuseRemoteCollisions } from './collisions.ts';
import type { QueuePgp } from './pgpSteps.ts';
import type { UserWait } from './pgpUnlock.ts';
import { remoteNameOf, type JobItem, type JobRecord } from './types.ts';

/** What a running job shares with the rest of its queue. */
export interface JobContext {
  pool: ChannelPool;
  gates: FileGates;
  limiter: BandwidthLimiter;
  clock: Clock;
  logger: Logger;
  profile: ServerProfileName;
  /** The per-connection switch: write in place on this server. */
  inPlace: boolean;
  maxAttempts: number;
  retryBaseMs: number;
  stallTimeoutMs: number;
  signal: AbortSignal;
  /** OpenPGP for jobs that ask for it; such a job fails without it. */
  pgp: QueuePgp | undefined;
  /** Wraps a wait for the user (a key's passphrase); other jobs may run meanwhile. */
  userWait: UserWait;
  onProgress: (progress: TransferProgress) => void;
  /** The record changed in a way worth saving. */
  onChange: () => void;
  /** Small uploads read in one synchronous call each (the command line; see JobQueueOptions). */
  syncSmallFiles: boolean;
}

const LOST: ReadonlySet<string> = new Set(['CONNECTION_LOST', 'TIMEOUT', 'TOO_MANY_CHANNELS']);

/**
 * Plans the job the first time, then runs (or continues) its batch, then decrypts what it
 * downloaded when asked to. Recipients are checked before the server is even reached.
 */
export async function runJob(job: JobRecord, ctx: JobContext): Promise<BatchResult> {
  const { direction } = job.spec;
  if (direction === 'copy') throw new AppError('INTERNAL', 'copy jobs run without a server');
  const transformUpload = await uploadTransform(job, ctx);
  const compat = await withLease(ctx, async (lease) => {
    const found = resolveCompat(ctx.profile, lease.connection);
    if (!job.items) {
      const plan = await makePlan(job, lease);
      if (direction === 'download') {
        refuseLocalCollisions(plan.items, job.spec.pgp?.action === 'decrypt');
      } else {
        refuseRemoteCollisions(plan.items, (item) => remoteNameOf(job, item));
      }
      job.items = plan.items;
      job.warnings = plan.warnings;
      ctx.onChange();
    }
    return found;
  });
  const result = await runBatch(
    { items: job.items ?? [], warnings: job.warnings },
    {
      direction,
      pool: ctx.pool,
      compat,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onItem: () => ctx.onChange(),
      conflict: job.spec.conflict,
      atomic: atomicFor(job, ctx, compat),
      tempTag: job.tempTag,
      preserveTimes: job.spec.preserveTimes,
      verify: job.spec.verify,
      recordHash: job.spec.recordHash,
      limiter: ctx.limiter,
      gates: ctx.gates,
      maxAttempts: ctx.maxAttempts,
      retryBaseMs: ctx.retryBaseMs,
      stallTimeoutMs: ctx.stallTimeoutMs,
      clock: ctx.clock,
      logger: ctx.logger,
      transformUpload,
      syncSmallFiles: ctx.syncSmallFiles,
    },
  );
  if (job.spec.pgp?.action === 'decrypt') await decryptDownloads(job, ctx, result);
  result.warnings = settledWarnings(job.items ?? [], result.warnings);
  return result;
}

function requirePgp(ctx: JobContext): QueuePgp {
  if (ctx.pgp) return ctx.pgp;
  throw new AppError('PGP_UNSUPPORTED', 'this queue cannot encrypt or decrypt', {
    reason: 'no OpenPGP provider',
  });
}

/** Encrypted uploads: the file is read through the encryptor and written as `name.pgp`. */
async function uploadTransform(
  job: JobRecord,
  ctx: JobContext,
): Promise<BatchOptions['transformUpload']> {
  const pgp = job.spec.pgp;
  if (pgp === undefined) return undefined;
  const provider = requirePgp(ctx);
  if (pgp.action !== 'encrypt' || job.spec.direction !== 'upload') return undefined;
  const encrypted = await provider.encryptor(pgp.recipients);
  return (item) => ({ source: encrypted(item), remote: remoteNameOf(job, item) });
}

/**
 * Decrypts each downloaded file whose name says it is OpenPGP data, once the batch is over.
 * A file that cannot be decrypted is reported failed with the reason and its encrypted copy
 * stays; the others go on. What was decrypted is recorded, so a resumed job does not redo it.
 * Known gap: a kill between the plaintext taking its name and this record being saved makes
 * the resumed job find the plaintext there, and that file is reported ALREADY_EXISTS (unless
 * the job overwrites).
 */
async function decryptDownloads(job: JobRecord, ctx: JobContext, result: BatchResult) {
  const pgp = requirePgp(ctx);
  for (const item of job.items ?? []) {
    if (item.kind !== 'file' || item.state !== 'done' || item.decrypted) continue;
    if (!isEncryptedName(item.local)) continue;
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'job stopped');
    try {
      item.decrypted = await pgp.decrypt(item.local, {
        // As the download itself: no choice (the command line, like sftp) replaces.
        overwrite: (job.spec.conflict ?? 'overwrite') === 'overwrite',
        signal: ctx.signal,
        userWait: ctx.userWait,
      });
      await rm(item.local, { force: true });
    } catch (err) {
      const error = toAppError(err);
      if (ctx.signal.aborted) throw error;
      ctx.logger.warn('decrypt: file failed', { path: item.label, code: error.code });
      item.state = 'failed';
      item.error = error.toJSON();
      item.decryptFailed = true;
      result.failed.push({ path: item.label, error: item.error });
    }
    ctx.onChange();
  }
}

/**
 * The job's warnings after a run: those of earlier runs (a resume re-reports nothing for files
 * it skips over) and this run's, each once; files kept because they were already there count
 * even when an earlier, interrupted run decided it.
 */
export function settledWarnings(items: JobItem[], warnings: TransferWarning[]): TransferWarning[] {
  const out = new Map<string, TransferWarning>();
  for (const w of warnings) out.set(`${w.code}\0${w.path}`, w);
  for (const item of items) {
    if (item.kind !== 'file' || item.state !== 'skipped') continue;
    const key = `SKIPPED_EXISTING\0${item.label}`;
    if (!out.has(key)) {
      out.set(key, {
        code: 'SKIPPED_EXISTING',
        path: item.label,
        message: 'Skipped: already there.',
      });
    }
  }
  return [...out.values()];
}

function atomicFor(job: JobRecord, ctx: JobContext, compat: ServerCompat): boolean {
  return !job.spec.inPlace && !ctx.inPlace && compat.atomicUpload;
}

function makePlan(job: JobRecord, lease: Lease): Promise<Plan> {
  const { direction, sources, target, recursive } = job.spec;
  return direction === 'upload'
    ? planUpload(lease.session, sources, target, recursive ?? true)
    : planDownload(lease.session, sources, target, recursive ?? true);
}

/** Runs `work` on a channel, reconnecting with backoff while the link is what fails. */
async function withLease<T>(ctx: JobContext, work: (lease: Lease) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'job stopped');
    const lease = await ctx.pool.acquire(ctx.signal);
    try {
      const value = await work(lease);
      lease.release();
      return value;
    } catch (err) {
      lease.release();
      const error = toAppError(err);
      if (!LOST.has(error.code) || attempt >= ctx.maxAttempts) throw error;
      await ctx.clock.sleep(ctx.retryBaseMs * 2 ** (attempt - 1), ctx.signal);
    }
  }
}

/**
 * Removes what a paused or interrupted job left for its resume, once it is cancelled: local
 * `.pyplan-part` files, and temporary uploads on the server (in-place uploads leave nothing
 * to tell apart from a real file). Returns the server's temporary files it could not reach,
 * for the queue to remove once the server is back. A copy keeps nothing for a resume: a
 * stopped copy removes the file it was writing.
 */
export async function discardPartials(
  job: JobRecord,
  pool: ChannelPool | undefined,
): Promise<string[]> {
  if (job.spec.direction === 'copy') return [];
  const pending = (job.items ?? []).filter(
    (i) => i.kind === 'file' && (i.state === undefined || i.state === 'pending'),
  );
  if (job.spec.direction === 'download') {
    for (const item of pending) {
      const part = partPathOf(item.local);
      await rm(part, { force: true }).catch(() => undefined);
      await rm(metaPathOf(part), { force: true }).catch(() => undefined);
    }
    return [];
  }
  // Every unfinished file, not only those with a saved resume point: a file's first bytes
  // reach the server before its progress is saved. Deleting a name that is not there is free.
  const temps = pending.map((item) => uploadTempPath(remoteNameOf(job, item), job.tempTag));
  if (temps.length === 0) return [];
  return pool === undefined ? temps : removeRemote(pool, temps);
}

/**
 * Deletes files on the server, one channel for all. Returns those it could not reach (no
 * channel, or the link lost on the way) for a later try; one already gone counts as done.
 */
export async function removeRemote(pool: ChannelPool, paths: string[]): Promise<string[]> {
  const lease = await pool.acquire().catch(() => undefined);
  if (!lease) return paths;
  try {
    for (const [index, path] of paths.entries()) {
      const code = await lease.session.removeFile(path).then(
        () => undefined,
        (err: unknown) => toAppError(err).code,
      );
      if (code === 'CONNECTION_LOST' || code === 'TIMEOUT') return paths.slice(index);
    }
    return [];
  } finally {
    lease.release();
  }
}
