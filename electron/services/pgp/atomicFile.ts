import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppErrorLike, toAppError } from '../../../shared/errors.ts';
import { localFsError } from './errors.ts';

export interface AtomicWriteOptions {
  overwrite: boolean;
  /** Permission bits of the new file; 0o600 for plaintext so other accounts cannot read it. */
  mode: number;
  signal?: AbortSignal;
  /** More bytes than this stops the write with PGP_TOO_LARGE. */
  maxBytes?: number;
  onBytes?: (total: number) => void;
  /** Last check before the file takes its real name (signature status, for example). */
  beforeCommit?: () => Promise<void>;
  /** Classifies a failure of the data source, knowing how many bytes came out before it. */
  classify?: (err: unknown, bytesWritten: number) => AppError;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw localFsError(err, path) ?? err;
    },
  );
}

/**
 * Fails early, before any work, when the destination cannot be written: its folder is missing
 * or it exists and may not be replaced.
 */
export async function checkDestination(path: string, overwrite: boolean): Promise<void> {
  const folder = dirname(path);
  const folderStat = await stat(folder).catch((err: unknown) => {
    throw localFsError(err, folder) ?? err;
  });
  if (!folderStat.isDirectory()) {
    throw new AppError('NOT_A_DIRECTORY', 'destination folder is not a folder', { path: folder });
  }
  if (!overwrite && (await exists(path))) {
    throw new AppError('ALREADY_EXISTS', 'destination exists', { path });
  }
}

function tempPathFor(path: string): string {
  const suffix = randomBytes(6).toString('hex');

  return join(dirname(path), `.${basename(path)}.${suffix}.partial`);
}

function limitedCounter(options: AtomicWriteOptions, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counted.bytes += chunk.length;
      if (options.maxBytes !== undefined && counted.bytes > options.maxBytes) {
        callback(
          new AppError('PGP_TOO_LARGE', 'output size limit reached', { limit: options.maxBytes }),
        );
        return;
      }
      options.onBytes?.(counted.bytes);
      callback(null, chunk);
    },
  });
}

function toWriteError(err: unknown, path: string, options: AtomicWriteOptions, bytes: number) {
  if (options.signal?.aborted === true) {
    return new AppError('CANCELLED', 'write cancelled', { path });
  }
  if (err instanceof AppError || isAppErrorLike(err)) return toAppError(err);

  return localFsError(err, path) ?? options.classify?.(err, bytes) ?? err;
}

/**
 * Streams data into a hidden temporary file beside the destination and gives it the real name
 * only once the whole stream ended without error and beforeCommit passed. On any failure the
 * temporary file is deleted, so a damaged or unverified result never appears under the real
 * name. Returns the number of bytes written.
 *
 * If the process is killed midway, the hidden `.partial` file stays behind; it is never
 * mistaken for a finished file, and the next attempt uses a new random name.
 *
 * The existence check before the rename is not atomic with it: a file created at that path
 * in between would be replaced. A hard link would close that gap but fails on FAT and exFAT
 * drives, which analysts use.
 */
export async function writeAtomically(
  data: ReadableStream<Uint8Array>,
  path: string,
  options: AtomicWriteOptions,
): Promise<number> {
  const temp = tempPathFor(path);
  const counted = { bytes: 0 };
  try {
    const sink = createWriteStream(temp, { flags: 'wx', mode: options.mode, flush: true });
    await pipeline(Readable.fromWeb(data as never), limitedCounter(options, counted), sink, {
      signal: options.signal,
    });
    await options.beforeCommit?.();
    if (!options.overwrite && (await exists(path))) {
      throw new AppError('ALREADY_EXISTS', 'destination appeared while writing', { path });
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw toWriteError(err, path, options, counted.bytes);
  }

  return counted.bytes;
}
