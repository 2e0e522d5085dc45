import type { Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import type { BandwidthLimiter } from './limiter.ts';
import { RequestWindow, Watermark } from './window.ts';

/**
 * Requests kept in flight per file. Latency, not bandwidth, limits SFTP: one request at a time
 * waits a round trip per chunk. OpenSSH's sftp keeps 64 requests in flight by default.
 */
export const DEFAULT_REQUESTS_IN_FLIGHT = 64;

/**
 * Bytes kept in flight per file, whatever the chunk size. More gains nothing: the server's
 * channel window (2 MiB for OpenSSH) and ssh2's own (2 MiB) bound what is really moving, and
 * each request beyond them only holds a chunk, and for a WRITE ssh2's copy of it, in memory.
 * 64 requests of 256 KiB held 16-32 MiB per file for no measured gain. Env override for
 * benchmarking only.
 */
const IN_FLIGHT_BYTES = Number(process.env.PYPLAN_IN_FLIGHT_KIB ?? 4096) * 1024;

/** Requests in flight for chunks of `chunk` bytes: the asked count, within the byte budget. */
export function requestsInFlight(requests: number | undefined, chunk: number): number {
  const wanted = requests ?? DEFAULT_REQUESTS_IN_FLIGHT;
  return Math.max(1, Math.min(wanted, Math.ceil(IN_FLIGHT_BYTES / Math.max(1, chunk))));
}

/** Read size cap; env override exists only for benchmarking chunk sizes. */
const READ_CHUNK_LIMIT = Number(process.env.PYPLAN_READ_CHUNK ?? 256 * 1024);
const WRITE_CHUNK_LIMIT = Number(process.env.PYPLAN_WRITE_CHUNK ?? 256 * 1024);

export interface PipeOptions {
  /** Shown in errors. */
  path: string;
  signal?: AbortSignal;
  onBytes?: (count: number) => void;
  requests?: number;
  limiter?: BandwidthLimiter;
  /** Fed every byte in file order, from offset 0 (the caller hashes any resumed prefix). */
  hash?: Hash;
  /** Called as the finished contiguous prefix grows: what a resume may start from. */
  onWatermark?: (offset: number) => void;
  /** The size the file had when planned; a short read there is taken as its end. */
  sizeHint?: number;
  /** The local file sendFile reads, named in errors about it (else `path`). */
  localPath?: string;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'transfer cancelled');
}

function writeRequest(
  session: SftpSession,
  handle: Buffer,
  data: Buffer,
  at: number,
  path: string,
) {
  // ssh2 copies the data into its packet before returning, so `data` may be reused at once.
  return session.call<void>(path, (cb) => session.raw.write(handle, data, 0, data.length, at, cb));
}

/**
 * Sends a local file from `start` to its end into an open remote handle, many WRITEs in
 * flight. Chunks are exactly the server's write limit, so no request is split in two, and one
 * read buffer serves the whole file. Returns the offset reached (the file's size).
 */
export async function sendFile(
  session: SftpSession,
  handle: Buffer,
  file: FileHandle,
  start: number,
  options: PipeOptions,
): Promise<number> {
  const buffer = Buffer.allocUnsafe(Math.min(session.maxWriteLength, WRITE_CHUNK_LIMIT));
  const window = new RequestWindow(requestsInFlight(options.requests, buffer.length));
  const mark = new Watermark(start);
  let offset = start;
  for (;;) {
    throwIfAborted(options.signal);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, offset).catch((err) => {
      throw mapNodeError(err, options.path);
    });
    if (bytesRead === 0) {
      if (offset > 0) await refuseShrunk(file, offset, options);
      break;
    }
    // A regular file reads short only at its end: at the planned size, that saves the
    // extra read that would return nothing (one file-system call per small file).
    const atEnd = bytesRead < buffer.length && offset + bytesRead >= (options.sizeHint ?? Infinity);
    const data = buffer.subarray(0, bytesRead);
    options.hash?.update(data);
    await options.limiter?.take(bytesRead, options.signal);
    const piece = mark.add(offset + bytesRead);
    const at = offset;
    offset += bytesRead;
    await window.run(async () => {
      await writeRequest(session, handle, data, at, options.path);
      options.onBytes?.(bytesRead);
      if (mark.done(piece)) options.onWatermark?.(mark.value);
    });
    if (atEnd) break;
  }
  await window.drain();
  throwIfAborted(options.signal);
  return offset;
}

