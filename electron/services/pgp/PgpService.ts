import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { TransferListItem } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import { localFsError } from './errors.ts';
import type { PgpKeyring } from './keyring.ts';
import { decryptedPath, encryptedPath, type PgpExtension } from './outputNames.ts';
import type { PgpJobInput, PgpStreamEncryptSummary } from './protocol.ts';
import { fromWorkerStream, toWorkerStream } from './streamBridge.ts';
import type {
  PgpCompression,
  PgpDecryptArgs,
  PgpDecryptResult,
  PgpEncryptArgs,
  PgpEncryptResult,
  PgpKeyMaterial,
  PgpProgress,
} from './types.ts';
import type { PgpWorkerPool } from './workerPool.ts';

/** A recipient key: one from the keyring, pasted text, a key file, or bytes. */
export type PgpKeyRef =
  { fingerprint: string } | { armored: string } | { path: string } | { binary: Uint8Array };

export interface PgpSignWith {
  /** A secret key held in the keyring. */
  fingerprint: string;
  passphrase?: string;
}

interface EncryptCommon {
  recipients: PgpKeyRef[];
  signWith?: PgpSignWith;
  /** ASCII armor instead of binary packets. */
  armor?: boolean;
  compression?: PgpCompression;
  signal?: AbortSignal;
  onProgress?: PgpProgress;
}

export interface EncryptFileOptions extends EncryptCommon {
  inputPath: string;
  /** Default: beside the input, `name.ext.pgp` (`.asc` when armored). */
  outputPath?: string;
  extension?: PgpExtension;
  overwrite?: boolean;
}

export interface EncryptStreamOptions extends EncryptCommon {
  /** Name stored inside the message (what GnuPG shows and can restore). */
  filename?: string;
}

export interface EncryptFileToStreamOptions extends EncryptCommon {
  /** Read by the worker itself; its name is stored inside the message. */
  inputPath: string;
}

interface DecryptCommon {
  keyPassphrase?: string;
  messagePassphrase?: string;
  maxOutputBytes?: number;
  requireSignature?: boolean;
  overwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: PgpProgress;
}

export interface DecryptFileOptions extends DecryptCommon {
  inputPath: string;
  /** Default: the input name without .pgp/.gpg/.asc, beside it. */
  outputPath?: string;
}

export interface DecryptStreamOptions extends DecryptCommon {
  outputPath: string;
  /** Size of the encrypted data when known: sets the decompression-bomb limit. */
  encryptedSize?: number;
}

export interface PgpEncryptedStream {
  /** The encrypted bytes; fails with an AppError if encryption fails midway. */
  stream: Readable;
  /** Settles once the stream has been read to the end (or failed). */
  done: Promise<PgpStreamEncryptSummary>;
}

/**
 * OpenPGP for the app and the command line: resolves keys from the keyring, then hands the
 * work to the worker pool. File-to-file operations let the worker read and write the files
 * itself; stream operations move the data over a transferred WHATWG stream.
 */
export class PgpService {
  readonly keyring: PgpKeyring;
  readonly #pool: PgpWorkerPool;
  readonly #logger: Logger;

  constructor(options: { keyring: PgpKeyring; pool: PgpWorkerPool; logger?: Logger }) {
    this.keyring = options.keyring;
    this.#pool = options.pool;
    this.#logger = (options.logger ?? NULL_LOGGER).child('pgp');
  }

  /** Encrypts a local file to a local file (temporary name until complete). */
  async encryptFile(options: EncryptFileOptions): Promise<PgpEncryptResult> {
    const armor = options.armor ?? options.extension === 'asc';
    const extension = options.extension ?? (armor ? 'asc' : 'pgp');
    const outputPath = options.outputPath ?? encryptedPath(options.inputPath, extension);
    const args = await this.#encryptArgs({ ...options, armor }, basename(options.inputPath));
    const result = await this.#pool.run<PgpEncryptResult>(
      {
        op: 'encrypt',
        args,
        input: { kind: 'path', path: options.inputPath },
        output: { kind: 'path', path: outputPath, overwrite: options.overwrite === true },
      },
      options,
    );
    this.#logger.info('encryptFile: done', { bytes: result.plaintextBytes });

