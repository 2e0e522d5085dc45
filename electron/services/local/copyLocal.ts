import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, rm, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors.ts';
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
  const logger = (options.logger ?? NULL_LOGGER).child('copy');
  const plan = await planCopy(source, targetDir);
  const progress = new ProgressTracker(options.onProgress);
  const files = plan.items.filter((i) => i.kind === 'file');
  progress.setTotals(
    files.reduce((sum, i) => sum + i.size, 0),
    files.length,
  );
  const outcome: CopyOutcome = {
    filesDone: 0,
    bytesDone: 0,
    warnings: [...plan.warnings],
    failed: [],
    resultPath: join(targetDir, basename(source)),
  };
  const failedDirs = new Set<string>();
  for (const [index, item] of plan.items.entries()) {
    if (options.signal.aborted) throw new AppError('CANCELLED', 'copy cancelled');
    // What sits inside a folder that could not be made is covered by that folder's failure.
    if (failedDirs.has(dirname(item.to))) {
      if (item.kind === 'dir') failedDirs.add(item.to);
      continue;
    }
    try {
      const landed = await copyItem(item, options, progress, outcome);
      if (index === 0 && landed !== undefined) outcome.resultPath = landed;
    } catch (err) {
      const error = mapNodeError(err, item.label);
      if (options.signal.aborted || error.code === 'CANCELLED') {
        throw new AppError('CANCELLED', 'copy cancelled', {}, err);
      }
      if (item.kind === 'dir') failedDirs.add(item.to);
      outcome.failed.push({ path: item.label, error: error.toJSON() });
    }
  }
  progress.finish();
  logger.info('copyLocal: done', { files: outcome.filesDone, bytes: outcome.bytesDone });

  return outcome;
}

/** Copies one item; answers where it landed, or undefined when it was skipped. */
async function copyItem(
  item: CopyItem,
  options: CopyOptions,
  progress: ProgressTracker,
  outcome: CopyOutcome,
): Promise<string | undefined> {
  const existing = await lstat(item.to).catch(() => undefined);
  if (item.kind === 'dir') {
    if (existing === undefined) await mkdir(item.to);
    else if (!existing.isDirectory()) {
      throw new AppError('NOT_A_DIRECTORY', 'a file has the folder name', { path: item.label });
    }
    return item.to;
  }
  if (existing?.isDirectory()) {
    throw new AppError('IS_A_DIRECTORY', 'a folder has the file name', { path: item.label });
  }
  let target = item.to;
  if (existing !== undefined) {
    const decision = await decide(item, existing.mtimeMs, options.conflict);
    if (decision === undefined) {
      skip(item, progress, outcome);
      return undefined;
    }
    target = decision;
  }
  progress.setCurrent(item.label);
  await writeFile(item, target, options, progress);
  progress.fileDone();
  outcome.filesDone += 1;
  outcome.bytesDone += item.size;

  return target;
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

function skip(item: CopyItem, progress: ProgressTracker, outcome: CopyOutcome): void {
  outcome.warnings.push({
    code: 'SKIPPED_EXISTING',
    path: item.label,
    message: 'Skipped: already there.',
  });
  progress.adjustTotal(-item.size);
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
