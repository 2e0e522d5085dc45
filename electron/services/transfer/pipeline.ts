import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';

/**
 * Requests kept in flight per file. Latency, not bandwidth, limits SFTP: one request at a time
 * waits a round trip per chunk. OpenSSH's sftp keeps 64 requests in flight by default.
 */
export const DEFAULT_REQUESTS_IN_FLIGHT = 64;

/** Read size cap; env override exists only for benchmarking chunk sizes. */
const READ_CHUNK_LIMIT = Number(process.env.PYPLAN_READ_CHUNK ?? 256 * 1024);

interface PipeOptions {
  signal?: AbortSignal;
  onBytes?: (count: number) => void;
  requests?: number;
  path: string;
}

/** A counting gate: at most `limit` operations running; failures surface on the next call. */
class Window {
  readonly #limit: number;
  #running = 0;
  #waiters: Array<() => void> = [];
  #error: unknown;
  readonly #idle: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run(op: () => Promise<void>): Promise<void> {
    while (this.#running >= this.#limit && this.#error === undefined) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#error !== undefined) throw this.#error;
    this.#running += 1;
    op().then(
      () => this.#settle(),
      (err: unknown) => {
        this.#error ??= err;
        this.#settle();
      },
    );
  }

  async drain(): Promise<void> {
    while (this.#running > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    if (this.#error !== undefined) throw this.#error;
  }

  #settle(): void {
    this.#running -= 1;
    this.#waiters.shift()?.();
    if (this.#error !== undefined) this.#waiters.splice(0).forEach((wake) => wake());
    if (this.#running === 0) this.#idle.splice(0).forEach((wake) => wake());
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'transfer cancelled');
}

/**
 * Writes a byte stream to an open remote handle from offset 0, with many WRITE requests in
 * flight. The source may be a file or an encryption stream: only `requests` chunks are held
 * in memory at once. Returns the number of bytes written.
 */
export async function writeStreamToHandle(
  session: SftpSession,
  handle: Buffer,
  source: AsyncIterable<Buffer | Uint8Array>,
  options: PipeOptions,
): Promise<number> {
  const window = new Window(options.requests ?? DEFAULT_REQUESTS_IN_FLIGHT);
  const chunkLimit = session.maxWriteLength;
  let offset = 0;
  for await (const chunk of source) {
    throwIfAborted(options.signal);
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    for (let start = 0; start < data.length; start += chunkLimit) {
      const piece = data.subarray(start, Math.min(start + chunkLimit, data.length));
      const at = offset;
      offset += piece.length;
      await window.run(async () => {
        await session.call<void>(options.path, (cb) =>
          session.raw.write(handle, piece, 0, piece.length, at, cb),
        );
        options.onBytes?.(piece.length);
      });
    }
  }
  await window.drain();
  throwIfAborted(options.signal);
  return offset;
}

/**
 * Reads `size` bytes of an open remote handle into a local file, many READs in flight, each
 * landing at its own offset. A short read (allowed by the protocol, and seen on S3-backed
 * servers) is followed by a read for the rest; an early end of file is a size mismatch.
 */
export async function readHandleToFile(
  session: SftpSession,
  handle: Buffer,
  size: number,
  file: FileHandle,
  options: PipeOptions & { startAt?: number },
): Promise<number> {
  const window = new Window(options.requests ?? DEFAULT_REQUESTS_IN_FLIGHT);
  const chunk = Math.min(session.maxReadLength, READ_CHUNK_LIMIT);
  // Buffers are reused: allocating a fresh one per request keeps the garbage collector busy
  // and lifts peak memory with the file's size.
  const spare: Buffer[] = [];
  let received = options.startAt ?? 0;

  const fetch = async (position: number, length: number): Promise<void> => {
    let at = position;
    let left = length;
    const buffer = spare.pop() ?? Buffer.allocUnsafe(chunk);
    try {
      while (left > 0) {
        const got = await session.call<number>(options.path, (cb) =>
          session.raw.read(handle, buffer, 0, left, at, (err, bytesRead) => cb(err, bytesRead)),
        );
        if (got === 0) {
          throw new AppError('SIZE_MISMATCH', 'remote file ended early', {
            path: options.path,
            expected: size,
            actual: at,
          });
        }
        await file.write(buffer, 0, got, at).catch((err: unknown) => {
          throw mapNodeError(err);
        });
        at += got;
        left -= got;
        received += got;
        options.onBytes?.(got);
      }
    } finally {
      spare.push(buffer);
    }
  };

  for (let position = options.startAt ?? 0; position < size; position += chunk) {
    throwIfAborted(options.signal);
    const length = Math.min(chunk, size - position);
    await window.run(() => fetch(position, length));
  }
  await window.drain();
  throwIfAborted(options.signal);
  return received;
}
