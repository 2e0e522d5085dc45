import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Store from 'electron-store';
import type { Logger } from '../../shared/logger.ts';
import type { KeyValueStore } from '../services/profiles/stores.ts';

/**
 * electron-store as the app's KeyValueStore. Its values are checked by the services' zod
 * schemas on every read, so this adapter stays a plain get/set.
 */
export class ElectronKeyValueStore implements KeyValueStore {
  readonly #store: Store<Record<string, unknown>>;

  constructor(dir: string, logger: Logger, name = 'config') {
    this.#store = openStore(dir, name, logger);
  }

  get(key: string): unknown {
    return this.#store.get(key);
  }

  set(key: string, value: unknown): void {
    this.#store.set(key, value);
  }
}

/**
 * A file that is not JSON (a crash mid-write, a hand edit) would stop the app from starting.
 * It is moved aside, not deleted, so support can still recover profiles from it.
 */
function openStore(dir: string, name: string, logger: Logger): Store<Record<string, unknown>> {
  const options = { cwd: dir, name, clearInvalidConfig: false };
  try {
    return new Store<Record<string, unknown>>(options);
  } catch (err) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) throw err;
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    logger.warn('openStore: unreadable settings moved aside', { aside });
    return new Store<Record<string, unknown>>(options);
  }
}
