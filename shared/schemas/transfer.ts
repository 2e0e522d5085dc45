import { z } from 'zod';
import type { ConflictFacts, TransferProgress, TransferWarning } from '../types/transfer.ts';
import {
  FileEntrySchema,
  IdSchema,
  PathListSchema,
  PathSchema,
  SerializedAppErrorSchema,
} from './common.ts';

export const TransferProgressSchema = z.object({
  bytesDone: z.number(),
  bytesTotal: z.number(),
  filesDone: z.number(),
  filesTotal: z.number(),
  currentFile: z.string().optional(),
  rate: z.number(),
  etaSeconds: z.number().optional(),
}) satisfies z.ZodType<TransferProgress>;

export const TransferWarningSchema = z.object({
  code: z.enum([
    'ATTRIBUTES_NOT_SET',
    'SKIPPED_UNSAFE_NAME',
    'NOT_VERIFIED',
    'SKIPPED_EXISTING',
    'SKIPPED_LINK',
    'RESTARTED_CHANGED',
  ]),
  path: z.string(),
  message: z.string(),
}) satisfies z.ZodType<TransferWarning>;

export const ConflictSchema = z.enum(['overwrite', 'skip', 'newer', 'rename']);

/**
 * 'paused': stopped by the user, partial files kept. 'waiting': its server is not connected
 * (after a restart of the app, or a disconnect); it continues when that server is connected.
 */
export const TransferStateSchema = z.enum([
  'queued',
  'running',
  'paused',
  'waiting',
  'done',
  'failed',
  'cancelled',
]);

export const PgpJobSchema = z.object({
  action: z.enum(['none', 'encrypt', 'decrypt']),
  state: z.enum(['none', 'pending', 'done', 'failed']),
  /** Uploads only: fingerprints of the keys the files are encrypted to. */
  recipients: z.array(z.string()).optional(),
  /** Downloads only: what the signature check found, when the file was signed. */
  signature: z.enum(['valid', 'invalid', 'unsigned', 'unknownKey']).optional(),
  /** Downloads only: who signed (user ID, else fingerprint or key ID). */
  signer: z.string().optional(),
});

/**
 * One job: a file or a whole folder, from one source path into a target folder. 'copy' jobs
 * copy on this computer (OS files dropped on the local pane) and belong to no session.
 */
export const TransferJobSchema = z.object({
  id: IdSchema,
  direction: z.enum(['upload', 'download', 'copy']),
  /** The live session its server is reached through; absent while it has none, and for copies. */
  sessionId: IdSchema.optional(),
  /** The connection profile it runs with: only ever against that profile's server. */
  profileId: IdSchema.optional(),
  /** Local path for uploads and copies, remote path for downloads. */
  source: z.string(),
  /** Folder the item lands in. */
  targetDir: z.string(),
  /** Base name shown in the list. */
  name: z.string(),
  state: TransferStateSchema,
  progress: TransferProgressSchema,
  /**
   * State 'running', but the link to the server dropped and the job is reconnecting by
   * itself: its rate and time left are stale until it moves again.
   */
  reconnecting: z.boolean().optional(),
  /** Why it failed (state 'failed'). */
  error: SerializedAppErrorSchema.optional(),
  pgp: PgpJobSchema,
  warnings: z.array(TransferWarningSchema),
  /**
   * Files that failed, each with its reason. `kept`: the file arrived but could not be
   * decrypted, and its encrypted copy stays at this local path.
   */
  failed: z.array(
    z.object({ path: z.string(), error: SerializedAppErrorSchema, kept: z.string().optional() }),
  ),
  /** Where the result landed (remote path for uploads, local path for downloads and copies). */
  resultPath: z.string().optional(),
  attempts: z.number().int(),
  createdMs: z.number(),
  startedMs: z.number().optional(),
  finishedMs: z.number().optional(),
});

export const UploadInputSchema = z.object({
  sessionId: IdSchema,
  localPaths: PathListSchema,
  remoteDir: PathSchema,
  /** Encrypt to the profile's recipients; omitted means the profile's rule. */
  encrypt: z.boolean().optional(),
  /** Existing target files: replace, skip (warning SKIPPED_EXISTING), or replace if older. */
  conflict: ConflictSchema.default('skip'),
});

export const DownloadInputSchema = z.object({
  sessionId: IdSchema,
  remotePaths: PathListSchema,
  localDir: PathSchema,
  /** Decrypt OpenPGP files; omitted means the profile's rule. */
  decrypt: z.boolean().optional(),
  conflict: ConflictSchema.default('skip'),
});

/** Copies files and folders on this computer into a folder (OS files dropped on a pane). */
export const CopyLocalInputSchema = z.object({
  localPaths: PathListSchema,
  targetDir: PathSchema,
  conflict: ConflictSchema.default('skip'),
});

/**
 * The names a transfer would take in its target folder, asked before it is queued: uploads and
 * downloads through a session, copies on this computer without one.
 */
export const FindConflictsInputSchema = z.discriminatedUnion('direction', [
  z.object({
    direction: z.enum(['upload', 'download']),
    sessionId: IdSchema,
    sourcePaths: PathListSchema,
    targetDir: PathSchema,
  }),
  z.object({ direction: z.literal('copy'), sourcePaths: PathListSchema, targetDir: PathSchema }),
]);

export const ConflictFactsSchema = z.object({
  sourcePath: z.string(),
  source: FileEntrySchema.optional(),
  existing: FileEntrySchema,
}) satisfies z.ZodType<ConflictFacts>;

/** One job per source path, in the order given. */
export const StartTransfersOutputSchema = z.object({ jobIds: z.array(IdSchema) });

export const JobRefSchema = z.object({ jobId: IdSchema });

export const RetryInputSchema = JobRefSchema.extend({
  /** Change the conflict choice for this attempt (e.g. 'overwrite' after skips). */
  conflict: ConflictSchema.optional(),
});

export const TransferProgressEventSchema = z.object({
  jobId: IdSchema,
  progress: TransferProgressSchema,
});

export const TransferStateEventSchema = z.object({ job: TransferJobSchema });
