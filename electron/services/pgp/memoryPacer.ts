import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/**
 * Input between two young-generation collections. Each costs under a millisecond (about
 * 0.35 s per GiB in all). Measured per worker: every 8 MiB let some 35 MiB of dead buffers
 * wait, every 2 MiB about 20; every 1 MiB did no better, as buffers still in flight then
 * survive two collections and move to the old generation, which only a full one sweeps.
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
 * They die young, so a young-generation collection (a scavenge) frees them.
 *
 * Never a full collection here: this once did one every 32 MiB, and each reset V8's heap
 * limits to the live size, after which V8 ran dozens of full collections of its own. That
 * cost 5 s of CPU per GiB encrypted (6.5 s decrypted), more than the AES, for no lower peak.
 */
export function paceMemory(bytes: number): void {
  sinceScavenge += bytes;
  if (sinceScavenge < SCAVENGE_EVERY_BYTES) return;
  sinceScavenge = 0;
  if (collector === undefined) collector = exposeCollector();
  collector?.({ type: 'minor' });
}
