import { Readable } from 'node:stream';
import { AppError, toAppError, type SerializedAppError } from '../../../shared/errors.ts';
import { localFsError } from './errors.ts';

/**
 * Chunks a bridge may read ahead of the worker. Each chunk is a structured-clone copy crossing
 * Node's internal MessagePort; four keep the port busy without holding much.
 */
const READ_AHEAD = 4;

function serialize(err: unknown): SerializedAppError {
  return (localFsError(err) ?? toAppError(err)).toJSON();
}

/**
 * A Node Readable as a WHATWG stream that can be transferred to the worker. A failure of the
 * source (a dropped connection, a read error) crosses as a serialized AppError, since Error
 * objects lose their code when structured-cloned; the worker then reports it as what it is
 * rather than as damaged data.
 */
export function toWorkerStream(source: Readable): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done === true) controller.close();
          else if (typeof value === 'string') controller.enqueue(new TextEncoder().encode(value));
          else controller.enqueue(value as Uint8Array);
        } catch (err) {
          controller.error(serialize(err));
        }
      },
      async cancel() {
        await iterator.return?.();
        source.destroy();
      },
    },
    { highWaterMark: READ_AHEAD },
  );
}

/**
 * The worker's output stream as a Node Readable whose errors are AppErrors. Destroying the
 * Readable cancels the stream, which the worker sees and stops.
 */
export function fromWorkerStream(stream: ReadableStream<Uint8Array>): Readable {
  const reader = stream.getReader();

  return new Readable({
    async read() {
      try {
        const { done, value } = await reader.read();
        this.push(done ? null : value);
      } catch (err) {
        this.destroy(toAppError(err));
      }
    },
    destroy(err, callback) {
      const reason = err ?? new AppError('CANCELLED', 'reader stopped');
      reader.cancel(reason instanceof AppError ? reason.toJSON() : reason).then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
}
