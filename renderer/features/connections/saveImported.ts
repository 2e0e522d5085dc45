import { toAppError, type AppError } from '../../../shared/errors.ts';
import { inputFromImported, invalidImportedField } from '../../../shared/importedProfile.ts';
import type { ImportField, ImportedProfile, ProfileInput } from '../../../shared/types/profile.ts';

/** A picked site that was not saved: a field a profile cannot hold, or what saving answered. */
export type ImportFailure =
  { name: string; field: ImportField } | { name: string; error: AppError };

export interface SaveImportedOutcome {
  saved: ImportedProfile[];
  failed: ImportFailure[];
}

/**
 * Saves the picked sites one by one and carries on past a failure, so one bad site never
 * keeps the others out. Each site is checked with the profile schema first: main would refuse
 * it as a malformed request, which says nothing to the user, while the field names the fault.
 */
export async function saveImported(
  sites: readonly ImportedProfile[],
  save: (input: ProfileInput) => Promise<unknown>,
): Promise<SaveImportedOutcome> {
  const outcome: SaveImportedOutcome = { saved: [], failed: [] };
  for (const site of sites) {
    const field = invalidImportedField(site);
    if (field !== undefined) {
      outcome.failed.push({ name: site.name, field });
      continue;
    }
    try {
      await save(inputFromImported(site));
      outcome.saved.push(site);
    } catch (err) {
      outcome.failed.push({ name: site.name, error: toAppError(err) });
    }
  }

  return outcome;
}
