/**
 * A counting gate for pipelined requests: at most `limit` operations running at once. The
 * first failure is kept and surfaces on the next `run` or on `drain`, so a loop that issues
 * requests stops issuing as soon as one has failed.
 */
export class RequestWindow {
  readonly #limit: number;
  #running = 0;
  #waiters: Array<() => void> = [];
  #error: unknown;
  readonly #idle: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  get failed(): boolean {
    return this.#error !== undefined;
  }

  /** Starts `op` once a slot is free; resolves when it has started, not when it ends. */
  async run(op: () => Promise<void>): Promise<void> {
    while (this.#running >= this.#limit && this.#error === undefined) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    if (this.#error !== undefined) throw this.#error;
    this.#running += 1;
    op().then(
      () => this.#settle(),
      (err: unknown) => {
        this.#error ??= err;
        this.#settle();
      },
    );
  }

  async drain(): Promise<void> {
    while (this.#running > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    if (this.#error !== undefined) throw this.#error;
  }

  #settle(): void {
    this.#running -= 1;
    this.#waiters.shift()?.();
    if (this.#error !== undefined) this.#waiters.splice(0).forEach((wake) => wake());
    if (this.#running === 0) this.#idle.splice(0).forEach((wake) => wake());
  }
}

/**
 * Tracks the contiguous prefix of a file that is finished while pieces finish out of order.
 * Pieces must be registered in offset order; `done` may come in any order.
 */
export class Watermark {
  #mark: number;
  readonly #pieces: Array<{ end: number; done: boolean }> = [];

  constructor(start: number) {
    this.#mark = start;
  }

  get value(): number {
    return this.#mark;
  }

  add(end: number): { end: number; done: boolean } {
    const piece = { end, done: false };
    this.#pieces.push(piece);
    return piece;
  }

  /** Marks a piece finished; returns true when the mark moved. */
  done(piece: { end: number; done: boolean }): boolean {
    piece.done = true;
    let moved = false;
    while (this.#pieces[0]?.done) {
      this.#mark = (this.#pieces.shift() as { end: number }).end;
      moved = true;
    }
    return moved;
  }
}
