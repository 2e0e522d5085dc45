import { randomBytes } from 'node:crypto';
import { createDeflate, createInflate, deflateSync, inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedZlib, installZlibStreams } from '../../electron/services/pgp/zlibStreams.ts';

const KIB = 1024;

/** CSV-like text that zlib roughly halves. */
function csvLike(rows: number): Buffer {
  const codes = randomBytes(rows * 9).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < rows; i += 1) {
    lines.push(`2024-01-${10 + (i % 18)},ACC-${i},${codes.slice(i * 12, i * 12 + 12)},EUR\n`);
  }
  return Buffer.from(lines.join(''));
}

/** A source of fixed-size chunks that counts what was taken from it. */
function counted(data: Uint8Array, chunk: number) {
  const source = { taken: 0, stream: new ReadableStream<Uint8Array>() };
  source.stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (source.taken >= data.length) return controller.close();
        const piece = data.subarray(source.taken, source.taken + chunk);
        source.taken += piece.length;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return source;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

const nodeCompression = globalThis.CompressionStream;
const nodeDecompression = globalThis.DecompressionStream;
afterEach(() => {
  globalThis.CompressionStream = nodeCompression;
  globalThis.DecompressionStream = nodeDecompression;
});

describe('bounded zlib streams for openpgp.js', () => {
  it('compress and decompress as ZLIB and ZIP that zlib reads', async () => {
    installZlibStreams();
    const plain = csvLike(20_000);
    for (const format of ['deflate', 'deflate-raw'] as const) {
      const packed = await readAll(
        counted(plain, 64 * KIB).stream.pipeThrough(new CompressionStream(format)),
      );
      expect(packed.length).toBeLessThan(plain.length * 0.8);
      const unpacked = await readAll(
        counted(packed, 64 * KIB).stream.pipeThrough(new DecompressionStream(format)),
      );
      expect(unpacked.equals(plain)).toBe(true);
    }
    expect(
      inflateSync(
        await readAll(
          counted(plain, 64 * KIB).stream.pipeThrough(new CompressionStream('deflate')),
        ),
      ).equals(plain),
    ).toBe(true);
  });

  it('takes input only as fast as its output is read', async () => {
    const packed = deflateSync(csvLike(100_000), { level: 6 });
    const source = counted(packed, 64 * KIB);
    const reader = source.stream.pipeThrough(boundedZlib(createInflate())).getReader();
    let read = 0;
    for (let i = 0; i < 8; i += 1) {
      const { value } = await reader.read();
      read += value?.length ?? 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Node's own DecompressionStream takes all of it (some MiB) before the first read.
    expect(packed.length).toBeGreaterThan(1024 * KIB);
    expect(source.taken).toBeLessThan(read / 2 + 512 * KIB);
    await reader.cancel();
  });

  it('inflates a bomb no further than it is read', async () => {
    const bomb = deflateSync(Buffer.alloc(32 * 1024 * KIB), { level: 9 });
    const source = counted(bomb, 16 * KIB);
    const reader = source.stream.pipeThrough(boundedZlib(createInflate())).getReader();
    const { value } = await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(value?.length).toBeGreaterThan(0);
    // 16 KiB of this input is some 16 MiB of output: only what was read has been asked for.
    expect(source.taken).toBeLessThanOrEqual(2 * 16 * KIB);
    await reader.cancel();
  });

  it('fails on damaged or cut-off data', async () => {
    const packed = deflateSync(csvLike(2_000));
    const cut = counted(packed.subarray(0, packed.length - 100), 4 * KIB).stream;
    await expect(readAll(cut.pipeThrough(boundedZlib(createInflate())))).rejects.toMatchObject({
      code: 'Z_BUF_ERROR',
    });
    const junk = counted(randomBytes(1000), 4 * KIB).stream;
    await expect(readAll(junk.pipeThrough(boundedZlib(createInflate())))).rejects.toMatchObject({
      code: 'Z_DATA_ERROR',
    });
    const empty = await readAll(
      counted(Buffer.alloc(0), 1).stream.pipeThrough(boundedZlib(createDeflate())),
    );
    expect(inflateSync(empty).length).toBe(0);
  });
});
