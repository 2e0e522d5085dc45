import { resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { PgpWorkerPool } from '../services/pgp/workerPool.ts';
import { ephemeralPgp, signatureLine, type EphemeralPgp } from '../services/pgp/transferPgp.ts';
import { serviceQueuePgp } from '../services/queue/pgpSteps.ts';
import type { TransferHooks, TransferPgp } from './commands.ts';

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
 * `put --encrypt-to` and `get --decrypt` on top of the file commands, as the queue's OpenPGP
 * steps. Uploads are encrypted as they stream (no plaintext copy on disk, nothing on the
 * server if encryption fails); downloads are decrypted once complete, into the name without
 * .pgp/.gpg/.asc, and who signed each is printed.
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

  const encrypting = async (flags: Flags): Promise<TransferPgp | undefined> => {
    // Absolute, so the same command from another folder is still the same job.
    const recipientFiles = list(flags.encryptTo).map((path) => resolve(path));
    if (recipientFiles.length === 0) {
      if (flags.signWith) throw usage('--sign-with needs --encrypt-to');
      return undefined;
    }
    const signFile = typeof flags.signWith === 'string' ? resolve(flags.signWith) : undefined;
    const pgp = await pgpFor(signFile ? [signFile] : []);
    const signWith = pgp.fingerprints[0]
      ? { fingerprint: pgp.fingerprints[0], passphrase: envSecret(flags, 'signPassphraseEnv') }
      : undefined;
    return {
      spec: { action: 'encrypt', recipients: recipientFiles },
      provider: serviceQueuePgp(pgp.service, { recipient: (path) => ({ path }), signWith }),
      identity: signFile,
    };
  };

  const decrypting = async (flags: Flags): Promise<TransferPgp | undefined> => {
    if (!flags.decrypt) return undefined;
    const keyFiles = list(flags.decryptKey);
    if (keyFiles.length === 0 && !flags.decryptPassphraseEnv) {
      throw usage('--decrypt needs --decrypt-key KEYFILE or --decrypt-passphrase-env VAR');
    }
    const pgp = await pgpFor(keyFiles);
    // One passphrase serves both kinds of file: a secret key's, or a passphrase-only file's.
    const passphrase = envSecret(flags, 'decryptPassphraseEnv');
    return {
      spec: { action: 'decrypt' },
      provider: serviceQueuePgp(pgp.service, {
        recipient: (path) => ({ path }),
        passphrase,
        onDecrypted: (path, result) => {
          process.stderr.write(`${path}: decrypted; ${signatureLine(result)}\n`);
        },
      }),
    };
  };

  return {
    pgp: (flags, direction) => (direction === 'upload' ? encrypting(flags) : decrypting(flags)),

    async close(): Promise<void> {
      await Promise.all(opened.map((p) => p.dispose()));
      await pool?.close();
    },
  };
}

function usage(reason: string): AppError {
  return new AppError('INVALID_ARGUMENT', reason, { reason });
}
