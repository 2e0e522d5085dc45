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

/** What a passphrase-only file's decryption asks: which file, and whether a try failed. */
export interface FilePassphraseQuestion {
  fileName: string;
  /** The passphrase the user gave last for this file was wrong. */
  wrong: boolean;
}

/**
 * Passphrases of protected keyring keys, and of files encrypted with a passphrase only, as a
 * decryption uses them (the app's PgpPassphrases).
 */
export interface PassphraseSource {
  /** The passphrase known for this key in this run (or remembered), if any. */
  known(fingerprint: string): string | undefined;
  /** Asks the user; resolves with a passphrase that unlocks the key. */
  ask(question: PassphraseQuestion, signal: AbortSignal): Promise<string>;
  /** Drops a passphrase that turned out wrong, from memory and from storage. */
  forget(fingerprint: string): void;
  /**
   * Asks for the passphrase a file was encrypted with. Nothing can check it but decrypting,
   * so any answer is handed back; a wrong one makes the decryption ask again.
   */
  askFile(question: FilePassphraseQuestion, signal: AbortSignal): Promise<string>;
  /** File passphrases that worked in this run, latest first: tried before asking. */
  filePassphrases(): string[];
  /** A file passphrase the user gave worked (kept in memory for this run only). */
  fileWorked(passphrase: string): void;
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
  /** Refuse a file not signed by a known key. */
  requireSignature?: boolean;
  userWait: UserWait;
}

/**
 * Decrypts, and when the secret key turns out to need its passphrase, tries the one known for
 * that key, else asks the user (again, saying so, if a try was wrong), and decrypts again.
 * A file encrypted with a passphrase only is handled alike: the passphrases that opened other
 * files in this run are tried, then the user is asked for this file's. Each round waits for
 * the user or tries an untried passphrase, so it cannot spin. The question is withdrawn when
 * `signal` aborts (the job was cancelled or paused).
 */
export async function decryptUnlocking(request: UnlockingDecrypt, service: PgpService) {
  const { inputPath, overwrite, signal, passphrases } = request;
  let keyPassphrase = request.passphrase;
  let messagePassphrase = request.passphrase;
  let askedUser = false;
  const file: FileRounds = { tried: new Set(), askedUser: false, fromUser: false };
  for (;;) {
    try {
      const result = await service.decryptFile({
        inputPath,
        overwrite,
        signal,
        keyPassphrase,
        messagePassphrase,
        requireSignature: request.requireSignature,
      });
      if (file.fromUser && messagePassphrase !== undefined) {
        passphrases?.fileWorked(messagePassphrase);
      }
      return result;
    } catch (err) {
      const error = toAppError(err);
      if (passphrases !== undefined && isFileLocked(error)) {
        messagePassphrase = await nextFilePassphrase(request, passphrases, error, file);
        continue;
      }
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

interface FileRounds {
  tried: Set<string>;
  askedUser: boolean;
  /** The passphrase being tried is the user's answer for this file. */
  fromUser: boolean;
}

/** A passphrase that opened another file this run, not yet tried here; else the user's. */
async function nextFilePassphrase(
  request: UnlockingDecrypt,
  passphrases: PassphraseSource,
  error: AppError,
  rounds: FileRounds,
): Promise<string> {
  const untried = passphrases.filePassphrases().find((p) => !rounds.tried.has(p));
  if (untried !== undefined && !rounds.askedUser) {
    rounds.tried.add(untried);
    return untried;
  }
  const wrong = error.code === 'PGP_PASSPHRASE_WRONG' && rounds.askedUser;
  const question = { fileName: basename(request.inputPath), wrong };
  const answer = await request.userWait(passphrases.askFile(question, request.signal));
  rounds.askedUser = true;
  rounds.fromUser = true;
  rounds.tried.add(answer);
  return answer;
}

/** The file itself needs a passphrase (it was encrypted with one, to no key). */
function isFileLocked(error: AppError): boolean {
  const locked = error.code === 'PGP_PASSPHRASE_REQUIRED' || error.code === 'PGP_PASSPHRASE_WRONG';
  return locked && error.details.symmetric === true;
}

/** The secret key a passphrase error is about; undefined for a passphrase-only file. */
function lockedKey(error: AppError): { fingerprint: string; userId?: string } | undefined {
  const locked = error.code === 'PGP_PASSPHRASE_REQUIRED' || error.code === 'PGP_PASSPHRASE_WRONG';
  const { fingerprint, userId } = error.details;
  if (!locked || typeof fingerprint !== 'string' || error.details.symmetric === true) {
    return undefined;
  }
  return typeof userId === 'string' ? { fingerprint, userId } : { fingerprint };
}
