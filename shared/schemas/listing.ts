import { z } from 'zod';
import { FileEntryListSchema, IdSchema, SerializedAppErrorSchema } from './common.ts';

/** A folder listing in progress (answered by sftp:listStart and local:listStart). */
export const ListingRefSchema = z.object({ listingId: IdSchema });

/**
 * Entries of a listing as they are read. The last event of a listing has `done: true`; it
 * carries `error` when the listing failed (entries read before the failure come with it) or
 * was cancelled (CANCELLED). No event follows it.
 */
export const ListingBatchSchema = z.object({
  listingId: IdSchema,
  entries: FileEntryListSchema,
  done: z.boolean(),
  error: SerializedAppErrorSchema.optional(),
});
