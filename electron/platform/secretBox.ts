import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors.ts';
import type { SecretBox } from '../services/profiles/stores.ts';

/**
 * Secrets sealed by the OS keychain (Keychain, DPAPI, libsecret/kwallet) through safeStorage.
 * SECURITY: on Linux without a keyring Electron falls back to a fixed, public key
 * ('basic_text'); that is no protection, so it counts as unavailable and nothing is saved.
 */
export class SafeStorageSecretBox implements SecretBox {
  readonly #safeStorage: SafeStorage;
  readonly #platform: NodeJS.Platform;

  constructor(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform) {
    this.#safeStorage = safeStorage;
    this.#platform = platform;
  }

  isAvailable(): boolean {
    if (!this.#safeStorage.isEncryptionAvailable()) return false;
    if (this.#platform !== 'linux') return true;
    const backend = this.#safeStorage.getSelectedStorageBackend();
    return backend !== 'basic_text' && backend !== 'unknown';
  }

  seal(plaintext: string): string {
    if (!this.isAvailable()) {
      throw new AppError('SECRET_STORAGE_UNAVAILABLE', 'safeStorage unavailable');
    }
    return this.#safeStorage.encryptString(plaintext).toString('base64');
  }

  open(sealed: string): string {
    try {
      return this.#safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch (err) {
      // Sealed on another computer or user account, or the keychain entry was reset.
      throw new AppError('SETTINGS_INVALID', 'sealed secret cannot be opened', {}, err);
    }
  }
}
