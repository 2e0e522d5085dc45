import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';

/**
 * SHA-256 of a local file, computed on a worker thread so the event loop that feeds SSH keeps
 * all of its time (hashing a large file costs about as much as encrypting it). The worker
 * reads the file itself, from the page cache, as far as the shared `limit` allows: a
 * download moves the limit up as its data lands on disk, so hashing trails the transfer.
 *
 * The worker is plain JavaScript run with `eval`: no file to find next to a bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { path, limit, chunk } = workerData;
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(chunk);
let fd;
try {
  fd = openSync(path, 'r');
  let at = 0;
  for (;;) {
    const until = Number(Atomics.load(limit, 0));
    const closed = Atomics.load(limit, 1) === 1n;
    if (at >= until) {
      if (closed) break;
      Atomics.wait(limit, 1, 0n, 20);
      continue;
    }
    const got = readSync(fd, buffer, 0, Math.min(chunk, until - at), at);
    if (got === 0) break;
    hash.update(buffer.subarray(0, got));
    at += got;
  }
  parentPort.postMessage({ sha256: hash.digest('hex'), bytes: at });
} catch (err) {
  parentPort.postMessage({ error: String(err && err.code || err) });
} finally {
  if (fd !== undefined) closeSync(fd);
}
`;

const CHUNK = 1024 * 1024;

export interface FileHasher {
  /** Lets the worker hash up to `bytes` (they are on disk). */
  advance(bytes: number): void;
  /** No more bytes will come; resolves with the hash of the first `bytes`. */
  finish(bytes: number): Promise<string>;
  /** Stops the worker; the hash is not wanted any more. */
  cancel(): void;
}

/** Starts hashing `path`; `available` bytes may be read at once (all of them for an upload). */
export function hashFileInWorker(path: string, available: number): FileHasher {
  // [0] how far the worker may read, [1] set to 1 once nothing more will come.
  const limit = new BigInt64Array(new SharedArrayBuffer(16));
  Atomics.store(limit, 0, BigInt(available));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, limit, chunk: CHUNK },
  });
  const result = new Promise<{ sha256?: string; bytes?: number; error?: string }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  result.catch(() => undefined);
  return {
    advance(bytes) {
      Atomics.store(limit, 0, BigInt(bytes));
      Atomics.notify(limit, 1);
    },
    async finish(bytes) {
      Atomics.store(limit, 0, BigInt(bytes));
      Atomics.store(limit, 1, 1n);
      Atomics.notify(limit, 1);
      const outcome = await result;
      if (outcome.error !== undefined || outcome.bytes !== bytes) {
        throw new AppError('LOCAL_IO', 'could not hash the local file', {
          path,
          reason: outcome.error ?? `read ${String(outcome.bytes)} of ${bytes} bytes`,
        });
      }
      return outcome.sha256 as string;
    },
    cancel() {
      void worker.terminate();
    },
  };
}

/** Files from this size are hashed on a worker; below it a thread costs more than it saves. */
export const WORKER_HASH_MIN_BYTES = 8 * 1024 * 1024;

/** The SHA-256 of a local file as a transfer produces it. */
export interface LocalHash {
  /** Bytes in file order for the main thread to feed; undefined when a worker reads the file. */
  readonly stream: Hash | undefined;
  advance(bytes: number): void;
  /** The hex digest, or undefined when no hash was asked for. */
  finish(bytes: number): Promise<string | undefined>;
  cancel(): void;
}

/** No hash: what a transfer without `hash` costs nothing for. */
export const NO_HASH: LocalHash = {
  stream: undefined,
  advance: () => undefined,
  finish: async () => undefined,
  cancel: () => undefined,
};

/** Hashes on the main thread: small files, and streams that exist only in memory. */
export function streamHash(): LocalHash {
  const stream = createHash('sha256');
  return {
    stream,
    advance: () => undefined,
    finish: async () => stream.digest('hex'),
    cancel: () => undefined,
  };
}

/** A worker for a large file, the main thread for a small one; nothing when not `wanted`. */
export function localHash(
  wanted: boolean,
  path: string,
  size: number,
  available: number,
): LocalHash {
  if (!wanted) return NO_HASH;
  if (size < WORKER_HASH_MIN_BYTES) return streamHash();
  const hasher = hashFileInWorker(path, available);
  return { stream: undefined, ...hasher };
}
