import type { FileEntry } from '../../../shared/types/remote.ts';

export type SortKey = 'name' | 'size' | 'modified' | 'permissions';
export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortSpec = { key: 'name', direction: 'asc' };

/** A folder, or a link that resolves to one: both open on Enter and sort with folders. */
export function isFolder(entry: FileEntry): boolean {
  if (entry.type === 'directory') return true;
  if (entry.type !== 'symlink' || entry.target === undefined) return false;

  return 'type' in entry.target && entry.target.type === 'directory';
}

/** Dot files are hidden on macOS and Linux and by every SFTP client's default view. */
export function isHidden(entry: FileEntry): boolean {
  return entry.name.startsWith('.');
}

/**
 * A name folded for sorting: case and accents removed, and digit runs zero-padded so that
 * "report 2" sorts before "report 10", the way people read lists. Intl.Collator gives the same
 * order but takes about half a second on a 100,000-entry folder; precomputed keys compared
 * as plain strings take a tenth of that.
 */
export function nameSortKey(name: string): string {
  return fold(name).replace(/\d+/g, (digits) => digits.padStart(20, '0'));
}

interface Decorated {
  entry: FileEntry;
  folder: boolean;
  key: string;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function columnValue(entry: FileEntry, key: SortKey): number {
  switch (key) {
    case 'size':
      return entry.size;
    case 'modified':
      return entry.modifiedMs;
    case 'permissions':
      return entry.mode ?? -1;
    case 'name':
      return 0;
  }
}

/**
 * Sorted copy: folders always first (as in Explorer, Finder and WinSCP), then the chosen
 * column; equal values fall back to the name so the order is stable and predictable.
 */
export function sortEntries(entries: readonly FileEntry[], spec: SortSpec): FileEntry[] {
  const sign = spec.direction === 'asc' ? 1 : -1;
  const decorated: Decorated[] = entries.map((entry) => ({
    entry,
    folder: isFolder(entry),
    key: nameSortKey(entry.name),
  }));
  const byName = (a: Decorated, b: Decorated): number =>
    compareStrings(a.key, b.key) || compareStrings(a.entry.name, b.entry.name);

  decorated.sort((a, b) => {
    if (a.folder !== b.folder) return a.folder ? -1 : 1;
    const column = columnValue(a.entry, spec.key) - columnValue(b.entry, spec.key);

    return sign * (column || byName(a, b));
  });

  return decorated.map((d) => d.entry);
}

/** Clicking the sorted column flips it; clicking another sorts it ascending. */
export function toggleSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key !== key) return { key, direction: 'asc' };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}

export interface FilterSpec {
  /** Typed text; matched case- and accent-insensitively anywhere in the name. */
  query: string;
  showHidden: boolean;
}

// Printable ASCII needs no accent folding; skipping normalize() keeps 100,000 names fast.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

function fold(text: string): string {
  const lower = text.toLowerCase();
  if (PLAIN_ASCII.test(lower)) return lower;

  return lower.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}

/**
 * Keeps entries whose name contains the query. A `*` in the query matches any run of
 * characters ("q*2024" finds "Q3 budget 2024.xlsx"). The match is never anchored, so the list
 * does not go blank halfway through typing "*.csv".
 */
export function filterEntries(entries: readonly FileEntry[], spec: FilterSpec): FileEntry[] {
  const visible = spec.showHidden ? entries : entries.filter((e) => !isHidden(e));
  const query = fold(spec.query.trim());
  if (query === '') return [...visible];

  if (query.includes('*')) {
    const pattern = query
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const regex = new RegExp(pattern);
    return visible.filter((e) => regex.test(fold(e.name)));
  }

  return visible.filter((e) => fold(e.name).includes(query));
}

/**
 * What a pane lists: filtered, and sorted once the folder has arrived. While a listing still
 * streams in, rows stay in arrival order, each batch added below the last: sorting every
 * batch in would move rows under the pointer as the user reaches for one (FileZilla and
 * Transmit show a folder sorted only once it is complete). The one sort comes at the end.
 */
export function arrangeEntries(
  entries: readonly FileEntry[],
  filter: FilterSpec,
  sort: SortSpec,
  streaming: boolean,
): FileEntry[] {
  const visible = filterEntries(entries, filter);
  return streaming ? visible : sortEntries(visible, sort);
}
