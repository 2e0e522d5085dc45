import { AppError } from '../../shared/errors.ts';
import type { Clock } from '../../electron/services/transfer/limiter.ts';

interface Sleeper {
  until: number;
  wake: () => void;
}

/**
 * A clock that moves only when the test says so. Given to a queue with a bandwidth limit, it
 * holds a transfer wherever the limiter makes it wait: the transfer moves as far as the test
 * lets it, then waits for as long as the test likes (a pause or a cancel ends the wait), so a
 * test can stop a job mid-file without racing the job to its end.
 */
export class HandClock implements Clock {
  #now = Date.now();
  readonly #sleepers = new Set<Sleeper>();
  #sleepWatchers: Array<() => void> = [];

  now = (): number => this.#now;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AppError('CANCELLED', 'cancelled while waiting'));
      const sleeper: Sleeper = {
        until: this.#now + ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers.delete(sleeper);
        reject(new AppError('CANCELLED', 'cancelled while waiting'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.add(sleeper);
      this.#sleepWatchers.splice(0).forEach((watch) => watch());
    });

  /**
   * Resolves once something sleeps on this clock: at once if something does now. The sleeps
   * advance() woke no longer count, so after it this waits for the transfer to be held again.
   */
  whenSleeping(): Promise<void> {
    if (this.#sleepers.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.#sleepWatchers.push(resolve));
  }

  /** Moves time on, waking every sleep that is then over. */
  advance(ms: number): void {
    this.#now += ms;
    for (const sleeper of [...this.#sleepers]) {
      if (sleeper.until > this.#now) continue;
      this.#sleepers.delete(sleeper);
      sleeper.wake();
    }
  }
}
