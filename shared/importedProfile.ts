import { ImportFieldSchema, ProfileInputSchema } from './schemas/profile.ts';
import type { ImportField, ImportedProfile, ProfileInput } from './types/profile.ts';

/** A site found in ~/.ssh/config, FileZilla or WinSCP, as a profile ready to save. */
export function inputFromImported(site: ImportedProfile): ProfileInput {
  return {
    name: site.name,
    host: site.host,
    port: site.port,
    user: site.user,
    key: site.keyPath ? { kind: 'path', path: site.keyPath } : null,
    remoteFolder: site.remoteFolder ?? null,
  };
}

/** The imported site's field behind a profile field (`key.path` comes from `keyPath`). */
function importFieldOf(path: readonly PropertyKey[]): ImportField | undefined {
  const [top] = path;
  if (top === 'key') return 'keyPath';
  const field = ImportFieldSchema.safeParse(top);
  return field.success ? field.data : undefined;
}

/**
 * Checks an imported site with the schema profiles:save applies, so a site that could not be
 * saved is known before anything is saved. Answers the first field at fault, or undefined when
 * the site makes a valid profile.
 */
export function invalidImportedField(site: ImportedProfile): ImportField | undefined {
  const parsed = ProfileInputSchema.safeParse(inputFromImported(site));
  if (parsed.success) return undefined;
  for (const issue of parsed.error.issues) {
    const field = importFieldOf(issue.path);
    if (field !== undefined) return field;
  }
  // Only the fields above come from the other program; the rest are defaults that always pass.
  return 'name';
}
