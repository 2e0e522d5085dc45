import { rm } from 'node:fs/promises';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress } from '../../../shared/types/transfer.ts';
import { runBatch, type BatchResult } from '../transfer/batch.ts';
import { resolveCompat, type ServerCompat, type ServerProfileName } from '../transfer/compat.ts';
import { partPathOf } from '../transfer/downloadFile.ts';
import { uploadTempPath } from '../transfer/files.ts';
import type { FileGates } from '../transfer/gates.ts';
import type { BandwidthLimiter, Clock } from '../transfer/limiter.ts';
import { metaPathOf } from '../transfer/partial.ts';
import { planDownload, planUpload, type Plan } from '../transfer/plan.ts';
import type { ChannelPool, Lease } from '../transfer/pool.ts';
import type { JobRecord } from './types.ts';

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
  onProgress: (progress: TransferProgress) => void;
  /** The record changed in a way worth saving. */
  onChange: () => void;
}

const LOST: ReadonlySet<string> = new Set(['CONNECTION_LOST', 'TIMEOUT', 'TOO_MANY_CHANNELS']);

/** Plans the job the first time, then runs (or continues) its batch. */
export async function runJob(job: JobRecord, ctx: JobContext): Promise<BatchResult> {
  const compat = await withLease(ctx, async (lease) => {
    const found = resolveCompat(ctx.profile, lease.connection);
    if (!job.items) {
      const plan = await makePlan(job, lease);
      job.items = plan.items;
      job.warnings = plan.warnings;
      ctx.onChange();
    }
    return found;
  });
  return runBatch(
    { items: job.items ?? [], warnings: job.warnings },
    {
      direction: job.spec.direction,
      pool: ctx.pool,
      compat,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
      onItem: () => ctx.onChange(),
      conflict: job.spec.conflict,
      atomic: atomicFor(job, ctx, compat),
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
    },
  );
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
 * `.pyplan-part` files, and temporary uploads on the server (best effort: the server may be
 * out of reach, and in-place uploads leave nothing to tell apart from a real file).
 */
export async function discardPartials(job: JobRecord, pool: ChannelPool): Promise<void> {
  const pending = (job.items ?? []).filter(
    (i) => i.kind === 'file' && (i.state === undefined || i.state === 'pending'),
  );
  if (job.spec.direction === 'download') {
    for (const item of pending) {
      const part = partPathOf(item.local);
      await rm(part, { force: true }).catch(() => undefined);
      await rm(metaPathOf(part), { force: true }).catch(() => undefined);
    }
    return;
  }
  const started = pending.filter((i) => (i.resumeAt ?? 0) > 0);
  if (started.length === 0) return;
  const lease = await pool.acquire().catch(() => undefined);
  if (!lease) return;
  try {
    for (const item of started) {
      await lease.session.removeFile(uploadTempPath(item.remote)).catch(() => undefined);
    }
  } finally {
    lease.release();
  }
}
