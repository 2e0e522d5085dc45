import { basename, resolve } from 'node:path';
import { AppError, toAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { PgpKeyring } from '../services/pgp/keyring.ts';
import type { PgpService } from '../services/pgp/PgpService.ts';
import { PgpWorkerPool } from '../services/pgp/workerPool.ts';
import {
  checkRecipients,
  ephemeralPgp,
  signatureLine,
  type EphemeralPgp,
} from '../services/pgp/transferPgp.ts';
import { serviceQueuePgp } from '../services/queue/pgpSteps.ts';
import type { TransferHooks, TransferPgp } from './commands.ts';
import { appKeyringDir, lockedSecretBox } from './pgpCommands.ts';
import { askHidden, isInteractive } from './prompt.ts';

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
 * The public keys of the user's own keyring (`pgp import`): who may have signed a download.
 * Reading them needs no keyring passphrase; a missing keyring is simply empty.
 */
async function appPublicKeys(pool: PgpWorkerPool, logger: Logger): Promise<string[]> {
  const dir = appKeyringDir(process.env);
  return new PgpKeyring({ dir, secretBox: lockedSecretBox(), pool, logger }).publicKeys();
}

/** The secret keys among `fingerprints` that need a passphrase. */
async function protectedKeys(service: PgpService, fingerprints: string[]): Promise<string[]> {
  const infos = await service.keyring.list();
  return infos
    .filter((k) => fingerprints.includes(k.fingerprint) && k.secretNeedsPassphrase)
    .map((k) => k.fingerprint);
}

/**
 * The passphrase of protected secret keys, settled before connecting: the environment
 * variable's, else asked on a terminal (not echoed), else a plain error naming the flag. It
 * must unlock at least one of them, so a wrong one stops here too, not file by file later.
 */
async function unlockBeforeConnecting(
  service: PgpService,
  locked: string[],
  given: string | undefined,
  flag: string,
): Promise<string | undefined> {
  if (locked.length === 0) return given;
  let passphrase = given;
  if (passphrase === undefined) {
    if (!isInteractive()) {
      throw usage(
        `the OpenPGP key is protected by a passphrase: put it in an environment variable` +
          ` and name that with ${flag}`,
      );
    }
    passphrase = await askHidden('Passphrase for the OpenPGP key: ', flag);
  }
  let firstError: unknown;
  for (const fingerprint of locked) {
    try {
      await service.checkKeyPassphrase(fingerprint, passphrase);
      return passphrase;
    } catch (err) {
      firstError ??= err;
    }
  }
  throw toAppError(firstError);
}

/**
 * `put --encrypt-to` and `get --decrypt` on top of the file commands, as the queue's OpenPGP
 * steps. Uploads are encrypted as they stream (no plaintext copy on disk, nothing on the
 * server if encryption fails); downloads are decrypted once complete, into the name without
 * .pgp/.gpg/.asc, and who signed each is printed. Keys, and their passphrases, are checked
 * before connecting.
 */
export function createPgpTransferHooks(logger: Logger): TransferHooks & { close(): Promise<void> } {
  let pool: PgpWorkerPool | undefined;
  const opened: EphemeralPgp[] = [];
  const pgpFor = async (keyFiles: string[], publicKeys: string[] = []): Promise<EphemeralPgp> => {
    pool ??= new PgpWorkerPool({ logger });
    const pgp = await ephemeralPgp(pool, keyFiles, logger, publicKeys);
    opened.push(pgp);
    return pgp;
  };

  const encrypting = async (flags: Flags): Promise<TransferPgp | undefined> => {
    // Absolute, so the same command from another folder is still the same job.
    const recipientFiles = list(flags.encryptTo).map((path) => resolve(path));
    refuseStray(flags, 'signWith', ['signPassphraseEnv']);
    if (recipientFiles.length === 0) {
      refuseStray(flags, 'encryptTo', ['signWith']);
      return undefined;
    }
    await checkRecipients(recipientFiles.map((path) => ({ path })));
    const signFile = typeof flags.signWith === 'string' ? resolve(flags.signWith) : undefined;
    const pgp = await pgpFor(signFile ? [signFile] : []);
    const fingerprint = pgp.fingerprints[0];
    const signWith = fingerprint
      ? {
          fingerprint,
          passphrase: await unlockBeforeConnecting(
            pgp.service,
            await protectedKeys(pgp.service, [fingerprint]),
            envSecret(flags, 'signPassphraseEnv'),
            '--sign-passphrase-env',
          ),
        }
      : undefined;
    return {
      spec: { action: 'encrypt', recipients: recipientFiles },
      provider: serviceQueuePgp(pgp.service, { recipient: (path) => ({ path }), signWith }),
      identity: signFile,
    };
  };

  const decrypting = async (flags: Flags): Promise<TransferPgp | undefined> => {
    if (!flags.decrypt) {
      refuseStray(flags, 'decrypt', DECRYPT_ONLY);
      return undefined;
    }
    const keyFiles = list(flags.decryptKey);
    if (keyFiles.length === 0 && !flags.decryptPassphraseEnv) {
      throw usage('--decrypt needs --decrypt-key KEYFILE or --decrypt-passphrase-env VAR');
    }
    pool ??= new PgpWorkerPool({ logger });
    // Signers: the user's keyring, plus --verify-key files (public keys, imported like the
    // secret keys: an unreadable one is an error, as for any file named on the command line).
    const pgp = await pgpFor(
      [...keyFiles, ...list(flags.verifyKey)],
      await appPublicKeys(pool, logger),
    );
    // One passphrase serves both kinds of file: a secret key's, or a passphrase-only file's.
    const passphrase = await unlockBeforeConnecting(
      pgp.service,
      await protectedKeys(pgp.service, pgp.fingerprints),
      envSecret(flags, 'decryptPassphraseEnv'),
      '--decrypt-passphrase-env',
    );
    return {
      spec: { action: 'decrypt' },
      provider: serviceQueuePgp(pgp.service, {
        recipient: (path) => ({ path }),
        passphrase,
        requireSignature: flags.requireSignature === true,
        // Named by the file now on disk: the encrypted download is removed once decrypted.
        onDecrypted: (path, result) => {
          const from = basename(path);
          process.stderr.write(
            `${result.outputPath}: decrypted (from ${from}); ${signatureLine(result)}\n`,
          );
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

/** `get` options that mean nothing without --decrypt. */
const DECRYPT_ONLY = ['decryptKey', 'decryptPassphraseEnv', 'verifyKey', 'requireSignature'];

/**
 * An option that only works with another, given without it, is refused as a usage error
 * before connecting: ignored, it would let `get --decrypt-key K` keep files encrypted, or
 * `put --sign-with K` send them unsigned, and still exit 0.
 */
function refuseStray(flags: Flags, needed: string, dependents: string[]): void {
  if (flags[needed] !== undefined) return;
  const stray = dependents.find((name) => flags[name] !== undefined);
  if (stray) throw usage(`${optionName(stray)} needs ${optionName(needed)}`);
}

/** Commander's key for an option, back as written: `decryptKey` is --decrypt-key. */
function optionName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function usage(reason: string): AppError {
  return new AppError('INVALID_ARGUMENT', reason, { reason });
}
