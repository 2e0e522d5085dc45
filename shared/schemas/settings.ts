import { z } from 'zod';

export const LanguageSchema = z.enum(['en', 'es']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** Bytes per second for all transfers together; 0 (or absent) means no limit. */
export const BandwidthLimitSchema = z
  .number()
  .int()
  .min(0)
  .max(10 * 1024 ** 3);

export const SettingsSchema = z.object({
  language: LanguageSchema.default('en'),
  theme: ThemeSchema.default('system'),
  showHidden: z.boolean().default(false),
  bandwidthLimit: BandwidthLimitSchema.optional(),
});

export const SettingsPatchSchema = z
  .object({
    language: LanguageSchema,
    theme: ThemeSchema,
    showHidden: z.boolean(),
    bandwidthLimit: BandwidthLimitSchema,
  })
  .partial()
  .strict();

export const DEFAULT_SETTINGS = SettingsSchema.parse({});
