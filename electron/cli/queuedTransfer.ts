import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, toAppError, type SerializedAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { TransferProgress, TransferResult } from '../../shared/types/transfer.ts';
import { JobQueue, type Connector } from '../services/queue/JobQueue.ts';
import type { QueuePgp } from '../services/queue/pgpSteps.ts';
import {
  remoteNameOf,
  type JobItem,
  type JobRecord,
  type JobSnapshot,
  type JobSpec,
} from '../services/queue/types.ts';
import { mapNodeError } from '../services/fs/mapNodeError.ts';
import type { FileReport } from '../services/transfer/batch.ts';
import { appHome } from './paths.ts';

export interface QueuedRunOptions {
  spec: JobSpec;
  /** What else makes two runs the same job (the signing key, say), besides the spec. */
  identity?: string;
  /** `user@host:port`, kept beside the job for `runs` to show. */
  server?: string;
  connect: Connector;
  pgp?: QueuePgp;
  logger: Logger;
  signal: AbortSignal;
  /** Bytes per second for the run; none when absent. */
  bandwidthLimit?: number;
  /** Files of 1 MiB or more moving at once (--parallel); the queue's default when absent. */
  concurrency?: number;
  /** Transfers may open this many connections in all, counting reconnections after a drop. */
  maxConnections: number;
  onProgress?: (progress: TransferProgress) => void;
  /** Told when this run continues an earlier one that was interrupted. */
  onResume?: (job: JobSnapshot) => void;
  /** Told each time the link to the server drops and the run starts reconnecting. */
  onReconnecting?: () => void;
}

/** What `get --decrypt` did to one file, for --json. */
export interface FilePgp {
  decrypted: boolean;
  /** The file on disk: the plaintext when decrypted, else the download as it arrived. */
  output: string;
  /** Absent when the file was never read as far as its signature. */
  signature?: {
    status: 'signed' | 'not-signed' | 'unknown-signer' | 'bad';
    fingerprint?: string;
    keyId?: string;
    userId?: string;
  };
}

export interface QueuedResult extends TransferResult {
  files: Array<FileReport & { pgp?: FilePgp }>;
}

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/**
 * Runs one `put` or `get` as a job of the persistent queue, kept in a folder named after the
 * job (what it copies, where, and on which server) under the command line's home. A run that
 * is killed or interrupted leaves its job there, and the next identical run continues it:
 * files done are skipped and partial uploads resume. A finished job is forgotten, so the next
 * run plans afresh. Two identical runs at once would write the same temporary files, so the
 * second is refused while the first lives.
 */
export async function runQueued(options: QueuedRunOptions): Promise<QueuedResult> {
  const storeDir = join(runsFolder(), jobKey(options.spec, options.identity));
  const unlock = await lockRun(storeDir);
  await writeRunInfo(storeDir, { server: options.server, startedMs: Date.now() });
  const queue = new JobQueue({
    connect: options.connect,
    storeDir,
    logger: options.logger,
    maxConnections: options.maxConnections,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.pgp ? { pgp: options.pgp } : {}),
    ...(options.bandwidthLimit ? { bandwidthLimit: options.bandwidthLimit } : {}),
    // No window to keep responsive here: a small upload is read in one call, not three trips.
    syncSmallFiles: true,
  });
  let forget = false;
  try {
    await queue.start();
    const job = await resumeOrAdd(queue, options);
    const ended = await finished(queue, job.id, options);
    const serverDown = gaveUpOnServer(ended, queue.items(job.id));
    // Kept, as an interrupted run is: the same command continues it, `runs forget` cleans up.
    if (serverDown) throw new AppError(serverDown.code, serverDown.message, serverDown.details);
    forget = true;
    return resultOf(ended, queue.items(job.id));
  } finally {
    // Interrupted (Ctrl-C, or killed): the job stays queued for the next run.
    if (forget) queue.clearFinished();
    await queue.close();
    if (queue.list().length === 0) await rm(storeDir, { recursive: true, force: true });
    else await unlock();
  }
}

/** Where interrupted runs wait for the same command again, one folder each. */
export function runsFolder(): string {
  return join(appHome(), 'queue');
}

export interface RunInfo {
  server?: string;
  startedMs: number;
}

const RUN_INFO = 'run.json';

/** Written at the first start only: what `runs` shows of a job the queue file cannot say. */
async function writeRunInfo(storeDir: string, info: RunInfo): Promise<void> {
  await writeFile(join(storeDir, RUN_INFO), JSON.stringify(info), { flag: 'wx' }).catch(
    () => undefined,
  );
}

export async function readRunInfo(storeDir: string): Promise<RunInfo | undefined> {
  const text = await readFile(join(storeDir, RUN_INFO), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as RunInfo;
  } catch {
    return undefined;
  }
}

/** A short, stable name for the job: the same command on the same server gives the same. */
function jobKey(spec: JobSpec, identity = ''): string {
  return createHash('sha256').update(JSON.stringify({ spec, identity })).digest('hex').slice(0, 24);
}

/** The link errors of a server that stays down (or out of reach) while the run reconnects. */
const SERVER_DOWN: ReadonlySet<string> = new Set([
  'CONNECTION_LOST',
  'CONNECTION_REFUSED',
  'HOST_UNREACHABLE',
  'HOST_NOT_FOUND',
  'TIMEOUT',
]);

