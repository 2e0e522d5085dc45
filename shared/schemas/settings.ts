import { z } from 'zod';

export const LanguageSchema = z.enum(['en', 'es']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** Bytes per second for all transfers together; 0 (or absent) means no limit. */
export const BandwidthLimitSchema = z
  .number()
  .int()
  .min(0)
  .max(10 * 1024 ** 3);

/** Files moved at once when absent from the settings (the queue's own default). */
export const DEFAULT_SIMULTANEOUS_TRANSFERS = 4;
/** AWS Transfer Family allows at most 10 SFTP channels per connection. */
export const MAX_SIMULTANEOUS_TRANSFERS = 10;

/**
 * Files of 1 MiB or more moved at once across all transfers, as FileZilla's "Maximum
 * simultaneous transfers". Smaller files are not counted: many of them move at a time
 * whatever this says, since their cost is round trips rather than bytes.
 */
export const SimultaneousTransfersSchema = z.number().int().min(1).max(MAX_SIMULTANEOUS_TRANSFERS);

export const SettingsSchema = z.object({
  language: LanguageSchema.default('en'),
  theme: ThemeSchema.default('system'),
  showHidden: z.boolean().default(false),
  bandwidthLimit: BandwidthLimitSchema.optional(),
  simultaneousTransfers: SimultaneousTransfersSchema.optional(),
});

export const SettingsPatchSchema = z
  .object({
    language: LanguageSchema,
    theme: ThemeSchema,
    showHidden: z.boolean(),
    bandwidthLimit: BandwidthLimitSchema,
    simultaneousTransfers: SimultaneousTransfersSchema,
  })
  .partial()
  .strict();

export const DEFAULT_SETTINGS = SettingsSchema.parse({});
