import { z } from 'zod';

export const LanguageSchema = z.enum(['en', 'es']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

export const SettingsSchema = z.object({
  language: LanguageSchema.default('en'),
  theme: ThemeSchema.default('system'),
  showHidden: z.boolean().default(false),
});

export const SettingsPatchSchema = z
  .object({
    language: LanguageSchema,
    theme: ThemeSchema,
    showHidden: z.boolean(),
  })
  .partial()
  .strict();

export const DEFAULT_SETTINGS = SettingsSchema.parse({});