/**
 * Called where a read found the end of the file. A file now shorter than what was already
 * read from it shrank while being sent: the server holds bytes it no longer has, a copy that
 * matches no version of it. A file that grows is sent as far as it reached and kept: appending
 * leaves every byte already sent in place, so that copy is the file as it really was then.
 * A short read at the planned size ends the loop without this call, so most files cost none.
 */
async function refuseShrunk(file: FileHandle, sent: number, options: PipeOptions): Promise<void> {
  const path = options.localPath ?? options.path;
  const { size } = await file.stat().catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
  if (size < sent) {
    throw new AppError('LOCAL_CHANGED', 'local file shrank while being sent', { path, sent, size });
  }
}

/**
 * Sends a file that fits in one WRITE, read with one synchronous call: for a small file the
 * three trips through Node's thread pool (open, read, close) cost more than the reading, and
 * on a busy machine each trip may wait for a core. Only for callers without a window to keep
 * responsive (the command line): a slow disk would stall the event loop meanwhile.
 * Undefined when the file turns out not to fit; the caller then sends it the usual way.
 */
export async function sendSmallFile(
  session: SftpSession,
  handle: Buffer,
  path: string,
  options: PipeOptions,
): Promise<number | undefined> {
  throwIfAborted(options.signal);
  const size = options.sizeHint;
  if (size === undefined || size >= Math.min(session.maxWriteLength, WRITE_CHUNK_LIMIT)) {
    return undefined;
  }
  // One byte more than planned: a file that grew since is sent the usual way.
  const data = readWhole(path, size + 1);
  if (data === undefined) return undefined;
  options.hash?.update(data);
  await options.limiter?.take(data.length, options.signal);
  if (data.length > 0) await writeRequest(session, handle, data, 0, options.path);
  options.onBytes?.(data.length);
  options.onWatermark?.(data.length);
  throwIfAborted(options.signal);
  return data.length;
}

