import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../../shared/schemas/settings.ts';
import type { SettingsPatchSchema } from '../../../shared/schemas/settings.ts';
import type { KeyValueStore } from './stores.ts';

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;

const STORE_KEY = 'settings';

/** The user's preferences, schema-checked on every read so a hand-edited file cannot break us. */
export class SettingsService {
  readonly #store: KeyValueStore;
  readonly #logger: Logger;

  constructor(store: KeyValueStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger.child('settings');
  }

  get(): Settings {
    const raw = this.#store.get(STORE_KEY);
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    const parsed = SettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.#logger.warn('get: stored settings invalid; using defaults', {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
    return { ...DEFAULT_SETTINGS };
  }

  update(patch: SettingsPatch): Settings {
    const next = SettingsSchema.safeParse({ ...this.get(), ...patch });
    if (!next.success) throw new AppError('INVALID_ARGUMENT', 'settings patch rejected');
    this.#store.set(STORE_KEY, next.data);
    return next.data;
  }
}
