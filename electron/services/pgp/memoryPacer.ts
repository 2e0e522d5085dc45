import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/**
 * Data between two young-generation collections. Each costs well under a millisecond, so
 * every 8 MiB is noise next to the crypto; a longer gap only lets more dead buffers wait.
 */
const SCAVENGE_EVERY_BYTES = 2 * 1024 * 1024;

type Collect = (options?: { type: 'major' | 'minor' }) => void;

let collector: Collect | null | undefined;

function exposeCollector(): Collect | null {
  // Only in the worker: the main thread (Electron's or the command line's) is left alone.
  if (isMainThread) return null;
  try {
    // Worker threads cannot be given V8 flags at start, so --expose-gc is set here, and the
    // function is taken from a fresh context, the only place the flag makes it appear.
    setFlagsFromString('--expose-gc');
    const collect: unknown = runInNewContext('gc');
    return typeof collect === 'function' ? (collect as Collect) : null;
  } catch {
    return null;
  }
}

/**
 * Frees all garbage now (a full collection): for a one-off large allocation, such as the
 * 64 MiB openpgp.js takes to unlock a GnuPG key with the maximum S2K count. Where the
 * collector cannot be had, this does nothing and memory merely peaks higher.
 */
export function collectGarbage(): void {
  if (collector === undefined) collector = exposeCollector();
  collector?.();
}

let sinceScavenge = 0;

/**
 * Called for every chunk of data. openpgp.js allocates a new buffer for each chunk at each
 * stage, and a buffer's bytes live outside V8's heap, so they hardly count towards filling
 * the young generation: left alone, tens of MiB of dead buffers wait for V8's own trigger.
 * They die young, so a young-generation collection (a scavenge) frees them, in well under a
 * millisecond. A full collection here, as this once did every 32 MiB, cost more than the AES
 * itself (about 5 s of CPU per GiB measured) and lowered the peak no further.
 */
export function paceMemory(bytes: number): void {
  sinceScavenge += bytes;
  if (sinceScavenge < SCAVENGE_EVERY_BYTES) return;
  sinceScavenge = 0;
  if (collector === undefined) collector = exposeCollector();
  collector?.({ type: 'minor' });
}
