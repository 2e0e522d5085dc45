import { z } from 'zod';
import type { SerializedAppError } from '../../../shared/errors.ts';
import type { TransferProgress, TransferWarning } from '../../../shared/types/transfer.ts';
import {
  ConflictSchema,
  TransferProgressSchema,
  TransferWarningSchema,
} from '../../../shared/schemas/transfer.ts';
import type { BatchItem } from '../transfer/batch.ts';

/** What the signature check found on a decrypted file (PgpSignatureStatus kinds). */
export const SignatureKindSchema = z.enum(['valid', 'bad', 'not-signed', 'unknown-signer']);
export type SignatureKind = z.infer<typeof SignatureKindSchema>;

/**
 * What decrypting a file found: where the plaintext went, the signature check, and who signed
 * it (user ID, else fingerprint or key ID) when the file carried a signature.
 */
export interface Decryption {
  output: string;
  signature: SignatureKind;
  signer?: string;
  /** The signing key, as far as the check knows it (for the command line's --json). */
  fingerprint?: string;
  keyId?: string;
  userId?: string;
}

/**
 * OpenPGP on a job: uploads encrypted to the recipients as they stream (each file gets `.pgp`),
 * or downloads decrypted once complete. Recipients are named as the queue's PGP provider reads
 * them: keyring fingerprints in the app, key files on the command line.
 */
export const JobPgpSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('encrypt'), recipients: z.array(z.string().min(1)).min(1) }),
  z.object({ action: z.literal('decrypt') }),
]);

/**
 * What a job does; kept as given so a restart repeats exactly the same work. 'copy' copies
 * files and folders on this computer into a local folder: it needs no server and names none.
 */
export const JobSpecSchema = z.object({
  direction: z.enum(['upload', 'download', 'copy']),
  /** Local paths (upload, copy) or remote paths (download). */
  sources: z.array(z.string().min(1)).min(1),
  /**
   * Remote target (upload) or local target (download), as `sftp put/get` reads it; for a
   * copy, the local folder the sources go into.
   */
  target: z.string().min(1),
  /** Copy folders with their contents (default true). */
  recursive: z.boolean().optional(),
  /** An existing target file: replace (default), skip, or replace when older. */
  conflict: ConflictSchema.optional(),
  /** Write under the final name directly, for servers where rename is impossible or slow. */
  inPlace: z.boolean().optional(),
  /** 'hash' reads each copy back and compares SHA-256 (default 'size'). */
  verify: z.enum(['size', 'hash']).optional(),
  /** Record each file's SHA-256 even without verify 'hash' (costs CPU). */
  recordHash: z.boolean().optional(),
  preserveTimes: z.boolean().optional(),
  /**
   * The server the job runs against, as the queue's connectors name it (the app: a profile and
   * its address). The job runs only while a connector for exactly this name is attached, so
   * it never goes to another server. Absent: the queue's own `connect`.
   */
  server: z.string().min(1).optional(),
  pgp: JobPgpSchema.optional(),
});

export type JobSpec = z.infer<typeof JobSpecSchema>;

const JOB_STATES = [
  'queued',
  'running',
  'paused',
  /** Held until its server is attached (not connected yet, or disconnected). */
  'waiting',
  'done',
  'failed',
  'cancelled',
] as const;

export type JobState = (typeof JOB_STATES)[number];

const SerializedErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const BatchItemSchema = z.object({
  kind: z.enum(['dir', 'file']),
  local: z.string(),
  remote: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  label: z.string(),
  state: z.enum(['pending', 'done', 'failed', 'skipped']).optional(),
  mode: z.number().int().optional(),
  resumeAt: z.number().optional(),
  resumeStamp: z
    .object({ size: z.number(), mtimeMs: z.number(), ctimeMs: z.number(), ino: z.number() })
    .optional(),
  sha256: z.string().optional(),
  error: SerializedErrorSchema.optional(),
  problem: SerializedErrorSchema.optional(),
  decrypted: z
    .object({
      output: z.string(),
      signature: SignatureKindSchema,
      signer: z.string().optional(),
      fingerprint: z.string().optional(),
      keyId: z.string().optional(),
      userId: z.string().optional(),
    })
    .optional(),
  decryptFailed: z.boolean().optional(),
});

/** One job as stored on disk. `items` is the plan, made once so a restart skips done files. */
export const JobRecordSchema = z.object({
  id: z.string(),
  spec: JobSpecSchema,
  state: z.enum(JOB_STATES),
  createdMs: z.number(),
  startedMs: z.number().optional(),
  finishedMs: z.number().optional(),
  /** How many times the job was started (restarts and resumes included). */
  runs: z.number().int(),
  /** In the job's temporary upload names; jobs saved before it use untagged names. */
  tempTag: z.string().optional(),
  error: SerializedErrorSchema.optional(),
  items: z.array(BatchItemSchema).optional(),
  warnings: z.array(TransferWarningSchema),
  progress: TransferProgressSchema,
});

