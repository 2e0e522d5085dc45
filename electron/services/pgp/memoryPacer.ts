import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/** A full collection of a worker's small heap takes a few milliseconds. */
const COLLECT_EVERY_BYTES = Number(process.env.XGC ?? 32) * 1024 * 1024;

type Collect = () => void;

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
 * Frees garbage now. openpgp.js allocates a new buffer for each chunk at each stage (and 64 MiB
 * at once to unlock a GnuPG key with the maximum S2K count), while V8 frees buffers kept
 * outside its heap only once some 128 MiB of them have piled up, which alone would take a
 * 2.5 GiB job past its 200 MiB budget. Where the collector cannot be had, this does nothing
 * and memory merely peaks higher.
 */
export function collectGarbage(): void {
  if (collector === undefined) collector = exposeCollector();
  collector?.();
}

let sinceCollect = 0;

/** Called for every chunk of data: collects every 32 MiB, under 2% of the time. */
export function paceMemory(bytes: number): void {
  sinceCollect += bytes;
  if (sinceCollect < COLLECT_EVERY_BYTES) return;
  sinceCollect = 0;
  collectGarbage();
}