/** The file's bytes when it holds fewer than `limit`; undefined when it holds that many. */
function readWhole(path: string, limit: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.allocUnsafe(limit);
    const got = readSync(fd, buffer, 0, limit, 0);
    return got < limit ? buffer.subarray(0, got) : undefined;
  } catch (err) {
    throw mapNodeError(err, path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes a byte stream (an encryption stream, say) to an open remote handle from offset 0.
 * Only `requests` chunks are held at once. Returns the number of bytes written.
 */
export async function sendStream(
  session: SftpSession,
  handle: Buffer,
  source: AsyncIterable<Buffer | Uint8Array>,
  options: PipeOptions,
): Promise<number> {
  const chunkLimit = session.maxWriteLength;
  const window = new RequestWindow(requestsInFlight(options.requests, chunkLimit));
  let offset = 0;
  for await (const chunk of source) {
    throwIfAborted(options.signal);
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    options.hash?.update(data);
    for (let start = 0; start < data.length; start += chunkLimit) {
      const piece = data.subarray(start, Math.min(start + chunkLimit, data.length));
      await options.limiter?.take(piece.length, options.signal);
      const at = offset;
      offset += piece.length;
      await window.run(async () => {
        await writeRequest(session, handle, piece, at, options.path);
        options.onBytes?.(piece.length);
      });
    }
  }
  await window.drain();
  throwIfAborted(options.signal);
  return offset;
}

/** Where the bytes of a download go: a local file, or only a hash (read-back checks). */
export type Sink = (buffer: Buffer, length: number, position: number) => Promise<void>;

export function fileSink(file: FileHandle, path: string): Sink {
  return async (buffer, length, position) => {
    let done = 0;
    while (done < length) {
      const { bytesWritten } = await file
        .write(buffer, done, length - done, position + done)
        .catch((err: unknown) => {
          throw mapNodeError(err, path);
        });
      done += bytesWritten;
    }
  };
}

/** A remote file opened on one channel; a download may read through several at once. */
export interface RemoteReader {
  session: SftpSession;
  handle: Buffer;
}

/**
 * Reads bytes `start`..`size` of an open remote file into `sink`, many READs in flight, each
 * landing at its own offset; with several readers (the same file opened on several channels)
 * the chunks are dealt out in turn. A short read (legal, and seen on S3-backed servers) is
 * followed by a read for the rest; an early end of file is a size mismatch. Buffers are reused
 * and handed to the hash strictly in file order, so memory stays flat whatever the size.
 */
export async function receive(
  session: SftpSession,
  handle: Buffer,
  size: number,
  sink: Sink,
  start: number,
  options: PipeOptions & { extraReaders?: RemoteReader[] },
): Promise<number> {
  const readers = [{ session, handle }, ...(options.extraReaders ?? [])];
  const chunk = Math.min(...readers.map((r) => r.session.maxReadLength), READ_CHUNK_LIMIT);
  // Each channel has its own flow-control window to keep full, so each gets the byte budget.
  const window = new RequestWindow(requestsInFlight(options.requests, chunk) * readers.length);
  const spare: Buffer[] = [];
  const order = new InOrder(start, options);

  const fetch = async (reader: RemoteReader, position: number, length: number, turn: Turn) => {
    const buffer = spare.pop() ?? Buffer.allocUnsafe(chunk);
    try {
      await readFully(reader.session, reader.handle, buffer, position, length, size, options);
      await sink(buffer, length, position);
      await order.finish(turn, buffer.subarray(0, length));
    } catch (err) {
      order.abort(err);
      throw err;
    } finally {
      spare.push(buffer);
    }
  };

  let next = 0;
  for (let position = start; position < size; position += chunk) {
    throwIfAborted(options.signal);
    const length = Math.min(chunk, size - position);
    await options.limiter?.take(length, options.signal);
    const turn = order.add(position + length);
    const reader = readers[next++ % readers.length] as RemoteReader;
    await window.run(() => fetch(reader, position, length, turn));
  }
  await window.drain();
  throwIfAborted(options.signal);
  return order.value;
}

async function readFully(
  session: SftpSession,
  handle: Buffer,
  buffer: Buffer,
  position: number,
  length: number,
  size: number,
  options: PipeOptions,
): Promise<void> {
  let got = 0;
  while (got < length) {
    const n = await session.call<number>(options.path, (cb) =>
      session.raw.read(handle, buffer, got, length - got, position + got, (err, bytes) =>
        cb(err, bytes),
      ),
    );
    if (n === 0) {
      throw new AppError('SIZE_MISMATCH', 'remote file ended early', {
        path: options.path,
        expected: size,
        actual: position + got,
      });
    }
    got += n;
    options.onBytes?.(n);
  }
}

interface Turn {
  end: number;
  done: boolean;
  wake?: () => void;
}

/**
 * Lets finished pieces through one at a time in file order: each waits for the ones before it,
 * then feeds the hash and moves the watermark. Waiting holds the request's window slot, which
 * is what bounds memory when the server answers out of order.
 */
class InOrder {
  readonly #turns: Turn[] = [];
  readonly #options: PipeOptions;
  #mark: number;
  #error: unknown;

  constructor(start: number, options: PipeOptions) {
    this.#mark = start;
    this.#options = options;
  }

  get value(): number {
    return this.#mark;
  }

  add(end: number): Turn {
    const turn: Turn = { end, done: false };
    this.#turns.push(turn);
    return turn;
  }

  async finish(turn: Turn, data: Buffer): Promise<void> {
    while (this.#turns[0] !== turn && this.#error === undefined) {
      await new Promise<void>((resolve) => (turn.wake = resolve));
    }
    if (this.#error !== undefined) throw this.#error;
    this.#options.hash?.update(data);
    this.#turns.shift();
    this.#mark = turn.end;
    this.#options.onWatermark?.(this.#mark);
    this.#turns[0]?.wake?.();
  }

  /** A piece failed: the ones waiting behind it will never get their turn. */
  abort(error: unknown): void {
    this.#error ??= error;
    for (const turn of this.#turns) turn.wake?.();
  }
}
