import type { FileEntry } from '../../../shared/types/remote.ts';

/** What to do with an item whose name is already taken in the target folder. */
export type Choice = 'overwrite' | 'skip' | 'newer' | 'rename';

export interface Candidate {
  /** Source path (local for uploads, remote for downloads). */
  path: string;
  name: string;
  /** The source entry when the pane had it (size and date for the prompt). */
  entry?: FileEntry;
}

export interface ConflictItem {
  candidate: Candidate;
  existing: FileEntry;
}

/** Candidates whose name exists in the target folder, in the candidates' order. */
export function findConflicts(
  candidates: readonly Candidate[],
  existing: ReadonlyMap<string, FileEntry>,
): ConflictItem[] {
  const out: ConflictItem[] = [];
  for (const candidate of candidates) {
    const match = existing.get(candidate.name);
    if (match) out.push({ candidate, existing: match });
  }

  return out;
}

/**
 * Splits the batch into one request per conflict choice. Items the user skipped are left
 * out; items without a conflict go with 'skip', which can only matter if the name was taken
 * between our check and the copy, and then keeping the existing file is the safe side.
 */
export function groupByChoice(
  candidates: readonly Candidate[],
  decisions: ReadonlyMap<string, Choice>,
): Map<Exclude<Choice, 'skip'> | 'skip', string[]> {
  const groups = new Map<Exclude<Choice, 'skip'> | 'skip', string[]>();
  for (const candidate of candidates) {
    const choice = decisions.get(candidate.path);
    if (choice === 'skip') continue;
    const key = choice ?? 'skip';
    const list = groups.get(key) ?? [];
    list.push(candidate.path);
    groups.set(key, list);
  }

  return groups;
}

/** Whether the source looks newer than the existing file, for the prompt's hint. */
export function isSourceNewer(item: ConflictItem): boolean | undefined {
  const mtime = item.candidate.entry?.modifiedMs;
  return mtime === undefined ? undefined : mtime > item.existing.modifiedMs;
}
