import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { KeyValueStore, SecretBox } from '../profiles/stores.ts';
import type {
  FilePassphraseQuestion,
  PassphraseQuestion,
  PassphraseSource,
} from '../queue/pgpUnlock.ts';
import type { EventSink } from './events.ts';

export interface PgpPassphrasesOptions {
  emit: EventSink;
  store: KeyValueStore;
  secrets: SecretBox;
  /** Resolves when the passphrase unlocks the key; PGP_PASSPHRASE_WRONG otherwise. */
  check: (fingerprint: string, passphrase: string) => Promise<void>;
  /** The key's first user ID, for the prompt when the question does not carry one. */
  describe: (fingerprint: string) => Promise<string | undefined>;
  logger: Logger;
}

interface OpenPrompt {
  promptId: string;
  /** A key's prompt; absent for a passphrase-only file's (one prompt per file). */
  fingerprint?: string;
  waiters: Set<{ resolve: (passphrase: string) => void; reject: (err: unknown) => void }>;
}

const STORE_KEY = 'pgpPassphrases';

/**
 * Passphrases of the OpenPGP secret keys in the keyring, for decrypting downloads, and of
 * files encrypted with a passphrase only (asked per file, kept in memory for this run). A job that
 * meets a protected key asks here; one prompt per key is open at a time (other jobs needing
 * the same key wait on it), its answer is checked against the key before anyone gets it, and
 * a wrong answer leaves the prompt open. Known passphrases live in memory for the app's run;
 * only one the user asked to remember is stored, sealed by the OS keychain.
 * SECURITY: passphrases are never logged and never leave main once answered.
 * A prompt stays open until answered, cancelled, or its jobs are cancelled or paused: a
 * download that finished while nobody watched waits for the passphrase instead of failing,
 * and lends its place among the queue's running jobs to others meanwhile.
 */
export class PgpPassphrases implements PassphraseSource {
  readonly #o: PgpPassphrasesOptions;
  readonly #logger: Logger;
  readonly #known = new Map<string, string>();
  readonly #open = new Map<string, OpenPrompt>();
  /** Passphrases that opened passphrase-only files this run, latest first; never stored. */
  #files: string[] = [];

  constructor(options: PgpPassphrasesOptions) {
    this.#o = options;
    this.#logger = options.logger.child('pgp');
  }

  known(fingerprint: string): string | undefined {
    const inMemory = this.#known.get(fingerprint);
    if (inMemory !== undefined) return inMemory;
    const sealed = this.#stored()[fingerprint];
    if (sealed === undefined) return undefined;
    try {
      const passphrase = this.#o.secrets.open(sealed);
      this.#known.set(fingerprint, passphrase);
      return passphrase;
    } catch {
      // Sealed on another computer or by another user: of no use here.
      this.#unstore(fingerprint);
      return undefined;
    }
  }

  async ask(question: PassphraseQuestion, signal: AbortSignal): Promise<string> {
    if (signal.aborted) throw new AppError('CANCELLED', 'job cancelled');
    let prompt = [...this.#open.values()].find((p) => p.fingerprint === question.fingerprint);
    if (prompt === undefined) {
      prompt = { promptId: randomUUID(), fingerprint: question.fingerprint, waiters: new Set() };
      this.#open.set(prompt.promptId, prompt);
      const userId =
        question.userId ?? (await this.#o.describe(question.fingerprint).catch(() => undefined));
      this.#o.emit('pgp:passphrasePrompt', {
        promptId: prompt.promptId,
        kind: 'key',
        fingerprint: question.fingerprint,
        wrong: question.wrong,
        ...(userId === undefined ? {} : { userId }),
        ...(question.fileName === undefined ? {} : { fileName: question.fileName }),
      });
    }
    return this.#wait(prompt, signal);
  }

