import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, rm, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type SerializedAppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import { keepBothName } from '../../../shared/remotePath.ts';
import type { TransferProgress, TransferResult } from '../../../shared/types/transfer.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { ProgressTracker } from '../transfer/progress.ts';
import { planCopy, type CopyItem } from './copyPlan.ts';

/** The transfer queue's choices for a name already taken ('rename' keeps both). */
export type CopyConflict = 'overwrite' | 'skip' | 'newer' | 'rename';

export interface CopyOptions {
  conflict: CopyConflict;
  signal: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  logger?: Logger;
}

export interface CopyOutcome extends TransferResult {
  /** Where the copied item landed (its new name when both were kept). */
  resultPath: string;
}

/** A planned step with what is known of its fate; a queue keeps these between runs. */
export interface CopyStep extends CopyItem {
  state?: 'done' | 'failed' | 'skipped';
  error?: SerializedAppError;
}

export interface CopyRunOptions extends CopyOptions {
  /** Called when a step's fate or destination changed (for persistence). */
  onStep?: (step: CopyStep, index: number) => void;
}

const READ_CHUNK = 1024 * 1024;

/**
 * Copies one local file or folder (with everything inside) into `targetDir`, the way the
 * transfer queue moves files: each file is written under a hidden temporary name and renamed
 * into place only when complete, so a cut-off copy never looks whole; a name already taken
 * follows `conflict`, file by file inside folders. A file that fails is reported in `failed`
 * and the others carry on; a cancel stops everything and removes the file being written.
 */
export async function copyLocal(
  source: string,
  targetDir: string,
  options: CopyOptions,
): Promise<CopyOutcome> {
  const plan = await planCopy(source, targetDir);
  const steps: CopyStep[] = plan.items;
  const outcome = await runCopy(steps, options);

  return {
    ...outcome,
    warnings: [...plan.warnings, ...outcome.warnings],
    resultPath: steps[0]?.to ?? join(targetDir, basename(source)),
  };
}

/**
 * Runs planned copy steps (planCopy's items, folders before their contents). Steps already
 * done, skipped or failed in an earlier run are counted, not repeated, so a stopped copy
 * continues where it was. A file kept beside an existing one (conflict 'rename') gets its new
 * name in `to`. Answers this run's SKIPPED_EXISTING warnings and every failed step.
 */
export async function runCopy(steps: CopyStep[], options: CopyRunOptions): Promise<TransferResult> {
  const logger = (options.logger ?? NULL_LOGGER).child('copy');
  const progress = new ProgressTracker(options.onProgress);
  const files = steps.filter((i) => i.kind === 'file');
  progress.setTotals(
    files.reduce((sum, i) => sum + i.size, 0),
    files.length,
  );
  const outcome: TransferResult = { filesDone: 0, bytesDone: 0, warnings: [], failed: [] };
  const failedDirs = new Set<string>();
  for (const [index, step] of steps.entries()) {
    if (options.signal.aborted) throw new AppError('CANCELLED', 'copy cancelled');
    // What sits inside a folder that could not be made is covered by that folder's failure.
    if (failedDirs.has(dirname(step.to))) {
      if (step.kind === 'dir') failedDirs.add(step.to);
      continue;
    }
    if (settled(step, progress, outcome)) {
      if (step.kind === 'dir' && step.state === 'failed') failedDirs.add(step.to);
      continue;
    }
    try {
      await copyItem(step, options, progress, outcome);
    } catch (err) {
      const error = mapNodeError(err, step.label);
      if (options.signal.aborted || error.code === 'CANCELLED') {
        throw new AppError('CANCELLED', 'copy cancelled', {}, err);
      }
      if (step.kind === 'dir') failedDirs.add(step.to);
      step.state = 'failed';
      step.error = error.toJSON();
      outcome.failed.push({ path: step.label, error: step.error });
    }
    options.onStep?.(step, index);
  }
  progress.finish();
  logger.info('runCopy: done', { files: outcome.filesDone, bytes: outcome.bytesDone });

  return outcome;
}

