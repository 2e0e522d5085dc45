import { z } from 'zod';
import type { SerializedAppError } from '../../../shared/errors.ts';
import type { TransferProgress, TransferWarning } from '../../../shared/types/transfer.ts';
import {
  ConflictSchema,
  TransferProgressSchema,
  TransferWarningSchema,
} from '../../../shared/schemas/transfer.ts';
import type { BatchItem } from '../transfer/batch.ts';

/** What a job does; kept as given so a restart repeats exactly the same work. */
export const JobSpecSchema = z.object({
  direction: z.enum(['upload', 'download']),
  /** Local paths (upload) or remote paths (download). */
  sources: z.array(z.string().min(1)).min(1),
  /** Remote target (upload) or local target (download), as `sftp put/get` reads it. */
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
});

export type JobSpec = z.infer<typeof JobSpecSchema>;

export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

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
  resumeAt: z.number().optional(),
  sha256: z.string().optional(),
  error: SerializedErrorSchema.optional(),
  problem: SerializedErrorSchema.optional(),
});

/** One job as stored on disk. `items` is the plan, made once so a restart skips done files. */
export const JobRecordSchema = z.object({
  id: z.string(),
  spec: JobSpecSchema,
  state: z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']),
  createdMs: z.number(),
  startedMs: z.number().optional(),
  finishedMs: z.number().optional(),
  /** How many times the job was started (restarts and resumes included). */
  runs: z.number().int(),
  error: SerializedErrorSchema.optional(),
  items: z.array(BatchItemSchema).optional(),
  warnings: z.array(TransferWarningSchema),
  progress: TransferProgressSchema,
});

export const StoreFileSchema = z.object({ version: z.literal(1), jobs: z.array(JobRecordSchema) });

export interface JobRecord {
  id: string;
  spec: JobSpec;
  state: JobState;
  createdMs: number;
  startedMs?: number;
  finishedMs?: number;
  runs: number;
  error?: SerializedAppError;
  items?: BatchItem[];
  warnings: TransferWarning[];
  progress: TransferProgress;
}

/** What the app shows for a job: the record without the per-file plan, plus counts. */
export interface JobSnapshot extends Omit<JobRecord, 'items'> {
  files: { total: number; done: number; failed: number; skipped: number };
  /** Files that failed, each with its reason (the others went through). */
  failed: Array<{ path: string; error: SerializedAppError }>;
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
    .map((i) => ({ path: i.label, error: i.error as SerializedAppError }));
  return {
    ...structuredClone(rest),
    files: {
      total: files.length,
      done: count('done'),
      failed: count('failed'),
      skipped: count('skipped'),
    },
    failed,
  };
}