  /**
   * A file encrypted with a passphrase only: one prompt per file (each may have its own).
   * The answer cannot be checked without decrypting, so the decryption asks again when wrong.
   */
  async askFile(question: FilePassphraseQuestion, signal: AbortSignal): Promise<string> {
    if (signal.aborted) throw new AppError('CANCELLED', 'job cancelled');
    const prompt: OpenPrompt = { promptId: randomUUID(), waiters: new Set() };
    this.#open.set(prompt.promptId, prompt);
    this.#o.emit('pgp:passphrasePrompt', {
      promptId: prompt.promptId,
      kind: 'file',
      fileName: question.fileName,
      wrong: question.wrong,
    });
    return this.#wait(prompt, signal);
  }

  filePassphrases(): string[] {
    return [...this.#files];
  }

  fileWorked(passphrase: string): void {
    // A handful is plenty: a partner usually sends many files under one passphrase.
    this.#files = [passphrase, ...this.#files.filter((p) => p !== passphrase)].slice(0, 5);
  }

  #wait(open: OpenPrompt, signal: AbortSignal): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const waiter = {
        resolve: (passphrase: string) => {
          signal.removeEventListener('abort', onAbort);
          resolve(passphrase);
        },
        reject: (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => {
        open.waiters.delete(waiter);
        // Nobody waits any more: the question is withdrawn, the dialog closes.
        if (open.waiters.size === 0) this.#close(open, false);
        reject(new AppError('CANCELLED', 'job cancelled'));
      };
      open.waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The user's answer. No passphrase means "cancel": the waiting jobs fail with
   * PGP_PASSPHRASE_REQUIRED (their encrypted downloads stay). A wrong passphrase fails with
   * PGP_PASSPHRASE_WRONG and the prompt stays open. Answers whether it was stored.
   */
  async answer(promptId: string, passphrase: string | undefined, remember: boolean) {
    const prompt = this.#open.get(promptId);
    if (!prompt) throw new AppError('NOT_FOUND', 'no such passphrase prompt', { promptId });
    const { fingerprint } = prompt;
    if (passphrase === undefined) {
      this.#close(prompt, true);
      return { remembered: false };
    }
    if (fingerprint === undefined) {
      // A file's passphrase: handed to its decryption, which tells whether it was right.
      this.#open.delete(promptId);
      for (const waiter of prompt.waiters) waiter.resolve(passphrase);
      return { remembered: false };
    }
    await this.#o.check(fingerprint, passphrase);
    // The prompt may have been withdrawn while the key was being unlocked.
    if (!this.#open.has(promptId)) {
      throw new AppError('NOT_FOUND', 'passphrase prompt withdrawn', { promptId });
    }
    this.#known.set(fingerprint, passphrase);
    const remembered = remember && this.#remember(fingerprint, passphrase);
    this.#open.delete(promptId);
    for (const waiter of prompt.waiters) waiter.resolve(passphrase);
    this.#logger.info('answer: key unlocked', { fingerprint, remembered });

    return { remembered };
  }

  forget(fingerprint: string): void {
    this.#known.delete(fingerprint);
    this.#unstore(fingerprint);
  }

  /** Refuses every open prompt (app quitting). */
  rejectAll(): void {
    for (const prompt of [...this.#open.values()]) this.#close(prompt, true);
  }

  #close(prompt: OpenPrompt, refuse: boolean): void {
    this.#open.delete(prompt.promptId);
    if (refuse) {
      const error = new AppError(
        'PGP_PASSPHRASE_REQUIRED',
        'passphrase not given',
        prompt.fingerprint === undefined
          ? { symmetric: true }
          : { fingerprint: prompt.fingerprint },
      );
      for (const waiter of prompt.waiters) waiter.reject(error);
    }
    this.#o.emit('pgp:passphraseClosed', { promptId: prompt.promptId });
  }

  /** SECURITY: without OS secure storage nothing is written; the passphrase stays in memory. */
  #remember(fingerprint: string, passphrase: string): boolean {
    if (!this.#o.secrets.isAvailable()) return false;
    const stored = this.#stored();
    this.#o.store.set(STORE_KEY, { ...stored, [fingerprint]: this.#o.secrets.seal(passphrase) });
    return true;
  }

  #unstore(fingerprint: string): void {
    const stored = this.#stored();
    if (!(fingerprint in stored)) return;
    const { [fingerprint]: _gone, ...rest } = stored;
    this.#o.store.set(STORE_KEY, rest);
  }

  #stored(): Record<string, string> {
    const raw = this.#o.store.get(STORE_KEY);
    if (typeof raw !== 'object' || raw === null) return {};
    const entries = Object.entries(raw).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    return Object.fromEntries(entries);
  }
}