    return result;
  }

  /**
   * Encrypts a plaintext stream: resolves once the keys were accepted (key errors reject here,
   * before any byte is produced) with a stream of the encrypted bytes, read at the consumer's
   * pace. No plaintext copy is written anywhere.
   */
  async encryptStream(
    plaintext: Readable,
    options: EncryptStreamOptions,
  ): Promise<PgpEncryptedStream> {
    const args = await this.#encryptArgs(options, options.filename);
    const input = toWorkerStream(plaintext);

    return this.#runToStream(args, { kind: 'stream', stream: input }, options, [input as never]);
  }

  /**
   * Like encryptStream, for a local file (an upload): the worker reads the file itself, so the
   * plaintext never crosses between threads. A crossing structured-clones every chunk, about
   * 1.4 s of CPU per GiB, and leaves a copy as garbage on each side.
   */
  async encryptFileToStream(options: EncryptFileToStreamOptions): Promise<PgpEncryptedStream> {
    const args = await this.#encryptArgs(options, basename(options.inputPath));

    return this.#runToStream(args, { kind: 'path', path: options.inputPath }, options);
  }

  /**
   * Whether the passphrase unlocks the keyring's secret key: resolves when it does, fails
   * with PGP_PASSPHRASE_WRONG when not. Runs in the worker (unlocking can take a second).
   */
  async checkKeyPassphrase(fingerprint: string, passphrase: string): Promise<void> {
    const key = await this.keyring.secretKey(fingerprint);
    await this.#pool.run<boolean>({ op: 'checkPassphrase', key, passphrase });
  }

  /** Decrypts a local file into a local file, verified before it takes its real name. */
  async decryptFile(options: DecryptFileOptions): Promise<PgpDecryptResult> {
    const outputPath = options.outputPath ?? decryptedPath(options.inputPath);
    const result = await this.#pool.run<PgpDecryptResult>(
      {
        op: 'decrypt',
        args: await this.#decryptArgs(options),
        input: { kind: 'path', path: options.inputPath },
        output: { kind: 'path', path: outputPath, overwrite: options.overwrite === true },
      },
      options,
    );
    this.#logger.info('decryptFile: done', {
      bytes: result.bytes,
      signature: result.signature.kind,
    });

    return result;
  }

  /**
   * Decrypts an encrypted stream (a download, say) into a local file through a temporary file
   * in the destination folder, renamed only after the integrity check and signature passed.
   */
  async decryptStreamToFile(
    encrypted: Readable,
    options: DecryptStreamOptions,
  ): Promise<PgpDecryptResult> {
    const args = await this.#decryptArgs(options);
    const input = toWorkerStream(encrypted);

    return this.#pool.run<PgpDecryptResult>(
      {
        op: 'decrypt',
        args,
        input: { kind: 'stream', stream: input, size: options.encryptedSize },
        output: { kind: 'path', path: options.outputPath, overwrite: options.overwrite === true },
      },
      options,
      [input as never],
    );
  }

  /** Runs an encryption whose output is a stream, handed over as soon as the worker has it. */
  async #runToStream(
    args: PgpEncryptArgs,
    input: PgpJobInput,
    options: EncryptCommon,
    transfer: TransferListItem[] = [],
  ): Promise<PgpEncryptedStream> {
    let deliver: (stream: ReadableStream<Uint8Array>) => void = () => undefined;
    const delivered = new Promise<ReadableStream<Uint8Array>>((resolve) => {
      deliver = resolve;
    });
    const done = this.#pool.run<PgpStreamEncryptSummary>(
      { op: 'encrypt', args, input, output: { kind: 'stream' } },
      { ...options, onStream: (stream) => deliver(stream) },
      transfer,
    );
    // The stream reports failures itself; done is for callers who want the totals.
    done.catch(() => undefined);
    const stream = await Promise.race([delivered, done.then(() => undefined)]);
    if (stream === undefined) throw new AppError('INTERNAL', 'encryption produced no stream');

    return { stream: fromWorkerStream(stream), done };
  }

  async #encryptArgs(
    options: EncryptCommon,
    filename: string | undefined,
  ): Promise<PgpEncryptArgs> {
    const recipients = await Promise.all(options.recipients.map((ref) => this.#material(ref)));
    const signer =
      options.signWith === undefined
        ? undefined
        : {
            key: await this.keyring.secretKey(options.signWith.fingerprint),
            passphrase: options.signWith.passphrase,
          };

    return { recipients, signer, armor: options.armor, compression: options.compression, filename };
  }

  async #decryptArgs(options: DecryptCommon): Promise<PgpDecryptArgs> {
    return {
      secretKeys: await this.#secretKeysFor(options),
      verificationKeys: await this.keyring.publicKeys(),
      keyPassphrase: options.keyPassphrase,
      messagePassphrase: options.messagePassphrase,
      maxOutputBytes: options.maxOutputBytes,
      requireSignature: options.requireSignature,
    };
  }

  /**
   * A passphrase-only file needs no secret key, so a keyring that cannot be unlocked here (no
   * PYPLAN_KEYRING_PASSPHRASE on the command line) does not stand in its way.
   */
  async #secretKeysFor(options: DecryptCommon): Promise<Uint8Array[]> {
    try {
      return await this.keyring.secretKeys();
    } catch (err) {
      const locked = err instanceof AppError && err.code === 'PGP_KEYRING_LOCKED';
      if (locked && options.messagePassphrase !== undefined) return [];
      throw err;
    }
  }

  async #material(ref: PgpKeyRef): Promise<PgpKeyMaterial> {
    if ('fingerprint' in ref) return this.keyring.exportPublic(ref.fingerprint);
    if ('armored' in ref) return ref.armored;
    if ('binary' in ref) return ref.binary;

    return readFile(ref.path).catch((err: unknown) => {
      throw localFsError(err, ref.path) ?? err;
    });
  }
}
