import { AppError } from '../../../shared/errors.ts';
import type { Lease } from './pool.ts';

/** Bytes an attempt has moved so far; the stall guard watches it grow. */
export interface Pulse {
  bytes: number;
}

/**
 * Races `work` against silence: when `pulse` has not grown for `timeoutMs`, the lease's
 * connection is dropped and the attempt fails with TIMEOUT. A server that stops answering
 * without closing the socket would otherwise hold the file until keepalive gives up.
 * The abandoned `work` settles (with CONNECTION_LOST) once its channel closes.
 */
export function guardStall<T>(
  work: Promise<T>,
  lease: Lease,
  timeoutMs: number,
  pulse: Pulse,
): Promise<T> {
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    let seen = pulse.bytes;
    let quietSince = Date.now();
    const timer = setInterval(
      () => {
        if (pulse.bytes !== seen) {
          seen = pulse.bytes;
          quietSince = Date.now();
          return;
        }
        if (Date.now() - quietSince < timeoutMs) return;
        clearInterval(timer);
        const error = new AppError('TIMEOUT', 'no progress: the link seems stalled');
        lease.discard(error);
        reject(error);
      },
      Math.max(50, Math.min(1000, timeoutMs / 4)),
    );
    work.then(
      (value) => {
        clearInterval(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearInterval(timer);
        reject(err);
      },
    );
  });
}
