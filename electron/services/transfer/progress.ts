import type { TransferProgress } from '../../../shared/types/transfer.ts';

const EMIT_EVERY_MS = 200;
/** Weight of the newest sample in the smoothed rate; lower is calmer. */
const RATE_SMOOTHING = 0.3;
/**
 * The first rate is measured over this long, from the first bytes on: over a shorter start,
 * pipelined requests answered in a bunch read as a burst, and the user would think a speed
 * limit was not working. Half a second still shows a rate on a file of a few seconds.
 */
const FIRST_RATE_MS = 500;

/**
 * Counts bytes and files for one job and reports at most five times a second, with a smoothed
 * rate so the ETA does not jump around.
 */
export class ProgressTracker {
  readonly #emit: ((p: TransferProgress) => void) | undefined;
  readonly #now: () => number;
  #state: TransferProgress;
  #lastEmit = 0;
  #lastSampleAt: number;
  #lastSampleBytes = 0;
  /** Whether any byte moved yet (see addBytes). */
  #moving = false;

  constructor(emit?: (p: TransferProgress) => void, now: () => number = Date.now) {
    this.#emit = emit;
    this.#now = now;
    this.#lastSampleAt = now();
    this.#state = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, rate: 0 };
  }

  get snapshot(): TransferProgress {
    return { ...this.#state };
  }

  setTotals(bytesTotal: number, filesTotal: number): void {
    this.#state.bytesTotal = bytesTotal;
    this.#state.filesTotal = filesTotal;
    this.#report(true);
  }

  /** A file grew or shrank after planning (e.g. encryption output): keep totals honest. */
  adjustTotal(deltaBytes: number): void {
    this.#state.bytesTotal += deltaBytes;
  }

  setCurrent(file: string | undefined): void {
    this.#state.currentFile = file;
  }

  addBytes(count: number): void {
    this.#state.bytesDone += count;
    if (!this.#moving) {
      // The rate is measured from the first bytes on, and without them: a bandwidth limit
      // lets the first request through at once and only then waits, so counting it would
      // show a start-up burst above the limit (two requests in the first second, not one).
      this.#moving = true;
      this.#lastSampleAt = this.#now();
      this.#lastSampleBytes = this.#state.bytesDone;
    }
    this.#report(false);
  }

  /**
   * Counts bytes that were already there (a resumed file, files done before a restart)
   * without letting them inflate the rate.
   */
  addExisting(bytes: number, files = 0): void {
    this.#state.bytesDone += bytes;
    this.#state.filesDone += files;
    this.#lastSampleBytes += bytes;
  }

  /** Undo bytes of an attempt that is being retried from the start. */
  removeBytes(count: number): void {
    this.#state.bytesDone = Math.max(0, this.#state.bytesDone - count);
    this.#lastSampleBytes = Math.max(0, this.#lastSampleBytes - count);
  }

  fileDone(): void {
    this.#state.filesDone += 1;
    this.#report(true);
  }

  finish(): void {
    this.#report(true);
  }

  #report(force: boolean): void {
    const now = this.#now();
    const elapsed = now - this.#lastSampleAt;
    const rate = this.#state.rate;
    if (elapsed >= (rate === 0 ? FIRST_RATE_MS : EMIT_EVERY_MS)) {
      const sample = ((this.#state.bytesDone - this.#lastSampleBytes) * 1000) / elapsed;
      this.#state.rate = rate === 0 ? sample : rate + RATE_SMOOTHING * (sample - rate);
      this.#lastSampleAt = now;
      this.#lastSampleBytes = this.#state.bytesDone;
    }
    const left = this.#state.bytesTotal - this.#state.bytesDone;
    this.#state.etaSeconds = this.#state.rate > 0 ? Math.ceil(left / this.#state.rate) : undefined;
    if (!this.#emit || (!force && now - this.#lastEmit < EMIT_EVERY_MS)) return;
    this.#lastEmit = now;
    this.#emit(this.snapshot);
  }
}
