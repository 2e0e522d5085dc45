import type { Transform, TransformOptions } from 'node:stream';
import type { CompressionFormat, ReadableWritablePair } from 'node:stream/web';
import {
  createDeflate,
  createDeflateRaw,
  createInflate,
  createInflateRaw,
  type ZlibOptions,
} from 'node:zlib';

/**
 * Output pieces of 256 KiB: large pieces keep the per-chunk cost of openpgp.js's later stream
 * stages low (zlib's default is 16 KiB), and zlib holds at most about one piece ahead.
 */
const PIECE = 256 * 1024;

/**
 * Level 1 for compression. On a ledger-like CSV here, level 1 ran at about 120 MiB/s and left
 * 28% of the size; the default level 6 ran at 35-40 MiB/s for 25%, slower than the encryption
 * and than a good upload link.
 */
const DEFLATE: ZlibOptions & TransformOptions = {
  level: 1,
  chunkSize: PIECE,
  highWaterMark: PIECE,
};
const INFLATE: ZlibOptions & TransformOptions = { chunkSize: PIECE, highWaterMark: PIECE };

type Next = { done: false; value: Buffer } | { done: true };

/**
 * The next output piece of a zlib stream, read in paused mode: zlib itself stops working while
 * its output buffer is full (one piece), so nothing is produced that nobody asked for.
 */
function nextPiece(zlib: Transform): Promise<Next> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const value = zlib.read() as Buffer | null;
      if (value !== null) return settle(() => resolve({ done: false, value }));
      if (zlib.readableEnded) return settle(() => resolve({ done: true }));
      if (zlib.errored !== null) return settle(() => reject(zlib.errored));
      if (zlib.destroyed) return settle(() => reject(new Error('zlib stream closed')));
    };
    const settle = (done: () => void) => {
      zlib.off('readable', attempt).off('end', attempt).off('error', attempt);
      zlib.off('close', attempt);
      done();
    };
    zlib.on('readable', attempt).on('end', attempt).on('error', attempt).on('close', attempt);
    attempt();
  });
}

/**
 * A zlib stream as a web stream pair whose backpressure holds both ways. Node's own
 * CompressionStream and DecompressionStream (and Duplex.toWeb) give the writable side a
 * high-water mark of 65,536 *chunks*, so everything upstream that was ready queued in front of
 * zlib: decrypting a 512 MiB gpg-compressed CSV peaked at about 316 MiB. Here one chunk waits
 * while zlib works on another, and output is made only as it is read: a decompression bomb
 * inflates no further than the reader's size limit lets it.
 */
export function boundedZlib(zlib: Transform): ReadableWritablePair<Uint8Array, Uint8Array> {
  // Failures reach the reader through nextPiece and the writer through write callbacks; this
  // only keeps a late one (after a cancel) from being an unhandled 'error' event.
  zlib.on('error', () => undefined);
  const writable = new WritableStream<Uint8Array>(
    {
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          zlib.write(chunk, (err) => (err ? reject(err) : resolve()));
        }),
      close: () => void zlib.end(),
      abort: (reason) => void zlib.destroy(reason instanceof Error ? reason : undefined),
    },
    { highWaterMark: 1 },
  );
  const readable = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await nextPiece(zlib);
        if (next.done) return controller.close();
        const { buffer, byteOffset, length } = next.value;
        // A plain Uint8Array view, no copy: Buffer's slice() would not copy as openpgp.js expects.
        controller.enqueue(new Uint8Array(buffer, byteOffset, length));
      },
      cancel: () => void zlib.destroy(),
    },
    { highWaterMark: 0 },
  );

  return { readable, writable };
}

/**
 * openpgp.js compresses and decompresses through the global CompressionStream and
 * DecompressionStream ('deflate' for ZLIB, 'deflate-raw' for ZIP; BZip2 is its own bounded
 * JavaScript stream). The worker, a thread that runs nothing but openpgp.js, gets bounded
 * replacements of the same shape, compressing at level 1 (openpgp.js offers no level for the
 * native stream: config.deflateLevel reaches only its pure-JS fallback). The output is ordinary
 * ZIP or ZLIB data that every OpenPGP program reads. Other formats stay Node's own.
 */
export function installZlibStreams(): void {
  const NodeCompressionStream = globalThis.CompressionStream;
  const NodeDecompressionStream = globalThis.DecompressionStream;
  function ZlibCompressionStream(format: CompressionFormat): ReadableWritablePair {
    if (format === 'deflate') return boundedZlib(createDeflate(DEFLATE));
    if (format === 'deflate-raw') return boundedZlib(createDeflateRaw(DEFLATE));

    return new NodeCompressionStream(format);
  }
  function ZlibDecompressionStream(format: CompressionFormat): ReadableWritablePair {
    if (format === 'deflate') return boundedZlib(createInflate(INFLATE));
    if (format === 'deflate-raw') return boundedZlib(createInflateRaw(INFLATE));

    return new NodeDecompressionStream(format);
  }
  globalThis.CompressionStream = ZlibCompressionStream as unknown as typeof CompressionStream;
  globalThis.DecompressionStream = ZlibDecompressionStream as unknown as typeof DecompressionStream;
}
