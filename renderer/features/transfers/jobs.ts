import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import type { TransferProgress } from '../../../shared/types/transfer.ts';

export type TransferJob = RequestOutput<'transfers:list'>[number];
export type JobState = TransferJob['state'];

/** Moving, or about to. */
export const isActive = (state: JobState): boolean => state === 'queued' || state === 'running';
/** Stopped for now, partial files kept: by the user, or until its server is connected. */
export const isHeld = (state: JobState): boolean => state === 'paused' || state === 'waiting';
export const isFinished = (state: JobState): boolean => !isActive(state) && !isHeld(state);

export interface QueueSummary {
  total: number;
  queued: number;
  running: number;
  paused: number;
  waiting: number;
  done: number;
  failed: number;
  cancelled: number;
  bytesDone: number;
  bytesTotal: number;
  /** Sum of the running jobs' rates, bytes per second. */
  rate: number;
  /** Seconds until every active job is done at the current rate, when known. */
  etaSeconds: number | undefined;
}

/**
 * Totals for the queue header. Cancelled jobs are left out of the byte counts so the overall
 * bar does not stall short of 100% after the user gave up on something.
 */
export function summarize(jobs: readonly TransferJob[]): QueueSummary {
  const s: QueueSummary = {
    total: jobs.length,
    queued: 0,
    running: 0,
    paused: 0,
    waiting: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    bytesDone: 0,
    bytesTotal: 0,
    rate: 0,
    etaSeconds: undefined,
  };
  for (const job of jobs) {
    s[job.state] += 1;
    if (job.state === 'cancelled') continue;
    s.bytesDone += job.progress.bytesDone;
    s.bytesTotal += Math.max(job.progress.bytesTotal, job.progress.bytesDone);
    if (job.state === 'running') s.rate += job.progress.rate;
  }
  const left = jobs
    .filter((j) => isActive(j.state))
    .reduce((sum, j) => sum + Math.max(0, j.progress.bytesTotal - j.progress.bytesDone), 0);
  if (s.rate > 0) s.etaSeconds = left / s.rate;
  else if (left === 0 && s.running + s.queued === 0) s.etaSeconds = 0;

  return s;
}

/** Newest job first: what the user just started is what they look for. */
export function orderJobs(jobs: Iterable<TransferJob>): TransferJob[] {
  return [...jobs].sort((a, b) => b.createdMs - a.createdMs || a.id.localeCompare(b.id));
}

export function withProgress(job: TransferJob, progress: TransferProgress): TransferJob {
  // A late progress tick must not drag a finished job back to "running" numbers.
  if (isFinished(job.state) && job.state !== 'done') return job;
  return { ...job, progress };
}

/** What a finished batch reads like in a notification: counts by outcome. */
export interface BatchOutcome {
  done: number;
  failed: number;
  cancelled: number;
}

/** How the jobs of a finished batch (by id) ended, for the notification text. */
export function batchOutcome(
  jobs: ReadonlyMap<string, TransferJob>,
  ids: Iterable<string>,
): BatchOutcome {
  const out: BatchOutcome = { done: 0, failed: 0, cancelled: 0 };
  for (const id of ids) {
    const state = jobs.get(id)?.state;
    if (state === 'done' || state === 'failed' || state === 'cancelled') out[state] += 1;
  }

  return out;
}

/**
 * The overall bar's colour: red only when nothing got through, amber when some jobs failed
 * beside others that went well (one bad file among a dozen is not a failed batch), green once
 * all is done.
 */
export function overallTone(s: QueueSummary): 'normal' | 'success' | 'warning' | 'danger' {
  const active = s.running + s.queued;
  if (s.failed > 0) return s.done === 0 && active === 0 ? 'danger' : 'warning';

  return active > 0 ? 'normal' : 'success';
}

/** A path inside the job's target folder, written from that folder down ("sub/a.csv"). */
function underTarget(job: TransferJob, path: string): string {
  const dir = job.targetDir.replace(/[\\/]+$/, '');
  const inside = path.startsWith(dir) && /^[\\/]/.test(path.slice(dir.length));
  return inside ? path.slice(dir.length + 1) : path;
}

/**
 * The name the item was saved under when it is not the one shown (kept beside an existing
 * file as "name (1).txt", or decrypted to "name.csv"); undefined when it is the same.
 */
export function savedAs(job: TransferJob): string | undefined {
  if (job.resultPath === undefined) return undefined;
  const name = underTarget(job, job.resultPath);
  return name === job.name ? undefined : name;
}

/** A file that arrived but could not be decrypted: where its encrypted copy stays. */
export interface KeptCopy {
  path: string;
  /** Where it is kept, from the job's target folder down. */
  kept: string;
  error: TransferJob['failed'][number]['error'];
}

/** The job's downloads that arrived but could not be decrypted (encrypted copies kept). */
export function keptCopies(job: TransferJob): KeptCopy[] {
  return job.failed.flatMap((f) =>
    f.kept === undefined ? [] : [{ path: f.path, kept: underTarget(job, f.kept), error: f.error }],
  );
}

/**
 * The encrypted copy the job's own error is about, when the job failed only because that
 * download could not be decrypted: its message then says the file is there, not "failed".
 */
export function failedOnlyToDecrypt(job: TransferJob): KeptCopy | undefined {
  const [first] = keptCopies(job);
  if (job.error === undefined || first === undefined) return undefined;
  if (job.failed.some((f) => f.kept === undefined)) return undefined;
  const same = job.error.code === first.error.code && job.error.message === first.error.message;
  return same ? first : undefined;
}
