import type { z } from 'zod';
import type {
  ImportedProfileSchema,
  ImportFieldSchema,
  ImportSkippedSchema,
  ImportSourceSchema,
  PgpRulesSchema,
  ProfileInputSchema,
  ProfileKeySchema,
  ProfileSchema,
  StoredKeyInfoSchema,
  TransferOptionsSchema,
} from '../schemas/profile.ts';

/** A saved connection profile. Holds no secret: stored keys are referenced by id. */
export type Profile = z.output<typeof ProfileSchema>;
/** What the renderer sends to profiles:save (defaults optional). */
export type ProfileInput = z.input<typeof ProfileInputSchema>;
export type ProfileKey = z.output<typeof ProfileKeySchema>;
export type PgpRules = z.output<typeof PgpRulesSchema>;
export type TransferOptions = z.output<typeof TransferOptionsSchema>;
export type StoredKeyInfo = z.output<typeof StoredKeyInfoSchema>;
export type ImportSource = z.output<typeof ImportSourceSchema>;
export type ImportedProfile = z.output<typeof ImportedProfileSchema>;
/** A field of an imported site that a profile could not hold. */
export type ImportField = z.output<typeof ImportFieldSchema>;
export type ImportSkipped = z.output<typeof ImportSkippedSchema>;
