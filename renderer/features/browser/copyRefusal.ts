import { AppError } from '../../../shared/errors.ts';
import { baseName, parentPath, type Sep } from '../../lib/paths.ts';

/** Trailing separators off (except a root's), case folded where the file system ignores it. */
function normalize(path: string, sep: Sep): string {
  const trimmed = path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
  const rooted = /^[A-Za-z]:$/.test(trimmed) ? `${trimmed}\\` : trimmed;
  return sep === '\\' ? rooted.toLowerCase() : rooted;
}

/**
 * The refusals main makes for a local copy, checked here first so the user hears the plain
 * reason instead of a "name already taken" question for every item: items dropped on the
 * folder they are in, and a folder dropped into itself. Main checks again with links resolved.
 */
export function copyRefusal(
  paths: readonly string[],
  targetDir: string,
  sep: Sep,
): AppError | null {
  const target = normalize(targetDir, sep);
  for (const path of paths) {
    const parent = parentPath(path, sep);
    const name = baseName(path, sep);
    if (parent !== null && normalize(parent, sep) === target) {
      return new AppError('COPY_SAME_FOLDER', 'item is already in the target folder', {
        path: name,
        folder: targetDir,
      });
    }
    const self = normalize(path, sep);
    const below = self.endsWith(sep) ? self : `${self}${sep}`;
    if (target === self || target.startsWith(below)) {
      return new AppError('COPY_INTO_ITSELF', 'folder dropped into itself', { path: name });
    }
  }

  return null;
}
