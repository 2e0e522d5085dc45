import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { EventSink } from './events.ts';

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

/** An unanswered prompt counts as "do not trust", so a forgotten dialog cannot hang a connect. */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * The round trip behind "Do you trust this server?": ask() sends ssh:hostKeyPrompt and waits
 * for ssh:answerHostKey with the same promptId.
 */
export class HostKeyPrompts {
  readonly #emit: EventSink;
  readonly #timeoutMs: number;
  readonly #waiting = new Map<string, (trust: boolean) => void>();

  constructor(emit: EventSink, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.#emit = emit;
    this.#timeoutMs = timeoutMs;
  }

  ask(question: HostKeyQuestion): Promise<boolean> {
    const promptId = randomUUID();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), this.#timeoutMs);
      const settle = (trust: boolean): void => {
        clearTimeout(timer);
        this.#waiting.delete(promptId);
        resolve(trust);
      };
      this.#waiting.set(promptId, settle);
      this.#emit('ssh:hostKeyPrompt', { promptId, ...question });
    });
  }

  answer(promptId: string, trust: boolean): void {
    const settle = this.#waiting.get(promptId);
    if (!settle) throw new AppError('NOT_FOUND', 'no such host key prompt', { promptId });
    settle(trust);
  }

  /** Refuses every open prompt, e.g. when the window is closed. */
  rejectAll(): void {
    for (const settle of [...this.#waiting.values()]) settle(false);
  }
}
