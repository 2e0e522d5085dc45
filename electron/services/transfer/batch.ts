import { mkdir, stat } from 'node:fs/promises';
import { keepBothName } from '../../../shared/remotePath.ts';
import { AppError, toAppError, type SerializedAppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';
import type {
  TransferProgress,
  TransferResult,
  TransferWarning,
} from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { isValidUtf8Name, type ServerCompat } from './compat.ts';
import { downloadFile, uploadFile, uploadTempPath, type UploadSource } from './files.ts';
import { FileGates } from './gates.ts';
import { SYSTEM_CLOCK, type BandwidthLimiter, type Clock } from './limiter.ts';
import type { FileOutcome, FileTransferOptions, VerifyMode } from './options.ts';
import type { SourceStamp } from './stamp.ts';
import type { PlanItem } from './plan.ts';
import type { ChannelPool, Lease } from './pool.ts';
import { ProgressTracker } from './progress.ts';
import { guardStall, type Pulse } from './stall.ts';

/** 'rename' keeps both: the new copy takes a free name such as `report (1).csv`. */
export type ConflictChoice = 'overwrite' | 'skip' | 'newer' | 'rename';
export type FileState = 'pending' | 'done' | 'failed' | 'skipped';

/** A plan item with what is known of its fate; a queue persists these between runs. */
export interface BatchItem extends PlanItem {
  state?: FileState;
  /** Bytes safely written by an earlier attempt (upload resume). */
  resumeAt?: number;
  /** The local file as that attempt read it: a resume needs the very same file. */
  resumeStamp?: SourceStamp;
  sha256?: string;
  error?: SerializedAppError;
  attempts?: number;
}

export interface FileReport {
  path: string;
  /** Where the file is on this computer and on the server. */
  local: string;
  remote: string;
  state: FileState;
  bytes: number;
  sha256?: string;
  /** Where the last attempt started: above 0 when it continued a partial copy. */
  resumedFrom?: number;
  error?: SerializedAppError;
}

export interface BatchResult extends TransferResult {
  /** Every file of the batch with its end state; done files carry their local SHA-256. */
  files: FileReport[];
}

export interface BatchOptions {
  direction: 'upload' | 'download';
  pool: ChannelPool;
  compat: ServerCompat;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /** Called whenever an item's state or resume point changes (for persistence). */
  onItem?: (item: BatchItem) => void;
  conflict?: ConflictChoice;
  atomic?: boolean;
  /** Makes temporary upload names this run's own (see uploadTempPath). */
  tempTag?: string;
  preserveTimes?: boolean;
  verify?: VerifyMode;
  /** Record each file's SHA-256 even without verify 'hash'. */
  recordHash?: boolean;
  requests?: number;
  limiter?: BandwidthLimiter;
  gates?: FileGates;
  /** Attempts per file before it is reported failed. */
  maxAttempts?: number;
  retryBaseMs?: number;
  /** No byte moving for this long means the link is dead: drop it and retry elsewhere. */
  stallTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
  transformUpload?: (item: PlanItem) => { source: UploadSource; remote: string };
  /** See FileTransferOptions.syncSmallFiles: the command line's choice. */
  syncSmallFiles?: boolean;
}

const DEFAULT_STALL_MS = 60_000;
/**
 * Channels a large download reads through at once, and the size that makes it large.
 * PYPLAN_STRIPES overrides the count, for benchmarking only.
 */
const STRIPES = 2;
const STRIPE_MIN_BYTES = 32 * 1024 * 1024;

/** Worth another attempt: the link or the data went wrong, not the request. */
const RETRYABLE: ReadonlySet<string> = new Set([
  'CONNECTION_LOST',
  'TIMEOUT',
  'TOO_MANY_CHANNELS',
  'SIZE_MISMATCH',
  'CHECKSUM_MISMATCH',
]);

/**
 * Runs a planned batch: folders first, then files, many at once over the pool's channels.
 * Each file is retried on a fresh channel after a lost or stalled link, resuming where it
 * can, so the batch ends with every file either verified done or failed with its reason.
 * Without a way to reconnect, a lost link ends the whole batch with CONNECTION_LOST.
 */
export async function runBatch(
  plan: { items: BatchItem[]; warnings: TransferWarning[] },
  options: BatchOptions,
): Promise<BatchResult> {
  const run = new BatchRun(plan, options);
  await run.makeFolders();
  try {
    await run.copyFiles();
  } finally {
    await run.sweepTemporaries();
  }
  return run.finish();
}

class BatchRun {
  readonly items: BatchItem[];
  readonly options: BatchOptions;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly progress: ProgressTracker;
  readonly result: BatchResult;
  readonly gates: FileGates;

  constructor(plan: { items: BatchItem[]; warnings: TransferWarning[] }, options: BatchOptions) {
    this.items = plan.items;
    this.options = options;
    this.logger = (options.logger ?? NULL_LOGGER).child('transfer');
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.gates = options.gates ?? new FileGates();
    this.progress = new ProgressTracker(options.onProgress, () => this.clock.now());
    this.result = {
      filesDone: 0,
      bytesDone: 0,
      warnings: [...plan.warnings],
      failed: [],
      files: [],
    };
    const files = this.items.filter((i) => i.kind === 'file');
    this.progress.setTotals(
      files.reduce((sum, f) => sum + f.size, 0),
      files.length,
    );
  }

  warn = (warning: TransferWarning): void => void this.result.warnings.push(warning);

  async makeFolders(): Promise<void> {
    const dirs = this.items.filter((i) => i.kind === 'dir' && i.state !== 'done');
    const depth = (i: PlanItem): number => i.label.split('/').length;
    const levels = [...new Set(dirs.map(depth))].sort((a, b) => a - b);
    for (const level of levels) {
      const batch = dirs.filter((d) => depth(d) === level);
      await this.withRetries('folders', async (session) => {
        await mapLimit(batch, 16, (dir) => this.makeFolder(session, dir, level === levels[0]));
      });
    }
  }

  async makeFolder(session: SftpSession, dir: BatchItem, top: boolean): Promise<void> {
    if (dir.state === 'done' || dir.state === 'failed') return;
    if (this.options.direction === 'download') {
      await mkdir(dir.local, { recursive: true }).catch((err: unknown) => {
        throw mapNodeError(err, dir.local);
      });
    } else if (this.options.compat.requireUtf8Names && !isValidUtf8Name(dir.remote)) {
      return this.fail(
        dir,
        new AppError('NAME_NOT_UTF8', 'name is not UTF-8', { path: dir.label }),
      );
    } else {
      // Levels go top-down, so below the first only the folder itself can be missing.
      await session.mkdir(dir.remote, { parents: top }).catch((err: AppError) => {
        if (err.code !== 'ALREADY_EXISTS') throw err;
      });
    }
    this.setState(dir, 'done');
  }

  async copyFiles(): Promise<void> {
    const running: Array<Promise<void>> = [];
    for (const item of this.items) {
      if (item.kind !== 'file') continue;
      if (this.alreadySettled(item)) continue;
      const release = await this.gates
        .forSize(item.size)
        .acquire(this.options.signal)
        .catch((err: unknown) => void (this.fatal ??= toAppError(err)));
      if (!release) break;
      running.push(this.copyOne(item).finally(release));
      // A cancel or a batch-ending loss surfaces here rather than after every file.
      if (this.fatal) break;
    }
    await Promise.allSettled(running);
    if (this.fatal) throw this.fatal;
    throwIfCancelled(this.options.signal);
  }

  fatal: AppError | undefined;
  /** Uploads retried after a lost link: a server process may still have made their temp. */
  readonly retried = new Set<BatchItem>();

  /**
   * Removes the temporary names of retried uploads that ended. When a connection dies, the
   * server side may still run requests it had already read (OpenSSH's sftp-server does),
   * recreating a temporary file after the retry renamed its own onto the final name.
   */
  async sweepTemporaries(): Promise<void> {
    const ended = [...this.retried].filter((i) => i.state === 'done' || i.state === 'failed');
    if (this.options.direction !== 'upload' || !this.options.atomic || ended.length === 0) return;
    const lease = await this.options.pool.acquire().catch(() => undefined);
    if (!lease) return;
    try {
      await mapLimit(ended, 16, (item) =>
        lease.session
          .removeFile(uploadTempPath(this.remoteOf(item), this.options.tempTag))
          .catch(() => undefined),
      );
    } finally {
      lease.release();
    }
  }

  alreadySettled(item: BatchItem): boolean {
    if (item.problem && item.state !== 'failed') {
      this.fail(item, toAppError(item.problem));
      return true;
    }
    if (item.state === 'done') {
      this.progress.addExisting(item.size, 1);
      this.result.filesDone += 1;
      this.result.bytesDone += item.size;
      this.report(item, item.size);
      return true;
    }
    if (item.state === 'skipped') {
      this.progress.adjustTotal(-item.size);
      this.report(item, 0);
      return true;
    }
    if (item.state === 'failed' && item.error) {
      this.result.failed.push({ path: item.label, error: item.error });
      this.report(item, 0);
      return true;
    }
    return false;
  }

  async copyOne(item: BatchItem): Promise<void> {
    try {
      if (
        this.options.direction === 'upload' &&
        this.options.compat.requireUtf8Names &&
        !isValidUtf8Name(item.remote)
      ) {
        throw new AppError('NAME_NOT_UTF8', 'name is not UTF-8', { path: item.label });
      }
      let skipped = false;
      const outcome = await this.withRetries(
        item.label,
        async (session, attempt, pulse) => {
          if (attempt === 1 && (await this.shouldSkip(session, item))) {
            skipped = true;
            return undefined;
          }
          return this.attempt(session, item, pulse);
        },
        item,
      );
      if (skipped || !outcome) return this.skip(item);
      this.succeed(item, outcome);
    } catch (err) {
      const error = toAppError(err);
      if (this.isFatal(error)) {
        this.fatal ??= error;
        return;
      }
      this.logger.warn('copy: file failed', { path: item.label, code: error.code });
      this.fail(item, error);
    }
  }

  isFatal(error: AppError): boolean {
    if (error.code === 'CANCELLED') return true;
    const lost = error.code === 'CONNECTION_LOST' || error.code === 'TIMEOUT';
    return lost && !this.options.pool.canReconnect;
  }

  async attempt(session: SftpSession, item: BatchItem, pulse: Pulse): Promise<FileOutcome> {
    let sent = 0;
    let shown: number | undefined;
    const fileOptions: FileTransferOptions = {
      signal: this.options.signal,
      preserveTimes: this.options.preserveTimes,
      atomic: this.options.atomic,
      tempTag: this.options.tempTag,
      replace: true,
      requests: this.options.requests,
      warn: this.warn,
      limiter: this.options.limiter,
      verify: this.options.verify,
      recordHash: this.options.recordHash,
      compat: this.options.compat,
      resumeAt: item.resumeAt,
      resumeStamp: item.resumeStamp,
      syncSmallFiles: this.options.syncSmallFiles,
      onStart: (offset) => {
        // Starting over truncates the server's copy: the old watermark no longer holds.
        if (offset === 0) item.resumeAt = undefined;
        sent += offset;
        this.progress.addExisting(offset);
      },
      // Set before this attempt's first watermark, so a saved watermark and stamp always
      // describe the same attempt.
      onStamp: (stamp) => {
        item.resumeStamp = stamp;
      },
      onBytes: (n) => {
        sent += n;
        pulse.bytes += n;
        this.progress.addBytes(n);
      },
      onWatermark: (offset) => {
        item.resumeAt = offset;
        this.options.onItem?.(item);
      },
      onShownBytes: (n) => {
        shown = n;
      },
    };
    const extra = await this.extraChannels(session, item);
    fileOptions.extraSessions = extra.map((lease) => lease.session);
    try {
      const outcome = await this.copy(session, item, fileOptions);
      return shown === undefined ? outcome : { ...outcome, shownBytes: shown };
    } catch (err) {
      this.progress.removeBytes(sent);
      throw err;
    } finally {
      for (const lease of extra) lease.release();
    }
  }

  /**
   * A large download reads through a second channel when one is free: each channel has its
   * own server process (OpenSSH's sftp-server), so the server reads the file in parallel.
   * Never on AWS, which advises one connection per S3 object. Tried and left out, for want of
   * a measurable gain on our 2-core test machine (2026-12-04): uploads over a second channel,
   * and uploads or downloads split over a second connection (its own sshd process, so the
   * server encrypts on two cores). Our own process bounds these transfers there, and the
   * second connection's handshake and bookkeeping cost more than the parallel server gained.
   */
  async extraChannels(session: SftpSession, item: BatchItem): Promise<Lease[]> {
    const stripes = Number(process.env.PYPLAN_STRIPES ?? STRIPES);
    const wanted =
      this.options.compat.name === 'aws' || item.size < STRIPE_MIN_BYTES ? 0 : stripes - 1;
    const leases: Lease[] = [];
    while (this.options.direction === 'download' && leases.length < wanted) {
      const lease = await this.options.pool.acquireExtra(session);
      if (!lease) break;
      leases.push(lease);
    }
    return leases;
  }

  copy(session: SftpSession, item: BatchItem, options: FileTransferOptions): Promise<FileOutcome> {
    if (this.options.direction === 'download') {
      return downloadFile(session, item.remote, item.local, { ...options, sizeHint: item.size });
    }
    const change = this.options.transformUpload?.(item);
    const source = change?.source ?? {
      localPath: item.local,
      mtimeMs: item.mtimeMs,
      size: item.size,
    };
    return uploadFile(session, source, change?.remote ?? item.remote, options);
  }

  /**
   * Runs `work` on a leased channel, retrying retryable failures with backoff on a fresh
   * lease. A stalled link is dropped (its connection closed) so the retry reconnects.
   */
  async withRetries<T>(
    label: string,
    work: (session: SftpSession, attempt: number, pulse: Pulse) => Promise<T>,
    item?: BatchItem,
  ): Promise<T> {
    const max = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      throwIfCancelled(this.options.signal);
      const lease = await this.options.pool.acquire(this.options.signal);
      const pulse: Pulse = { bytes: 0 };
      try {
        const stallMs = this.options.stallTimeoutMs ?? DEFAULT_STALL_MS;
        const value = await guardStall(work(lease.session, attempt, pulse), lease, stallMs, pulse);
        lease.release();
        return value;
      } catch (err) {
        const error = toAppError(err);
        lease.release();
        if (this.isFatal(error) || !RETRYABLE.has(error.code) || attempt >= max) throw error;
        // A resumed attempt that failed restarts from zero next time: the partial copy may be
        // what the server objects to.
        if (item && error.code !== 'CONNECTION_LOST' && error.code !== 'TIMEOUT') item.resumeAt = 0;
        if (item) this.retried.add(item);
        const delay = (this.options.retryBaseMs ?? 200) * 2 ** (attempt - 1);
        this.logger.info('retry', { path: label, code: error.code, attempt, delayMs: delay });
        await this.clock.sleep(delay, this.options.signal);
      }
    }
  }

  async shouldSkip(session: SftpSession, item: BatchItem): Promise<boolean> {
    const policy = this.options.conflict ?? 'overwrite';
    if (policy === 'overwrite') return false;
    const existing = await this.existingMtime(session, item);
    if (existing === undefined) return false;
    if (policy === 'rename') {
      await this.renameToFreeName(session, item);
      return false;
    }
    return policy === 'skip' || existing >= item.mtimeMs;
  }

  existingMtime(session: SftpSession, item: BatchItem): Promise<number | undefined> {
    if (this.options.direction === 'download') {
      return stat(item.local).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
    }
    return session.exists(this.remoteOf(item)).then((e) => e && e.modifiedMs);
  }

  /** Points the item at the first free "name (n).ext" beside the existing target. */
  async renameToFreeName(session: SftpSession, item: BatchItem): Promise<void> {
    const download = this.options.direction === 'download';
    const original = download ? item.local : item.remote;
    const slash = download
      ? Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\'))
      : original.lastIndexOf('/');
    const [dir, name] = [original.slice(0, slash + 1), original.slice(slash + 1)];
    for (let n = 1; n < 1000; n += 1) {
      const candidate = dir + keepBothName(name, n);
      if (download) item.local = candidate;
      else item.remote = candidate;
      if ((await this.existingMtime(session, item)) === undefined) return;
    }
    throw new AppError('ALREADY_EXISTS', 'no free name left', { path: original });
  }

  remoteOf(item: PlanItem): string {
    return this.options.transformUpload?.(item).remote ?? item.remote;
  }

  succeed(item: BatchItem, outcome: FileOutcome): void {
    item.sha256 = outcome.sha256;
    item.resumeAt = undefined;
    item.resumeStamp = undefined;
    this.progress.adjustTotal((outcome.shownBytes ?? outcome.bytes) - item.size);
    this.progress.fileDone();
    this.result.filesDone += 1;
    this.result.bytesDone += outcome.bytes;
    this.setState(item, 'done');
    this.report(item, outcome.bytes, outcome.resumedFrom);
  }

  skip(item: BatchItem): void {
    this.warn({ code: 'SKIPPED_EXISTING', path: item.label, message: 'Skipped: already there.' });
    this.progress.adjustTotal(-item.size);
    this.setState(item, 'skipped');
    this.report(item, 0);
  }

  fail(item: BatchItem, error: AppError): void {
    item.error = error.toJSON();
    this.result.failed.push({ path: item.label, error: item.error });
    this.setState(item, 'failed');
    if (item.kind === 'file') this.report(item, 0);
  }

  setState(item: BatchItem, state: FileState): void {
    item.state = state;
    this.options.onItem?.(item);
  }

  report(item: BatchItem, bytes: number, resumedFrom?: number): void {
    const state = item.state ?? 'pending';
    const { sha256, error } = item;
    this.result.files.push({
      path: item.label,
      local: item.local,
      remote: item.remote,
      state,
      bytes,
      sha256,
      resumedFrom,
      error,
    });
  }

  finish(): BatchResult {
    this.progress.finish();
    return this.result;
  }
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'transfer cancelled');
}

export type { Lease };
