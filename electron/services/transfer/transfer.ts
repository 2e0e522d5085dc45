import { mkdir, stat } from 'node:fs/promises';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { NULL_LOGGER } from '../../../shared/logger.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';
import type {
  TransferProgress,
  TransferResult,
  TransferWarning,
} from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { downloadFile, uploadFile, type UploadSource } from './files.ts';
import { planDownload, planUpload, type Plan, type PlanItem } from './plan.ts';
import { ProgressTracker } from './progress.ts';

export type ConflictChoice = 'overwrite' | 'skip' | 'newer';

export interface TransferOptions {
  recursive?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  preserveTimes?: boolean;
  atomic?: boolean;
  /** What to do when the target file exists. sftp overwrites, so that is the default. */
  conflict?: ConflictChoice;
  /** Files copied at once over the channel. */
  fileConcurrency?: number;
  requests?: number;
  logger?: Logger;
  /**
   * Changes what is uploaded for a file (e.g. encrypts it and adds `.pgp` to the name).
   * Returns the source to read and the remote path to write.
   */
  transformUpload?: (item: PlanItem) => { source: UploadSource; remote: string };
}

const DEFAULT_FILE_CONCURRENCY = 4;

export async function upload(
  session: SftpSession,
  localPaths: string[],
  remoteTarget: string,
  options: TransferOptions = {},
): Promise<TransferResult> {
  const plan = await planUpload(session, localPaths, remoteTarget, options.recursive ?? false);
  return execute(plan, options, {
    makeDir: (item) => session.mkdir(item.remote, { parents: true }),
    exists: (item) => session.exists(targetOf(item, options)).then((e) => e && e.modifiedMs),
    copy: (item, fileOptions) => {
      const change = options.transformUpload?.(item);
      const source = change?.source ?? { localPath: item.local, mtimeMs: item.mtimeMs };
      return uploadFile(session, source, change?.remote ?? item.remote, fileOptions);
    },
  });
}

function targetOf(item: PlanItem, options: TransferOptions): string {
  return options.transformUpload?.(item).remote ?? item.remote;
}

export async function download(
  session: SftpSession,
  remotePaths: string[],
  localTarget: string,
  options: TransferOptions = {},
): Promise<TransferResult> {
  const plan = await planDownload(session, remotePaths, localTarget, options.recursive ?? false);
  return execute(plan, options, {
    makeDir: (item) =>
      mkdir(item.local, { recursive: true }).then(
        () => undefined,
        (err: unknown) => {
          throw mapNodeError(err, item.local);
        },
      ),
    exists: (item) => stat(item.local).then((s) => s.mtimeMs, () => undefined),
    copy: (item, fileOptions) => downloadFile(session, item.remote, item.local, fileOptions),
  });
}

interface Steps {
  makeDir(item: PlanItem): Promise<void>;
  /** Modification time of an existing target, or undefined when there is none. */
  exists(item: PlanItem): Promise<number | undefined>;
  copy(item: PlanItem, options: Parameters<typeof uploadFile>[3]): Promise<number>;
}

async function execute(plan: Plan, options: TransferOptions, steps: Steps) {
  const logger = (options.logger ?? NULL_LOGGER).child('transfer');
  const files = plan.items.filter((i) => i.kind === 'file');
  const progress = new ProgressTracker(options.onProgress);
  progress.setTotals(files.reduce((sum, f) => sum + f.size, 0), files.length);
  const result: TransferResult = { filesDone: 0, bytesDone: 0, warnings: [...plan.warnings], failed: [] };
  const warn = (w: TransferWarning): void => void result.warnings.push(w);

  for (const dir of plan.items.filter((i) => i.kind === 'dir')) {
    throwIfCancelled(options.signal);
    await steps.makeDir(dir);
  }

  await mapLimit(files, options.fileConcurrency ?? DEFAULT_FILE_CONCURRENCY, async (item) => {
    throwIfCancelled(options.signal);
    if (await shouldSkip(item, options, steps)) {
      warn({ code: 'SKIPPED_EXISTING', path: item.label, message: 'Skipped: already there.' });
      progress.adjustTotal(-item.size);
      return;
    }
    progress.setCurrent(item.label);
    let sent = 0;
    try {
      const bytes = await steps.copy(item, {
        signal: options.signal,
        preserveTimes: options.preserveTimes,
        atomic: options.atomic,
        requests: options.requests,
        warn,
        onBytes: (n) => {
          sent += n;
          progress.addBytes(n);
        },
      });
      progress.adjustTotal(bytes - item.size);
      result.filesDone += 1;
      result.bytesDone += bytes;
      progress.fileDone();
    } catch (err) {
      progress.removeBytes(sent);
      const error = toAppError(err);
      // A lost link or a cancel ends the whole job; other failures are per file.
      if (error.code === 'CONNECTION_LOST' || error.code === 'CANCELLED') throw error;
      logger.warn('transfer: file failed', { path: item.label, code: error.code });
      result.failed.push({ path: item.label, error: error.toJSON() });
    }
  });
  progress.finish();
  return result;
}

async function shouldSkip(item: PlanItem, options: TransferOptions, steps: Steps) {
  const policy = options.conflict ?? 'overwrite';
  if (policy === 'overwrite') return false;
  const existingMtime = await steps.exists(item);
  if (existingMtime === undefined) return false;
  return policy === 'skip' || existingMtime >= item.mtimeMs;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'transfer cancelled');
}
