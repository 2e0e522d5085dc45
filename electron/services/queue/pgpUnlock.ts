import { basename } from 'node:path';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { PgpService } from '../pgp/PgpService.ts';

/** What a decryption needs to ask: which key, for which file, and whether a try failed. */
export interface PassphraseQuestion {
  fingerprint: string;
  userId?: string;
  fileName?: string;
  /** The passphrase tried last was wrong (a remembered one, for instance). */
  wrong: boolean;
}

/** Passphrases of protected keyring keys, as a decryption uses them (the app's PgpPassphrases). */
export interface PassphraseSource {
  /** The passphrase known for this key in this run (or remembered), if any. */
  known(fingerprint: string): string | undefined;
  /** Asks the user; resolves with a passphrase that unlocks the key. */
  ask(question: PassphraseQuestion, signal: AbortSignal): Promise<string>;
  /** Drops a passphrase that turned out wrong, from memory and from storage. */
  forget(fingerprint: string): void;
}

/** Wraps a wait for the user, so the job's place among the running jobs is lent meanwhile. */
export type UserWait = <T>(wait: Promise<T>) => Promise<T>;

export interface UnlockingDecrypt {
  inputPath: string;
  overwrite: boolean;
  signal: AbortSignal;
  /** Given by the caller (the command line's --decrypt-passphrase-env): tried first. */
  passphrase?: string;
  /** Absent: a locked key fails the file with PGP_PASSPHRASE_REQUIRED, nobody is asked. */
  passphrases?: PassphraseSource;
  userWait: UserWait;
}

/**
 * Decrypts, and when the secret key turns out to need its passphrase, tries the one known for
 * that key, else asks the user (again, saying so, if a try was wrong), and decrypts again.
 * Each round waits for the user, so it cannot spin. The question is withdrawn when `signal`
 * aborts (the job was cancelled or paused).
 */
export async function decryptUnlocking(request: UnlockingDecrypt, service: PgpService) {
  const { inputPath, overwrite, signal, passphrases } = request;
  let keyPassphrase = request.passphrase;
  let askedUser = false;
  for (;;) {
    try {
      return await service.decryptFile({
        inputPath,
        overwrite,
        signal,
        keyPassphrase,
        messagePassphrase: request.passphrase,
      });
    } catch (err) {
      const error = toAppError(err);
      const key = lockedKey(error);
      if (passphrases === undefined || key === undefined) throw error;
      const wrong = error.code === 'PGP_PASSPHRASE_WRONG';
      if (wrong) passphrases.forget(key.fingerprint);
      const known = wrong ? undefined : passphrases.known(key.fingerprint);
      if (known !== undefined && known !== keyPassphrase) {
        keyPassphrase = known;
        continue;
      }
      const question = { ...key, fileName: basename(inputPath), wrong: wrong && askedUser };
      keyPassphrase = await request.userWait(passphrases.ask(question, signal));
      askedUser = true;
    }
  }
}

/**
 * The secret key a passphrase error is about. Undefined for a file encrypted with a
 * passphrase only (no key): the app has no prompt for those, so such a download fails with
 * PGP_PASSPHRASE_REQUIRED and stays encrypted (the command line's --decrypt-passphrase-env
 * handles them).
 */
function lockedKey(error: AppError): { fingerprint: string; userId?: string } | undefined {
  const locked = error.code === 'PGP_PASSPHRASE_REQUIRED' || error.code === 'PGP_PASSPHRASE_WRONG';
  const { fingerprint, userId } = error.details;
  if (!locked || typeof fingerprint !== 'string' || error.details.symmetric === true) {
    return undefined;
  }
  return typeof userId === 'string' ? { fingerprint, userId } : { fingerprint };
}