/** Counts a step an earlier run settled; answers whether it was one. */
function settled(step: CopyStep, progress: ProgressTracker, outcome: TransferResult): boolean {
  if (step.state === 'done') {
    if (step.kind === 'file') {
      progress.addExisting(step.size, 1);
      outcome.filesDone += 1;
      outcome.bytesDone += step.size;
    }
    return true;
  }
  if (step.state === 'skipped') {
    progress.adjustTotal(-step.size);
    return true;
  }
  if (step.state === 'failed' && step.error) {
    outcome.failed.push({ path: step.label, error: step.error });
    return true;
  }
  return false;
}

/** Copies one step, recording its fate (and its new name when both were kept) on it. */
async function copyItem(
  step: CopyStep,
  options: CopyOptions,
  progress: ProgressTracker,
  outcome: TransferResult,
): Promise<void> {
  const existing = await lstat(step.to).catch(() => undefined);
  if (step.kind === 'dir') {
    if (existing === undefined) await mkdir(step.to);
    else if (!existing.isDirectory()) {
      throw new AppError('NOT_A_DIRECTORY', 'a file has the folder name', { path: step.label });
    }
    step.state = 'done';
    return;
  }
  if (existing?.isDirectory()) {
    throw new AppError('IS_A_DIRECTORY', 'a folder has the file name', { path: step.label });
  }
  let target = step.to;
  if (existing !== undefined) {
    const decision = await decide(step, existing.mtimeMs, options.conflict);
    if (decision === undefined) {
      skip(step, progress, outcome);
      return;
    }
    target = decision;
  }
  progress.setCurrent(step.label);
  await writeFile(step, target, options, progress);
  progress.fileDone();
  outcome.filesDone += 1;
  outcome.bytesDone += step.size;
  step.to = target;
  step.state = 'done';
}

/** Where a file whose name is taken goes, or undefined to leave the existing one alone. */
async function decide(
  item: CopyItem,
  existingMtimeMs: number,
  conflict: CopyConflict,
): Promise<string | undefined> {
  if (conflict === 'overwrite') return item.to;
  if (conflict === 'skip') return undefined;
  // Dates kept to the second by some file systems: equal counts as "not newer".
  if (conflict === 'newer') return item.mtimeMs > existingMtimeMs ? item.to : undefined;
  for (let n = 1; n < 1000; n += 1) {
    const candidate = join(dirname(item.to), keepBothName(basename(item.to), n));
    const taken = await lstat(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
  throw new AppError('ALREADY_EXISTS', 'no free name left', { path: item.label });
}

function skip(step: CopyStep, progress: ProgressTracker, outcome: TransferResult): void {
  step.state = 'skipped';
  outcome.warnings.push({
    code: 'SKIPPED_EXISTING',
    path: step.label,
    message: 'Skipped: already there.',
  });
  progress.adjustTotal(-step.size);
}

/**
 * Streams the file into a hidden temporary name beside the target, keeps its date (as the
 * OS's own copy does, and so "replace if newer" means the same later), then renames it over
 * the target. Replacing happens only by that rename, after the copy is complete. The check for
 * a taken name and the rename are two steps: a file appearing in between is replaced.
 */
async function writeFile(
  item: CopyItem,
  target: string,
  options: CopyOptions,
  progress: ProgressTracker,
): Promise<void> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(4).toString('hex')}.pyplan-part`,
  );
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      progress.addBytes(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      createReadStream(item.from, { highWaterMark: READ_CHUNK }),
      counter,
      createWriteStream(temp, { flags: 'wx', mode: item.mode || 0o666 }),
      { signal: options.signal },
    );
    const seconds = item.mtimeMs / 1000;
    await utimes(temp, seconds, seconds);
    await rename(temp, target);
  } catch (err) {
    progress.removeBytes(written);
    await rm(temp, { force: true });
    if (options.signal.aborted) throw new AppError('CANCELLED', 'copy cancelled');
    throw mapNodeError(err, item.label);
  }
}
