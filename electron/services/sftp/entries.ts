import type { Attributes } from 'ssh2';
import type { EntryType, FileEntry } from '../../../shared/types/remote.ts';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

export function typeFromMode(mode: number | undefined): EntryType {
  switch ((mode ?? 0) & S_IFMT) {
    case S_IFDIR:
      return 'directory';
    case S_IFREG:
      return 'file';
    case S_IFLNK:
      return 'symlink';
    default:
      return 'other';
  }
}

/** Builds a listing entry from SFTP attributes; a server may omit any attribute. */
export function entryFromAttrs(name: string, path: string, attrs: Partial<Attributes>): FileEntry {
  const mode = typeof attrs.mode === 'number' ? attrs.mode : undefined;
  return {
    name,
    path,
    type: typeFromMode(mode),
    size: typeof attrs.size === 'number' ? attrs.size : 0,
    modifiedMs: typeof attrs.mtime === 'number' ? attrs.mtime * 1000 : 0,
    ...(mode === undefined ? {} : { mode: mode & 0o7777 }),
  };
}
