import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors.ts';
import { checkDestination, writeAtomically } from './atomicFile.ts';
import { resolveCompression } from './compressionChoice.ts';
import { decryptToFile } from './decryptOp.ts';
import { encryptStream, prepareEncryption } from './encryptOp.ts';
import { localFsError, pgpError } from './errors.ts';
import { checkPassphrase, generateKeyPair, mergeKeys, parseKeys } from './keyOps.ts';
import type { PgpJob, PgpJobInput, PgpStreamEncryptSummary } from './protocol.ts';
import type { PgpEncryptResult } from './types.ts';

/** What the worker gives a running job. */
export interface JobContext {
  signal: AbortSignal;
  onProgress: (plaintextBytes: number) => void;
  onStream: (stream: ReadableStream<Uint8Array>) => void;
  /** Every input chunk, for memory pacing. */
  onData: (bytes: number) => void;
}

/**
 * Bytes per read of a local file. Each chunk pays a fixed toll in every stage of openpgp.js's
 * web streams (promises, queues, a packet header): at 64 KiB that toll was a third of the CPU
 * of an encryption; at 256 KiB it is small, and only a few chunks are held at once.
 */
const READ_CHUNK = 256 * 1024;

interface OpenedInput {
  stream: ReadableStream<Uint8Array>;
  size?: number;
  bytesRead: () => number;
}

async function fileStream(
  path: string,
): Promise<{ stream: ReadableStream<Uint8Array>; size: number }> {
  const info = await stat(path).catch((err: unknown) => {
    throw localFsError(err, path) ?? err;
  });
  if (!info.isFile()) throw new AppError('IS_A_DIRECTORY', 'input is not a file', { path });
  const source = createReadStream(path, { highWaterMark: READ_CHUNK });
  // Read errors reach the job through the web stream; this only keeps a late one (after a
  // cancel) from being an unhandled 'error' event that would end the worker.
  source.on('error', () => undefined);
  const stream = Readable.toWeb(source) as ReadableStream<Uint8Array>;

  return { stream, size: info.size };
}

/**
 * Opens the job's input behind a counter. Piping through it with the job's signal means a
 * cancel or a failure anywhere (the worker aborts the signal when a job ends) also cancels the
 * source: the file is closed, or the main side is told to stop sending.
 */
async function openInput(input: PgpJobInput, ctx: JobContext, report: boolean) {
  const source = input.kind === 'path' ? await fileStream(input.path) : input;
  let count = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      count += chunk.byteLength;
      ctx.onData(chunk.byteLength);
      if (report) ctx.onProgress(count);
      controller.enqueue(chunk);
    },
  });
  const opened: OpenedInput = {
    stream: source.stream.pipeThrough(counter, { signal: ctx.signal }),
    size: source.size,
    bytesRead: () => count,
  };

  return opened;
}

/**
 * Hands the encrypted stream to the main side and resolves once it has been read to the end.
 * Failures reach the reader as a serialized AppError, the only kind of error that crosses a
 * thread with its code intact.
 */
function streamOut(encrypted: ReadableStream<Uint8Array>, input: OpenedInput, ctx: JobContext) {
  const reader = encrypted.getReader();
  let encryptedBytes = 0;

  return new Promise<PgpStreamEncryptSummary>((resolve, reject) => {
    const fail = (err: unknown) => {
      const appError = ctx.signal.aborted
        ? new AppError('CANCELLED', 'encryption cancelled')
        : pgpError('encrypt', err);
      reject(appError);
      return appError;
    };
    const output = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const { done, value } = await reader.read();
            if (!done) {
              encryptedBytes += value.byteLength;
              controller.enqueue(value);
              return;
            }
            controller.close();
            resolve({ plaintextBytes: input.bytesRead(), encryptedBytes });
          } catch (err) {
            controller.error(fail(err).toJSON());
          }
        },
        async cancel(reason) {
          await reader.cancel(reason).catch(() => undefined);
          fail(new AppError('CANCELLED', 'reader stopped'));
        },
      },
      { highWaterMark: 0 },
    );
    ctx.onStream(output);
  });
}

async function runEncrypt(job: Extract<PgpJob, { op: 'encrypt' }>, ctx: JobContext) {
  const prepared = await prepareEncryption(job.args);
  const input = await openInput(job.input, ctx, true);
  const { output } = job;
  if (output.kind === 'path') await checkDestination(output.path, output.overwrite);
  const compression = await resolveCompression(job.args.compression, job.input);
  const encrypted = await encryptStream(input.stream, { ...job.args, compression }, prepared);
  if (output.kind === 'stream') return streamOut(encrypted, input, ctx);
  const encryptedBytes = await writeAtomically(encrypted, output.path, {
    overwrite: output.overwrite,
    mode: 0o644,
    signal: ctx.signal,
    classify: (err) => pgpError('encrypt', err),
  });
  const result: PgpEncryptResult = {
    outputPath: output.path,
    plaintextBytes: input.bytesRead(),
    encryptedBytes,
  };

  return result;
}

async function runDecrypt(job: Extract<PgpJob, { op: 'decrypt' }>, ctx: JobContext) {
  const input = await openInput(job.input, ctx, false);

  return decryptToFile(input.stream, job.args, {
    outputPath: job.output.path,
    overwrite: job.output.overwrite,
    signal: ctx.signal,
    encryptedSize: input.size,
    onProgress: ctx.onProgress,
  });
}

export async function runJob(job: PgpJob, ctx: JobContext): Promise<unknown> {
  switch (job.op) {
    case 'parseKeys':
      return parseKeys(job.material);
    case 'mergeKeys':
      return mergeKeys(job.base, job.update);
    case 'generateKey':
      return generateKeyPair(job.args);
    case 'checkPassphrase':
      return checkPassphrase(job.key, job.passphrase);
    case 'encrypt':
      return runEncrypt(job, ctx);
    case 'decrypt':
      return runDecrypt(job, ctx);
  }
}
