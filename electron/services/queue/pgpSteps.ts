import { AppError } from '../../../shared/errors.ts';
import type { PgpKeyRef, PgpService, PgpSignWith } from '../pgp/PgpService.ts';
import { checkRecipients, encryptedChunks } from '../pgp/transferPgp.ts';
import type { UploadSource } from '../transfer/files.ts';
import type { PlanItem } from '../transfer/plan.ts';
import type { PgpDecryptResult, PgpSignatureStatus } from '../pgp/types.ts';
import { decryptUnlocking, type PassphraseSource, type UserWait } from './pgpUnlock.ts';
import type { Decryption } from './types.ts';

/**
 * OpenPGP as the queue uses it. A job that asks for encryption or decryption on a queue
 * without this fails before anything moves: nothing is ever sent in clear instead.
 */
export interface QueuePgp {
  /**
   * Checks every recipient (an expired, revoked or sign-only key stops the job here, before
   * a byte is sent) and answers how to read a file encrypted as it streams: no plaintext copy
   * is written anywhere.
   */
  encryptor(recipients: string[]): Promise<(item: PlanItem) => UploadSource>;
  /**
   * Decrypts a complete download beside itself (`name.csv.pgp` → `name.csv`). The plaintext
   * takes its name only after the integrity check; the encrypted file is left in place.
   */
  decrypt(path: string, options: DecryptOptions): Promise<Decryption>;
}

export interface DecryptOptions {
  overwrite: boolean;
  signal: AbortSignal;
  /** Wraps a wait for the user (a key's passphrase), during which other jobs may run. */
  userWait?: UserWait;
}

/** Who signed, as the queue keeps it: the user ID when the key is known, else its ID. */
function signerOf(signature: PgpSignatureStatus): string | undefined {
  if (signature.kind === 'valid') return signature.userId ?? signature.fingerprint;
  if (signature.kind === 'bad') return signature.fingerprint ?? signature.keyId;
  if (signature.kind === 'unknown-signer') return signature.keyId;
  return undefined;
}

export interface KeyringPgpOptions {
  /** How a recipient named in a job is found: a keyring fingerprint (app) or a key file. */
  recipient: (name: string) => PgpKeyRef;
  signWith?: PgpSignWith;
  /** A protected secret key's passphrase, or a passphrase-only file's (command line). */
  passphrase?: string;
  /** Refuse decrypted files not signed by a known key (command line --require-signature). */
  requireSignature?: boolean;
  /**
   * Passphrases of protected keyring keys, known or asked of the user (the app): a download
   * that meets such a key waits for the answer, and fails PGP_PASSPHRASE_REQUIRED if refused.
   */
  passphrases?: PassphraseSource;
  /** Told about each decrypted file (the command line prints who signed it). */
  onDecrypted?: (path: string, result: PgpDecryptResult) => void;
}

/** QueuePgp on a PgpService: its keyring, its worker threads. */
export function serviceQueuePgp(service: PgpService, options: KeyringPgpOptions): QueuePgp {
  return {
    async encryptor(names) {
      if (names.length === 0) {
        throw new AppError('PGP_NO_RECIPIENTS', 'no recipients');
      }
      const recipients = names.map(options.recipient);
      // The keyring's keys are checked on their exported form: the check reads key material.
      const material = await Promise.all(
        recipients.map(async (ref) =>
          'fingerprint' in ref
            ? { armored: await service.keyring.exportPublic(ref.fingerprint) }
            : ref,
        ),
      );
      await checkRecipients(material);
      return (item) => ({
        localPath: item.local,
        mtimeMs: item.mtimeMs,
        countsOwnProgress: true,
        open: (onBytes) =>
          encryptedChunks(service, item.local, recipients, options.signWith, onBytes),
      });
    },
    async decrypt(path, { overwrite, signal, userWait }) {
      const request = {
        inputPath: path,
        overwrite,
        signal,
        passphrase: options.passphrase,
        passphrases: options.passphrases,
        requireSignature: options.requireSignature,
        userWait: userWait ?? ((wait) => wait),
      };
      const result = await decryptUnlocking(request, service);
      options.onDecrypted?.(path, result);
      const signer = signerOf(result.signature);
      const sig = result.signature;
      return {
        output: result.outputPath,
        signature: sig.kind,
        ...(signer === undefined ? {} : { signer }),
        ...('fingerprint' in sig && sig.fingerprint ? { fingerprint: sig.fingerprint } : {}),
        ...('keyId' in sig ? { keyId: sig.keyId } : {}),
        ...('userId' in sig && sig.userId ? { userId: sig.userId } : {}),
      };
    },
  };
}
