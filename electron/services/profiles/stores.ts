/**
 * Storage seams. The app backs these with electron-store and safeStorage (electron/platform);
 * tests and the e2e harness use the in-memory and AES versions, so every service that keeps
 * data runs in plain Node.
 */

/** A small persistent map of JSON values (one electron-store file in the app). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/**
 * Seals secrets (private keys, passphrases) with the OS keychain. seal/open work on text;
 * the sealed form is base64 and safe to store in JSON.
 */
export interface SecretBox {
  /** False when the OS offers no real protection (e.g. Linux without a keyring). */
  isAvailable(): boolean;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Keeps values as deep copies, as a JSON file would, so callers cannot alias stored data. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #values = new Map<string, unknown>();

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  get(key: string): unknown {
    const value = this.#values.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  set(key: string, value: unknown): void {
    this.#values.set(key, JSON.parse(JSON.stringify(value)) as unknown);
  }

  /** Everything stored, serialised the way electron-store writes its file. */
  toJSON(): string {
    return JSON.stringify(Object.fromEntries(this.#values));
  }
}
