import type { HostKeyInfo } from './hostKeyCheck.ts';

/**
 * The connect timeout (reaching the server, the handshake and logging in), paused while a
 * person decides about a new host key: people take longer than 20 s to compare a fingerprint,
 * and a slow answer is not the server's fault. ssh2's own readyTimeout cannot be paused.
 */
export class ReadyTimer {
  readonly #onExpire: () => void;
  #remainingMs: number;
  #startedMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(timeoutMs: number, onExpire: () => void) {
    this.#remainingMs = timeoutMs;
    this.#onExpire = onExpire;
  }

  start(): void {
    if (this.#stopped || this.#timer || this.#remainingMs <= 0) return;
    this.#startedMs = Date.now();
    this.#timer = setTimeout(() => {
      this.#stopped = true;
      this.#onExpire();
    }, this.#remainingMs);
  }

  pause(): void {
    if (!this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#remainingMs = Math.max(1, this.#remainingMs - (Date.now() - this.#startedMs));
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

export type ConfirmHostKey = (info: HostKeyInfo, signal: AbortSignal) => Promise<boolean>;

/**
 * Asks about a new host key with the timer paused. `gaveUp` aborts when the connection
 * failed meanwhile (the server hung up); the asker may then withdraw its question, and a late
 * yes counts as no, so a key is never saved for a connection that no longer exists.
 */
export async function confirmUntimed(
  confirm: ConfirmHostKey,
  info: HostKeyInfo,
  timer: ReadyTimer,
  gaveUp: AbortSignal,
): Promise<boolean> {
  timer.pause();
  try {
    const yes = await confirm(info, gaveUp);
    return yes && !gaveUp.aborted;
  } finally {
    timer.start();
  }
}
