export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** One item of a folder listing, local or remote. Times are milliseconds since the epoch. */
export interface FileEntry {
  name: string;
  /** Full path: POSIX for remote entries, the platform's form for local ones. */
  path: string;
  type: EntryType;
  size: number;
  modifiedMs: number;
  /** Permission bits (e.g. 0o644), or undefined where the source has none. */
  mode?: number;
  /** For symlinks: what the link points to, resolved by stat. */
  target?: { type: EntryType; size: number } | { broken: true };
}
