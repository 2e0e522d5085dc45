import type { SerializedAppError } from '../../../shared/errors.ts';
import type {
  PgpDecryptArgs,
  PgpEncryptArgs,
  PgpGenerateKeyArgs,
  PgpKeyMaterial,
} from './types.ts';

/**
 * Messages between the main side (PgpWorkerPool) and worker.ts. All plain data; streams are
 * WHATWG ReadableStreams moved with postMessage's transfer list, which Node carries over a
 * MessagePort of its own with backpressure, so chunks flow at the reader's pace.
 */

/** Where the data comes from: a local file the worker opens, or a stream handed over. */
export type PgpJobInput =
  | { kind: 'path'; path: string }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array>; size?: number };

/** A local file, written under a temporary name and renamed when complete and verified. */
export interface PgpJobFileOutput {
  kind: 'path';
  path: string;
  overwrite: boolean;
}

export type PgpJob =
  | { op: 'parseKeys'; material: PgpKeyMaterial }
  | { op: 'mergeKeys'; base: PgpKeyMaterial; update: PgpKeyMaterial }
  | { op: 'generateKey'; args: PgpGenerateKeyArgs }
  /** Answers true when the passphrase unlocks the secret key; PGP_PASSPHRASE_WRONG if not. */
  | { op: 'checkPassphrase'; key: PgpKeyMaterial; passphrase: string }
  | {
      op: 'encrypt';
      args: PgpEncryptArgs;
      input: PgpJobInput;
      /** 'stream': the worker posts a ReadableStream of the encrypted bytes. */
      output: PgpJobFileOutput | { kind: 'stream' };
    }
  | { op: 'decrypt'; args: PgpDecryptArgs; input: PgpJobInput; output: PgpJobFileOutput };

export type ToWorker = { type: 'start'; id: number; job: PgpJob } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; plaintextBytes: number }
  | { type: 'stream'; id: number; stream: ReadableStream<Uint8Array> }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedAppError };

/** Result of an encryption whose output was a stream, once that stream has been read. */
export interface PgpStreamEncryptSummary {
  plaintextBytes: number;
  encryptedBytes: number;
}
