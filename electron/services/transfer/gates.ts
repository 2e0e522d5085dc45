import { AppError } from '../../../shared/errors.ts';

/** A counting semaphore whose size may change while in use. */
export class Semaphore {
  #size: number;
  #held = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  setSize(size: number): void {
    this.#size = Math.max(1, size);
    this.#wakeSome();
  }

  /** Waits for a slot; resolves with its release. Rejects with CANCELLED on abort. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    while (this.#held >= this.#size) {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const index = this.#waiters.indexOf(wake);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(new AppError('CANCELLED', 'cancelled while waiting for a slot'));
        };
        if (signal?.aborted) return onAbort();
        this.#waiters.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.#held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held -= 1;
      this.#wakeSome();
    };
  }

  #wakeSome(): void {
    let room = this.#size - this.#held;
    while (room > 0 && this.#waiters.length > 0) {
      this.#waiters.shift()?.();
      room -= 1;
    }
  }
}

/** Files below this size share the wide gate: their cost is round trips, not bytes. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/**
 * How many files move at once. Large files take a slot of `files` (default 4); small ones a
 * slot of `smallFiles` (default 64), since many in flight hide the round trips each costs.
 * A queue shares one FileGates among all its jobs.
 */
export class FileGates {
  readonly files: Semaphore;
  readonly smallFiles: Semaphore;

  constructor(files = 4, smallFiles = 64) {
    this.files = new Semaphore(files);
    this.smallFiles = new Semaphore(smallFiles);
  }

  forSize(size: number): Semaphore {
    return size < SMALL_FILE_BYTES ? this.smallFiles : this.files;
  }
}
