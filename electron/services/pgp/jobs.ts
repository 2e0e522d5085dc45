import { open, stat, type FileHandle } from 'node:fs/promises';
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

/**
 * A local file as a web stream, read through one handle. With `refuseShrunk`, a read that
 * finds the end of the file below what was already read from it fails LOCAL_CHANGED, as a
 * plain upload does (refuseShrunk in transfer/pipeline.ts): the file shrank while being read,
 * and an encryption of the bytes read would match no version of it. A file that grows is read
 * to its new end, as a plain upload sends it. Only the read that returns nothing costs a stat.
 */
async function fileStream(
  path: string,
  refuseShrunk: boolean,
): Promise<{ stream: ReadableStream<Uint8Array>; size: number }> {
  const fsError = (err: unknown) => localFsError(err, path) ?? err;
  // Looked at before opening: opening a FIFO would wait for a writer.
  const info = await stat(path).catch((err: unknown) => {
    throw fsError(err);
  });
  if (!info.isFile()) throw new AppError('IS_A_DIRECTORY', 'input is not a file', { path });
  const file = await open(path, 'r').catch((err: unknown) => {
    throw fsError(err);
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= file.close().catch(() => undefined));
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = Buffer.allocUnsafe(READ_CHUNK);
          const { bytesRead } = await file.read(chunk, 0, READ_CHUNK, offset);
          offset += bytesRead;
          if (bytesRead > 0) controller.enqueue(chunk.subarray(0, bytesRead));
          // A regular file reads short only at its end: at the size it had when opened, that
          // saves the read that would return nothing.
          if (bytesRead === READ_CHUNK || (bytesRead > 0 && offset < info.size)) return;
          // Only a read that returned nothing, after some that did not, can find it shrunk.
          const emptied = bytesRead === 0 && offset > 0;
          if (emptied && refuseShrunk) await checkNotShrunk(file, offset, path);
          controller.close();
        } catch (err) {
          controller.error(fsError(err));
        }
        await close();
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );

  return { stream, size: info.size };
}

/** Fails a file now shorter than the `read` bytes already read from it (see fileStream). */
async function checkNotShrunk(file: FileHandle, read: number, path: string): Promise<void> {
  const { size } = await file.stat();
  if (size < read) {
    throw new AppError('LOCAL_CHANGED', 'local file shrank while being encrypted', {
      path,
      read,
      size,
    });
  }
}

interface InputOptions {
  /** Report the bytes read as the job's progress. */
  report: boolean;
  /** A local file that shrinks while read fails LOCAL_CHANGED (see fileStream). */
  refuseShrunk?: boolean;
}

/**
 * Opens the job's input behind a counter. Piping through it with the job's signal means a
 * cancel or a failure anywhere (the worker aborts the signal when a job ends) also cancels the
 * source: the file is closed, or the main side is told to stop sending.
 */
async function openInput(input: PgpJobInput, ctx: JobContext, options: InputOptions) {
  const { report, refuseShrunk = false } = options;
  const source = input.kind === 'path' ? await fileStream(input.path, refuseShrunk) : input;
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
  const { output } = job;
  // A stream goes to a server (an upload): a file that shrinks as it is read fails there, as
  // a plain upload of it does, and the engine removes what it sent. Encryption into a local
  // file (`pgp encrypt`) still writes an encryption of the bytes it read, since LOCAL_CHANGED
  // speaks of a copy on a server.
  const refuseShrunk = output.kind === 'stream';
  const input = await openInput(job.input, ctx, { report: true, refuseShrunk });
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
  const input = await openInput(job.input, ctx, { report: false });

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
