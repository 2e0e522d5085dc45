import { AppError } from '../../../shared/errors.ts';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock; tests inject their own. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AppError('CANCELLED', 'cancelled while waiting'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AppError('CANCELLED', 'cancelled while waiting'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A token bucket shared by every transfer of a queue, so the limit holds for the sum of all
 * files in flight. A burst of at most a quarter second of traffic is allowed, which keeps
 * pipelining useful without letting the average overshoot.
 */
export class BandwidthLimiter {
  readonly #clock: Clock;
  #rate: number | undefined;
  #tokens = 0;
  #updatedAt: number;

  constructor(bytesPerSecond: number | undefined, clock: Clock = SYSTEM_CLOCK) {
    this.#clock = clock;
    this.#rate = positive(bytesPerSecond);
    this.#updatedAt = clock.now();
  }

  get bytesPerSecond(): number | undefined {
    return this.#rate;
  }

  setRate(bytesPerSecond: number | undefined): void {
    this.#rate = positive(bytesPerSecond);
    this.#tokens = 0;
    this.#updatedAt = this.#clock.now();
  }

  /** Waits until `count` bytes may pass. Without a limit it returns at once. */
  async take(count: number, signal?: AbortSignal): Promise<void> {
    while (this.#rate !== undefined) {
      const rate = this.#rate;
      this.#refill(rate);
      if (this.#tokens >= 0) {
        this.#tokens -= count;
        return;
      }
      await this.#clock.sleep(Math.ceil((-this.#tokens * 1000) / rate), signal);
    }
  }

  #refill(rate: number): void {
    const now = this.#clock.now();
    const burst = rate / 4;
    this.#tokens = Math.min(burst, this.#tokens + ((now - this.#updatedAt) * rate) / 1000);
    this.#updatedAt = now;
  }
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
