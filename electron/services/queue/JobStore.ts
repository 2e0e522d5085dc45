import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../shared/logger.ts';
import { StoreFileSchema, type JobRecord, type Leftover } from './types.ts';

/** What the file holds. */
export interface StoredQueue {
  jobs: JobRecord[];
  leftovers: Leftover[];
}

const FILE_NAME = 'transfer-queue.json';
/** Writes are gathered: per-file progress would otherwise rewrite the file hundreds of times. */
const SAVE_DELAY_MS = 250;

/**
 * The queue's jobs in one JSON file inside an injected folder. Every write goes to a
 * temporary file that is then renamed over the real one, so a crash or a kill leaves the
 * previous or the new list, never a torn file.
 */
export class JobStore {
  readonly path: string;
  readonly #dir: string;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #pending: (() => StoredQueue) | undefined;

  constructor(dir: string, logger: Logger) {
    this.#dir = dir;
    this.path = join(dir, FILE_NAME);
    this.#logger = logger;
  }

  /** Reads the stored jobs; a missing file is an empty queue, a damaged one is set aside. */
  async load(): Promise<StoredQueue> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { jobs: [], leftovers: [] };
    }
    try {
      const stored = StoreFileSchema.parse(JSON.parse(text));
      return { jobs: stored.jobs as JobRecord[], leftovers: stored.leftovers ?? [] };
    } catch (err) {
      const aside = `${this.path}.damaged-${Date.now()}`;
      this.#logger.error('load: queue file unreadable, set aside', { aside, error: String(err) });
      await rename(this.path, aside).catch(() => undefined);
      return { jobs: [], leftovers: [] };
    }
  }

  /** Schedules a save of what `read` returns at write time. */
  schedule(read: () => StoredQueue): void {
    this.#pending = read;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, SAVE_DELAY_MS);
  }

  /** Writes any scheduled save now and waits for it. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const read = this.#pending;
    this.#pending = undefined;
    if (read) {
      const text = JSON.stringify({ version: 1, ...read() });
      this.#writing = this.#writing.then(() => this.#write(text));
    }
    await this.#writing;
  }

  async #write(text: string): Promise<void> {
    try {
      await mkdir(this.#dir, { recursive: true });
      const temp = `${this.path}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.path);
    } catch (err) {
      this.#logger.error('save: could not write the queue file', { error: String(err) });
    }
  }
}
