import type { FileEntry } from '../../../shared/types/remote.ts';
import type { ConflictFacts } from '../../../shared/types/transfer.ts';
import { isFolder } from '../browser/entries.ts';

/** What to do with an item whose name is already taken in the target folder. */
export type Choice = 'overwrite' | 'skip' | 'newer' | 'rename';

export interface Candidate {
  /** Source path (local for uploads, remote for downloads). */
  path: string;
  /** Only the name: the question shows the files as main reads them then, not as listed. */
  name: string;
}

export interface ConflictItem {
  candidate: Candidate;
  /** The source as main read it when the clash was found; undefined if it could not. */
  source?: FileEntry | undefined;
  existing: FileEntry;
}

/** Main's clashes (in the candidates' order) matched to the candidates they are about. */
export function pairConflicts(
  candidates: readonly Candidate[],
  facts: readonly ConflictFacts[],
): ConflictItem[] {
  const byPath = new Map(candidates.map((c) => [c.path, c]));
  return facts.flatMap(({ sourcePath, source, existing }) => {
    const candidate = byPath.get(sourcePath);
    return candidate === undefined ? [] : [{ candidate, source, existing }];
  });
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

/** Folders on both sides: "Replace" merges them, and sizes or dates compare nothing. */
export function isFolderClash(item: ConflictItem): boolean {
  return item.source !== undefined && isFolder(item.source) && isFolder(item.existing);
}

/**
 * Whether "Replace if newer" will replace the existing file: the source's date is later
 * (equal is not newer, as the transfer decides). Undefined unless both are files we could read.
 */
export function isSourceNewer(item: ConflictItem): boolean | undefined {
  const { source, existing } = item;
  if (source === undefined || isFolder(source) || isFolder(existing)) return undefined;

  return source.modifiedMs > existing.modifiedMs;
}