/**
 * The error of a run that gave up because the server stayed down after it had started (its
 * files planned, so temporary uploads may wait on the server), marked resumable; undefined
 * for any other ending. A run that never reached the server has nothing to continue.
 */
function gaveUpOnServer(job: JobSnapshot, items: JobItem[]): SerializedAppError | undefined {
  if (job.state !== 'failed' || items.length === 0) return undefined;
  const errors = job.failed.length > 0 ? job.failed.map((f) => f.error) : [job.error];
  if (!errors.every((e) => e !== undefined && SERVER_DOWN.has(e.code))) return undefined;
  const first = errors[0] as SerializedAppError;
  return { ...first, details: { ...first.details, resumable: true } };
}

async function resumeOrAdd(queue: JobQueue, options: QueuedRunOptions): Promise<JobSnapshot> {
  const stored = queue.list()[0];
  if (stored && gaveUpOnServer(stored, queue.items(stored.id))) {
    // Failed files go again; those done stay done, partial uploads continue.
    queue.retry(stored.id);
    options.onResume?.(stored);
    return queue.get(stored.id);
  }
  if (stored && !FINISHED.has(stored.state)) {
    // A paused job cannot come from the command line, but a resume costs nothing.
    if (stored.state === 'paused') queue.resume(stored.id);
    options.onResume?.(stored);
    return stored;
  }
  queue.clearFinished();
  return queue.add(options.spec);
}

/** Resolves with the job once it finished; rejects with CANCELLED when the run is stopped. */
function finished(queue: JobQueue, id: string, options: QueuedRunOptions): Promise<JobSnapshot> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      off();
      // The job stays in the queue folder: the same command again continues it.
      reject(new AppError('CANCELLED', 'interrupted', { resumable: true }));
    };
    const check = (): void => {
      const job = queue.get(id);
      if (!FINISHED.has(job.state)) return;
      off();
      resolve(job);
    };
    let reconnecting = false;
    const unsubscribe = queue.on((event) => {
      if (event.type === 'progress' && event.jobId === id) options.onProgress?.(event.progress);
      if (event.type !== 'job' || event.job.id !== id) return;
      if (event.job.reconnecting && !reconnecting) options.onReconnecting?.();
      reconnecting = Boolean(event.job.reconnecting);
      check();
    });
    const off = (): void => {
      unsubscribe();
      options.signal.removeEventListener('abort', stop);
    };
    if (options.signal.aborted) return stop();
    options.signal.addEventListener('abort', stop, { once: true });
    check();
  });
}

/**
 * What the run did, as `sftp` reports it: files that failed are listed with their reasons.
 * A job that failed as a whole (no such source, a refused key) throws its error instead.
 */
function resultOf(job: JobSnapshot, items: JobItem[]): QueuedResult {
  if (job.state === 'cancelled') throw new AppError('CANCELLED', 'transfer cancelled');
  if (job.state === 'failed' && job.failed.length === 0 && job.error) {
    throw toAppError(job.error);
  }
  const record = { spec: job.spec } as JobRecord;
  const files: FileReport[] = items
    .filter((item) => item.kind === 'file')
    .map((item) => ({
      path: item.label,
      local: item.decrypted?.output ?? item.local,
      remote: remoteNameOf(record, item),
      state: item.state ?? 'pending',
      bytes: item.state === 'done' ? item.size : 0,
      ...(item.sha256 ? { sha256: item.sha256 } : {}),
      ...(item.error ? { error: item.error } : {}),
      ...(job.spec.pgp?.action === 'decrypt' && item.state !== undefined
        ? { pgp: pgpOf(item) }
        : {}),
    }));
  const done = files.filter((f) => f.state === 'done');
  return {
    filesDone: done.length,
    bytesDone: done.reduce((sum, f) => sum + f.bytes, 0),
    warnings: job.warnings,
    failed: job.failed,
    files,
  };
}

const STATUS = {
  valid: 'signed',
  'not-signed': 'not-signed',
  'unknown-signer': 'unknown-signer',
  bad: 'bad',
} as const;

function pgpOf(item: JobItem): FilePgp {
  const done = item.decrypted;
  if (done) {
    const { fingerprint, keyId, userId } = done;
    const signature = { status: STATUS[done.signature], fingerprint, keyId, userId };
    return { decrypted: true, output: done.output, signature };
  }
  // Refused for its signature: the error says what was found (a bad one names no kind).
  const found = item.error?.code === 'PGP_SIGNATURE_INVALID' ? item.error.details : undefined;
  if (!found) return { decrypted: false, output: item.local };
  const kind = typeof found.signature === 'string' ? found.signature : 'bad';
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const signature = {
    status: STATUS[(kind in STATUS ? kind : 'bad') as keyof typeof STATUS],
    fingerprint: text(found.fingerprint),
    keyId: text(found.keyId),
  };
  return { decrypted: false, output: item.local, signature };
}

/**
 * Takes the run's lock file (its process id inside). A lock left by a process that is gone
 * (killed) is taken over; one held by a live process refuses this run with ALREADY_RUNNING
 * naming that process.
 */
export async function lockRun(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw mapNodeError(err, dir);
  });
  const path = join(dir, 'run.lock');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' || attempt > 0) throw mapNodeError(err, path);
      const owner = Number(await readFile(path, 'utf8').catch(() => ''));
      if (isAlive(owner)) {
        throw new AppError('ALREADY_RUNNING', 'an identical transfer is running', {
          path,
          pid: owner,
        });
      }
      await unlink(path).catch(() => undefined);
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another account.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
