import picomatch from 'picomatch/posix.js';
import { AppError } from '../../shared/errors.ts';
import type { FileEntry } from '../../shared/types/remote.ts';

/** What expansion needs of an SFTP session. */
export interface RemoteLister {
  list(path: string): Promise<FileEntry[]>;
  exists(path: string): Promise<FileEntry | undefined>;
}

/**
 * Wildcards in remote paths, as OpenSSH's sftp reads them: `*`, `?` and `[...]` in any part of
 * the path, matched against the server's listing; a leading dot is only matched when written;
 * a backslash makes the next character plain (`report\*.csv` names that one file). The shell
 * has already removed its own quotes, so `get '*.pgp'` arrives here as `*.pgp`.
 */
export function hasWildcard(path: string): boolean {
  return path.split('/').some(isPattern);
}

function isPattern(part: string): boolean {
  return part !== '' && picomatch.scan(part).isGlob;
}

/** A part without wildcards, its escapes removed: `a\*b` names "a*b". */
export function unescapePart(part: string): string {
  return part.replace(/\\(.)/g, '$1');
}

function joinPart(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? `${base}${name}` : `${base}/${name}`;
}

const isFolderLike = (entry: FileEntry): boolean =>
  entry.type === 'directory' ||
  (entry.target !== undefined && 'type' in entry.target && entry.target.type === 'directory');

/** The names in `base` that `part` matches; a folder that cannot be listed matches nothing. */
async function matchIn(
  session: RemoteLister,
  base: string,
  part: string,
  foldersOnly: boolean,
): Promise<string[]> {
  const matches = picomatch(part, { dot: false });
  const entries = await session.list(base === '' ? '.' : base).catch((err: unknown) => {
    const code = (err as AppError).code;
    if (code === 'NOT_FOUND' || code === 'NOT_A_DIRECTORY' || code === 'REMOTE_FAILURE') {
      return [];
    }
    throw err;
  });
  return entries
    .filter((e) => matches(e.name) && (!foldersOnly || isFolderLike(e)))
    .map((e) => joinPart(base, e.name));
}

/**
 * The remote paths a pattern names, sorted, written as the user wrote them (relative stays
 * relative). A path without wildcards is returned as it is, existing or not: the command
 * reports that. A pattern matching nothing fails as sftp's does ("not found"), unless the
 * pattern is itself the exact name of something (a file really called `report[1].csv`).
 */
export async function expandRemote(session: RemoteLister, pattern: string): Promise<string[]> {
  if (!hasWildcard(pattern)) return [unescapePart(pattern)];
  const parts = pattern.split('/').filter((p) => p !== '');
  let bases = [pattern.startsWith('/') ? '/' : ''];
  for (const [index, part] of parts.entries()) {
    if (!isPattern(part)) {
      bases = bases.map((base) => joinPart(base, unescapePart(part)));
      continue;
    }
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const base of bases) next.push(...(await matchIn(session, base, part, !last)));
    bases = next.sort();
    if (bases.length === 0) break;
  }
  if (bases.length > 0) return bases;
  if (await session.exists(pattern)) return [pattern];
  throw new AppError('NOT_FOUND', 'no match', { path: pattern, match: 'none' });
}
