import type { Logger } from '../../shared/logger.ts';

interface RendererLine {
  level: 'error' | 'warn' | 'info';
  message: string;
  fields?: Record<string, string | number | boolean>;
}

const BURST = 50;
const REFILL_PER_SECOND = 5;

/**
 * Renderer log lines through one token bucket, so a render loop gone wrong cannot fill the
 * disk. Dropped lines are counted and reported with the next line that gets through.
 */
export class RendererLogLimiter {
  readonly #logger: Logger;
  readonly #now: () => number;
  #tokens = BURST;
  #last: number;
  #dropped = 0;

  constructor(logger: Logger, now: () => number = Date.now) {
    this.#logger = logger;
    this.#now = now;
    this.#last = now();
  }

  write(line: RendererLine): boolean {
    const now = this.#now();
    this.#tokens = Math.min(BURST, this.#tokens + ((now - this.#last) / 1000) * REFILL_PER_SECOND);
    this.#last = now;
    if (this.#tokens < 1) {
      this.#dropped += 1;
      return false;
    }
    this.#tokens -= 1;
    const fields =
      this.#dropped > 0 ? { ...line.fields, droppedBefore: this.#dropped } : line.fields;
    this.#dropped = 0;
    this.#logger[line.level](line.message, fields);
    return true;
  }
}