/**
 * Temporary upload files a cancelled job left on a server it could not reach then, removed
 * the next time that server is attached. Kept apart from the jobs: clearing the list must not
 * forget them.
 */
export const LeftoverSchema = z.object({ server: z.string(), paths: z.array(z.string()) });
export type Leftover = z.infer<typeof LeftoverSchema>;

export const StoreFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(JobRecordSchema),
  leftovers: z.array(LeftoverSchema).optional(),
});

/**
 * A planned file or folder of a job, with what is known of its fate. In a copy job both
 * paths are on this computer: `local` is the source and `remote` where it goes (its new name
 * once kept beside an existing file).
 */
export interface JobItem extends BatchItem {
  /** Copy jobs: the source's permission bits, given to the copy. */
  mode?: number;
  /** A downloaded file that was decrypted: where the plaintext went, and who signed it. */
  decrypted?: Decryption;
  /** The file arrived but could not be decrypted; the encrypted copy stays. */
  decryptFailed?: boolean;
}

export interface JobRecord {
  id: string;
  spec: JobSpec;
  state: JobState;
  createdMs: number;
  startedMs?: number;
  finishedMs?: number;
  runs: number;
  tempTag?: string;
  error?: SerializedAppError;
  items?: JobItem[];
  warnings: TransferWarning[];
  progress: TransferProgress;
}

/** What the app shows for a job: the record without the per-file plan, plus counts. */
export interface JobSnapshot extends Omit<JobRecord, 'items'> {
  files: { total: number; done: number; failed: number; skipped: number };
  /**
   * Files that failed, each with its reason (the others went through); `kept` is where the
   * encrypted copy of a download that could not be decrypted stays.
   */
  failed: Array<{ path: string; error: SerializedAppError; kept?: string }>;
  /** Where the first source landed once planned (after a keep-both rename or decryption). */
  landed?: string;
  /** The signature check of the last file decrypted, when the job decrypts. */
  signature?: SignatureKind;
  /** Who signed the last file decrypted, when it was signed. */
  signer?: string;
  /** Running, but its link to the server dropped: it is reconnecting by itself. */
  reconnecting?: boolean;
}

export type QueueEvent =
  | { type: 'job'; job: JobSnapshot }
  | { type: 'progress'; jobId: string; progress: TransferProgress }
  | { type: 'removed'; jobId: string };

export const EMPTY_PROGRESS: TransferProgress = {
  bytesDone: 0,
  bytesTotal: 0,
  filesDone: 0,
  filesTotal: 0,
  rate: 0,
};

export function snapshotOf(record: JobRecord): JobSnapshot {
  const { items, ...rest } = record;
  const files = (items ?? []).filter((i) => i.kind === 'file');
  const count = (state: string): number => files.filter((f) => f.state === state).length;
  const failed = (items ?? [])
    .filter((i) => i.state === 'failed' && i.error)
    .map((i) => ({
      path: i.label,
      error: i.error as SerializedAppError,
      ...(i.decryptFailed ? { kept: i.local } : {}),
    }));
  const decrypted = files.findLast((f) => f.decrypted)?.decrypted;
  const landed = items?.[0] ? landedPath(record, items[0]) : undefined;
  return {
    ...structuredClone(rest),
    files: {
      total: files.length,
      done: count('done'),
      failed: count('failed'),
      skipped: count('skipped'),
    },
    failed,
    ...(landed === undefined ? {} : { landed }),
    ...(decrypted === undefined ? {} : { signature: decrypted.signature }),
    ...(decrypted?.signer === undefined ? {} : { signer: decrypted.signer }),
  };
}

/** An encrypted upload's name on the server: the file's own name with `.pgp` added. */
export const ENCRYPTED_SUFFIX = '.pgp';

/** The remote name a job writes for an item (encrypted uploads add `.pgp` to files). */
export function remoteNameOf(record: JobRecord, item: JobItem): string {
  const encrypts = record.spec.pgp?.action === 'encrypt' && item.kind === 'file';
  return encrypts ? `${item.remote}${ENCRYPTED_SUFFIX}` : item.remote;
}

function landedPath(record: JobRecord, item: JobItem): string {
  if (record.spec.direction === 'upload') return remoteNameOf(record, item);
  if (record.spec.direction === 'copy') return item.remote;
  return item.decrypted?.output ?? item.local;
}
