import { z } from 'zod';
import { ERROR_CODES, type SerializedAppError } from '../errors.ts';
import type { FileEntry } from '../types/remote.ts';

/**
 * Building blocks shared by every contract schema. Limits are generous for real use and exist
 * so a compromised renderer cannot make main allocate or walk without bound.
 */
export const IdSchema = z.string().min(1).max(100);

const NO_NUL = /^[^\0]*$/;

/** A local or remote path. NUL bytes are refused: both OpenSSH and Node truncate at them. */
export const PathSchema = z.string().min(1).max(4096).regex(NO_NUL, 'path contains NUL');

export const PathListSchema = z.array(PathSchema).min(1).max(10_000);

export const ErrorDetailsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.undefined()]),
);

export const SerializedAppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: ErrorDetailsSchema.optional(),
}) satisfies z.ZodType<SerializedAppError>;

export const EntryTypeSchema = z.enum(['file', 'directory', 'symlink', 'other']);

export const FileEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  type: EntryTypeSchema,
  size: z.number(),
  modifiedMs: z.number(),
  mode: z.number().int().optional(),
  target: z
    .union([
      z.object({ type: EntryTypeSchema, size: z.number() }),
      z.object({ broken: z.literal(true) }),
    ])
    .optional(),
}) satisfies z.ZodType<FileEntry>;

export const FileEntryListSchema = z.array(FileEntrySchema);

/** Requests that take nothing: the preload sends `undefined`. */
export const NoInputSchema = z.undefined();

/** Requests that answer nothing useful answer `null` (undefined does not survive every hop). */
export const NullSchema = z.null();
