import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { remoteBasename } from '../../../shared/remotePath.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import type { TransferResult } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { BandwidthLimiter } from '../transfer/limiter.ts';
import type { TransferOptions } from '../transfer/transfer.ts';

/** Downloads remote items into a local folder: electron/services/transfer's download. */
export type DragDownload = (
  session: SftpSession,
  remotePaths: string[],
  localDir: string,
  options: TransferOptions,
) => Promise<TransferResult>;

export interface DragOutDeps {
  /** The folder the app owns for drag-out copies; each drag gets a fresh folder inside. */
  tempDir: string;
  download: DragDownload;
  logger: Logger;
  signal: AbortSignal;
  /** The app's bandwidth limit, shared with the queue's transfers. */
  limiter?: BandwidthLimiter;
  /** Bytes copied of all the items so far (the total grows as folders are planned). */
  onProgress?: (progress: { bytesDone: number; bytesTotal: number }) => void;
}

/** The session's two faces: one for listings, one for file data. */
export interface DragOutSession {
  browse: SftpSession;
  transfers(): Promise<SftpSession>;
}

/**
 * Downloads remote files and folders (with everything inside) into a fresh temporary folder
 * and answers their local paths only once every one of them is complete, so the OS is never
 * handed a partial file. `created` receives the folder, for removal when the app quits; on
 * failure the folder is removed at once and nothing is answered.
 */
export async function prepareDragOut(
  session: DragOutSession,
  remotePaths: readonly string[],
  deps: DragOutDeps,
  created: (dir: string) => void,
): Promise<string[]> {
  const entries = await checkItems(session.browse, remotePaths);
  const dir = await mkdtemp(join(deps.tempDir, 'drag-'));
  created(dir);
  try {
    const channel = await session.transfers();
    const locals: string[] = [];
    const totals = entries.map((e) => (e.type === 'file' ? e.size : 0));
    let finished = 0;
    const report = (current: number): void => {
      const bytesTotal = totals.reduce((sum, size) => sum + size, 0);
      deps.onProgress?.({ bytesDone: finished + current, bytesTotal });
    };
    report(0);
    for (const [index, entry] of entries.entries()) {
      // Not a queued job: the OS is waiting for these, now, and they are temporary copies.
      const options: TransferOptions = {
        ...plainOptions(deps),
        onProgress: (p) => {
          if (entry.type === 'directory') totals[index] = p.bytesTotal;
          report(p.bytesDone);
        },
      };
      const outcome = await deps.download(channel, [entry.path], dir, options);
      finished += totals[index] ?? 0;
      report(0);
      const failure = outcome.failed[0];
      if (failure) {
        throw new AppError(failure.error.code, failure.error.message, { path: failure.path });
      }
      const local = join(dir, entry.name);
      await checkComplete(entry, local);
      locals.push(local);
    }
    deps.logger.info('prepareDragOut: ready', { items: locals.length });

    return locals;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Each item must be a file or a folder, and names must differ: they share one folder. */
async function checkItems(browse: SftpSession, remotePaths: readonly string[]) {
  const entries: FileEntry[] = [];
  const names = new Set<string>();
  for (const path of remotePaths) {
    const entry = await browse.stat(path);
    if (entry.type !== 'file' && entry.type !== 'directory') {
      throw new AppError('UNSUPPORTED', 'only files and folders can be dragged out', { path });
    }
    const name = remoteBasename(path);
    if (names.has(name)) {
      throw new AppError('INVALID_ARGUMENT', 'two dragged items share a name', {
        path,
        reason: 'two dragged items have the same name',
      });
    }
    names.add(name);
    entries.push({ ...entry, name, path });
  }

  return entries;
}

/**
 * The transfer engine renames a download into place only once complete; this checks the
 * result is there as what was asked for, and a file's size against the server's listing.
 */
async function checkComplete(entry: FileEntry, local: string): Promise<void> {
  const info = await stat(local).catch(() => undefined);
  const isDir = entry.type === 'directory';
  if (info === undefined || info.isDirectory() !== isDir) {
    throw new AppError('NOT_FOUND', 'drag copy missing', { path: entry.path });
  }
  if (!isDir && info.size !== entry.size) {
    throw new AppError('SIZE_MISMATCH', 'drag copy incomplete', {
      path: entry.path,
      expected: entry.size,
      actual: info.size,
    });
  }
}

function plainOptions(deps: DragOutDeps): TransferOptions {
  return {
    recursive: true,
    signal: deps.signal,
    conflict: 'overwrite',
    preserveTimes: true,
    atomic: true,
    logger: deps.logger,
    ...(deps.limiter ? { limiter: deps.limiter } : {}),
  };
}
