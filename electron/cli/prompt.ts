import { createInterface, type Interface } from 'node:readline';
import { AppError } from '../../shared/errors.ts';

/** True when a person can answer questions: both ends of the terminal are interactive. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Ctrl-C at a question: the whole command stops, as Ctrl-C anywhere else (exit 130). */
function interrupted(): AppError {
  return new AppError('CANCELLED', 'interrupted at a prompt', { interrupted: true });
}

/**
 * Asks one question. The terminal is in raw mode while readline reads it, so Ctrl-C arrives
 * as readline's SIGINT event (not as a signal) and rejects; Ctrl-D (end of input) and `signal`
 * settle with undefined: no answer.
 */
function ask(
  rl: Interface,
  question: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve, reject) => {
    rl.on('SIGINT', () => reject(interrupted()));
    rl.on('close', () => resolve(undefined));
    signal?.addEventListener('abort', () => resolve(undefined), { once: true });
    rl.question(question, resolve);
  });
}

/** Reads a line; undefined when the person gave none (Ctrl-D) or `signal` withdrew it. */
export async function askLine(question: string, signal?: AbortSignal): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  let answered = false;
  try {
    const answer = await ask(rl, question, signal);
    answered = answer !== undefined;
    return answer;
  } finally {
    rl.close();
    if (!answered) process.stderr.write('\n');
  }
}

/**
 * Reads a secret without echoing it, for key passphrases. Ctrl-D gives no passphrase, which
 * fails like a key that needs one (exit 1), its hint naming `flag`, where a script puts the
 * passphrase (the SSH key's --passphrase-env unless told); Ctrl-C cancels (exit 130).
 */
export async function askHidden(question: string, flag?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  output._writeToOutput = (s: string) => {
    // Echo the question once, then nothing of what is typed.
    if (!asked) process.stderr.write(s);
    asked = true;
  };
  try {
    const answer = await ask(rl, question, undefined);
    if (answer === undefined) {
      throw new AppError('KEY_PASSPHRASE_REQUIRED', 'no passphrase given', {
        given: 'none',
        ...(flag ? { cliFlag: flag } : {}),
      });
    }
    return answer;
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
