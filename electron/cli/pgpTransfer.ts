import { rm } from 'node:fs/promises';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { PgpWorkerPool } from '../services/pgp/workerPool.ts';
import {
  checkRecipients,
  encryptedChunks,
  ephemeralPgp,
  isEncryptedName,
  signatureLine,
  type EphemeralPgp,
} from '../services/pgp/transferPgp.ts';
import type { PgpKeyRef } from '../services/pgp/PgpService.ts';
import type { TransferOptions, TransferOutcome } from '../services/transfer/transfer.ts';
import type { TransferHooks } from './commands.ts';

type Flags = Record<string, unknown>;

function envSecret(flags: Flags, name: string): string | undefined {
  const variable = flags[name];
  if (typeof variable !== 'string') return undefined;
  const value = process.env[variable];
  if (value === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'passphrase variable not set', {
      reason: `the environment variable ${variable} is not set`,
    });
  }
  return value;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}

/**
 * `put --encrypt-to` and `get --decrypt` on top of the file commands. Uploads are encrypted
 * as they stream (no plaintext copy on disk, nothing on the server if encryption fails);
 * downloads are decrypted once complete, into the name without .pgp/.gpg/.asc.
 */
export function createPgpTransferHooks(logger: Logger): TransferHooks & { close(): Promise<void> } {
  let pool: PgpWorkerPool | undefined;
  const opened: EphemeralPgp[] = [];
  const pgpFor = async (keyFiles: string[]): Promise<EphemeralPgp> => {
    pool ??= new PgpWorkerPool({ logger });
    const pgp = await ephemeralPgp(pool, keyFiles, logger);
    opened.push(pgp);
    return pgp;
  };

  return {
    async upload(flags: Flags): Promise<Partial<TransferOptions>> {
      const recipientFiles = list(flags.encryptTo);
      if (recipientFiles.length === 0) {
        if (flags.signWith) throw usage('--sign-with needs --encrypt-to');
        return {};
      }
      const recipients: PgpKeyRef[] = recipientFiles.map((path) => ({ path }));
      await checkRecipients(recipients);
      const signFiles = typeof flags.signWith === 'string' ? [flags.signWith] : [];
      const pgp = await pgpFor(signFiles);
      const signWith = pgp.fingerprints[0]
        ? { fingerprint: pgp.fingerprints[0], passphrase: envSecret(flags, 'signPassphraseEnv') }
        : undefined;
      return {
        transformUpload: (item) => ({
          remote: `${item.remote}.pgp`,
          source: {
            localPath: item.local,
            mtimeMs: item.mtimeMs,
            countsOwnProgress: true,
            open: (onBytes) =>
              encryptedChunks(pgp.service, item.local, recipients, signWith, onBytes),
          },
        }),
      };
    },

    async download(flags: Flags, result: TransferOutcome): Promise<void> {
      if (!flags.decrypt) return;
      const keyFiles = list(flags.decryptKey);
      if (keyFiles.length === 0 && !flags.decryptPassphraseEnv) {
        throw usage('--decrypt needs --decrypt-key KEYFILE or --decrypt-passphrase-env VAR');
      }
      const pgp = await pgpFor(keyFiles);
      // One passphrase serves both kinds of file: a secret key's, or a passphrase-only file's.
      const keyPassphrase = envSecret(flags, 'decryptPassphraseEnv');
      for (const file of result.files) {
        if (file.state !== 'done' || !isEncryptedName(file.local)) continue;
        try {
          const done = await pgp.service.decryptFile({
            inputPath: file.local,
            keyPassphrase,
            messagePassphrase: keyPassphrase,
          });
          await rm(file.local, { force: true });
          process.stderr.write(`${file.path}: decrypted; ${signatureLine(done)}\n`);
        } catch (err) {
          const error =
            err instanceof AppError ? err : new AppError('PGP_DECRYPT_FAILED', String(err));
          result.failed.push({ path: file.path, error: error.toJSON() });
        }
      }
    },

    async close(): Promise<void> {
      await Promise.all(opened.map((p) => p.dispose()));
      await pool?.close();
    },
  };
}

function usage(reason: string): AppError {
  return new AppError('INVALID_ARGUMENT', reason, { reason });
}
