import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';
import type { TransferWarning } from '../../../shared/types/transfer.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';

/** One step of a copy: make a folder or copy a file, `from` → `to`. */
export interface CopyItem {
  kind: 'file' | 'dir';
  from: string;
  to: string;
  size: number;
  mtimeMs: number;
  mode: number;
  /** Path relative to the copied item's parent, for progress and reports. */
  label: string;
}

export interface CopyPlan {
  /** Folders come before what is inside them. */
  items: CopyItem[];
  warnings: TransferWarning[];
}

const STAT_CONCURRENCY = 16;

function statOrThrow(path: string): Promise<Stats> {
  return stat(path).catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
}

/** Case-insensitive file systems are the default on Windows and macOS. */
function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const fold = platform === 'win32' || platform === 'darwin';
  return fold ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Whether `inner` is `outer` itself or somewhere below it. */
function isSameOrInside(inner: string, outer: string, platform: NodeJS.Platform): boolean {
  if (samePath(inner, outer, platform)) return true;
  const fold = platform === 'win32' || platform === 'darwin';
  const rel = fold ? relative(outer.toLowerCase(), inner.toLowerCase()) : relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Refuses copies that can only go wrong, before any job is queued: an item dropped on the
 * folder it is already in (every name would clash with itself), and a folder dropped into
 * itself or one of its subfolders (the copy would never end). Links are resolved first, so a
 * second path to the same folder is recognised too.
 */
export async function checkCopySources(
  sources: readonly string[],
  targetDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const target = await realpath(targetDir).catch((err: unknown) => {
    throw mapNodeError(err, targetDir);
  });
  if (!(await statOrThrow(target)).isDirectory()) {
    throw new AppError('NOT_A_DIRECTORY', 'copy target is not a folder', { path: targetDir });
  }
  for (const source of sources) {
    const parent = await realpath(dirname(resolve(source))).catch((err: unknown) => {
      throw mapNodeError(err, source);
    });
    if (samePath(parent, target, platform)) {
      throw new AppError('COPY_SAME_FOLDER', 'item is already in the target folder', {
        path: basename(source),
        folder: targetDir,
      });
    }
    const real = await realpath(source).catch((err: unknown) => {
      throw mapNodeError(err, source);
    });
    const info = await statOrThrow(real);
    if (info.isDirectory() && isSameOrInside(target, real, platform)) {
      throw new AppError('COPY_INTO_ITSELF', 'folder dropped into itself', {
        path: basename(source),
      });
    }
  }
}

function linkWarning(path: string, what: string): TransferWarning {
  return { code: 'SKIPPED_LINK', path, message: `Skipped ${what}.` };
}

function itemOf(kind: CopyItem['kind'], from: string, to: string, info: Stats, label: string) {
  const size = kind === 'file' ? info.size : 0;
  return { kind, from, to, size, mtimeMs: info.mtimeMs, mode: info.mode & 0o777, label };
}

/**
 * Lists what copying `source` into `targetDir` involves. Like an upload: links to files are
 * followed, links to folders (which could loop) and broken links are reported and skipped.
 */
export async function planCopy(source: string, targetDir: string): Promise<CopyPlan> {
  const plan: CopyPlan = { items: [], warnings: [] };
  const name = basename(source);
  const info = await statOrThrow(source);
  if (!info.isDirectory()) {
    plan.items.push(itemOf('file', source, join(targetDir, name), info, name));
    return plan;
  }
  await walk(source, join(targetDir, name), name, info, plan);

  return plan;
}

async function walk(from: string, to: string, label: string, info: Stats, plan: CopyPlan) {
  plan.items.push(itemOf('dir', from, to, info, label));
  const entries = await readdir(from, { withFileTypes: true }).catch((err: unknown) => {
    throw mapNodeError(err, from);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const infos = await mapLimit(entries, STAT_CONCURRENCY, (entry: Dirent) =>
    stat(join(from, entry.name)).catch(() => null),
  );
  const subdirs: Array<[Dirent, Stats]> = [];
  entries.forEach((entry, i) => {
    const child = infos[i] ?? null;
    const childFrom = join(from, entry.name);
    const childLabel = `${label}/${entry.name}`;
    if (child === null) {
      plan.warnings.push(linkWarning(childLabel, 'broken link or unreadable item'));
    } else if (child.isDirectory()) {
      if (entry.isSymbolicLink()) plan.warnings.push(linkWarning(childLabel, 'link to a folder'));
      else subdirs.push([entry, child]);
    } else if (child.isFile()) {
      plan.items.push(itemOf('file', childFrom, join(to, entry.name), child, childLabel));
    }
  });
  for (const [entry, child] of subdirs) {
    await walk(join(from, entry.name), join(to, entry.name), `${label}/${entry.name}`, child, plan);
  }
}
