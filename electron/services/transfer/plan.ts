import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError, type SerializedAppError } from '../../../shared/errors.ts';
import { isValidUtf8Name } from './compat.ts';
import {
  isSafeEntryName,
  joinRemote,
  remoteBasename,
  remoteDirname,
} from '../../../shared/remotePath.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import type { TransferWarning } from '../../../shared/types/transfer.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';

/** One step of a transfer: folders are created first, then files are copied. */
export interface PlanItem {
  kind: 'dir' | 'file';
  local: string;
  remote: string;
  size: number;
  mtimeMs: number;
  /** Path relative to the job's source, for progress display. */
  label: string;
  /**
   * Why this file cannot be moved at all: unreadable, or a name that is not UTF-8 (upload);
   * a server name that cannot be saved safely here (download).
   */
  problem?: SerializedAppError;
}

export interface Plan {
  items: PlanItem[];
  warnings: TransferWarning[];
}

const WALK_CONCURRENCY = 8;
const STAT_CONCURRENCY = 32;

/**
 * Where a source lands, as OpenSSH's sftp decides: inside the target when the target is an
 * existing folder; otherwise, with one source, the target is the new name.
 */
export function landingName(
  targetIsDir: boolean,
  sourceCount: number,
  target: string,
  sourceName: string,
  join2: (a: string, b: string) => string,
): string {
  if (targetIsDir) return join2(target, sourceName);
  if (sourceCount === 1) return target;
  throw new AppError('NOT_FOUND', 'several sources need an existing target folder', {
    path: target,
  });
}

/**
 * A target that does not exist is a new name, but only inside a folder that does: otherwise
 * the error would name the temporary file the copy was being written to. A trailing slash
 * says the target itself is meant to be a folder.
 */
async function requireRemoteParent(session: SftpSession, target: string): Promise<void> {
  const folder = target.endsWith('/') ? target : remoteDirname(target);
  const parent = await session.exists(folder).catch(() => ({ type: 'directory' }) as FileEntry);
  if (parent === undefined || target.endsWith('/')) {
    throw new AppError('NOT_FOUND', 'target folder missing', { path: folder, what: 'folder' });
  }
  if (parent.type !== 'directory') {
    throw new AppError('NOT_A_DIRECTORY', 'target parent is a file', { path: folder });
  }
}

async function requireLocalParent(target: string): Promise<void> {
  const trailing = target.endsWith('/') || target.endsWith(sep);
  const folder = trailing ? target : dirname(resolve(target));
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined || trailing) {
    throw new AppError('LOCAL_NOT_FOUND', 'target folder missing', { path: folder });
  }
  if (!parent.isDirectory()) {
    throw new AppError('NOT_A_DIRECTORY', 'target parent is a file', { path: folder });
  }
}

export async function planUpload(
  session: SftpSession,
  localPaths: string[],
  remoteTarget: string,
  recursive: boolean,
): Promise<Plan> {
  const target = await session.exists(remoteTarget).catch((err: AppError) => {
    // Drop-box accounts may not stat: assume the named folder exists, as the user said.
    if (err.code === 'PERMISSION_DENIED') return { type: 'directory' } as FileEntry;
    throw err;
  });
  if (target === undefined) await requireRemoteParent(session, remoteTarget);
  // Several sources need a folder: a file of that name is in the way, not missing.
  if (target && target.type !== 'directory' && localPaths.length > 1) {
    throw new AppError('NOT_A_DIRECTORY', 'target is a file', { path: remoteTarget });
  }
  const plan: Plan = { items: [], warnings: [] };
  for (const localPath of localPaths) {
    const info = await stat(localPath).catch((err: unknown) => {
      throw mapNodeError(err, localPath);
    });
    const isDir = target?.type === 'directory';
    const remote = landingName(
      isDir,
      localPaths.length,
      remoteTarget,
      basename(localPath),
      joinRemote,
    );
    if (info.isDirectory()) {
      if (!recursive) throw folderNeedsRecursive(localPath);
      if (target && !isDir)
        throw new AppError('NOT_A_DIRECTORY', 'target is a file', { path: remoteTarget });
      await walkLocal(localPath, remote, basename(localPath), plan);
    } else {
      plan.items.push(fileItem(localPath, remote, info.size, info.mtimeMs, basename(localPath)));
    }
  }
  return plan;
}

function folderNeedsRecursive(path: string): AppError {
  return new AppError('IS_A_DIRECTORY', 'folder given without recursive', {
    path,
    reason: 'use -r to copy folders',
  });
}

/**
 * Node turns a file name that is not valid UTF-8 into a string with U+FFFD in it, and that
 * string no longer names the file: it can be neither read nor sent under its real name.
 */
function unreadable(err: unknown, path: string): AppError {
  if (!isValidUtf8Name(path)) return new AppError('NAME_NOT_UTF8', 'name is not UTF-8', { path });
  return mapNodeError(err, path);
}

function fileItem(local: string, remote: string, size: number, mtimeMs: number, label: string) {
  return { kind: 'file' as const, local, remote, size, mtimeMs, label };
}

/** Walks a local folder; sibling entries are looked at and subfolders walked concurrently. */
async function walkLocal(dir: string, remote: string, label: string, plan: Plan): Promise<void> {
  plan.items.push({ kind: 'dir', local: dir, remote, size: 0, mtimeMs: 0, label });
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    throw mapNodeError(err, dir);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subdirs: Array<[string, string, string]> = [];
  const infos = await mapLimit(entries, STAT_CONCURRENCY, (entry) =>
    entry.isFile() || entry.isDirectory()
      ? Promise.resolve(undefined)
      : stat(join(dir, entry.name)).catch(() => null),
  );
  const files = entries.filter((e, i) => e.isFile() || infos[i]?.isFile());
  const sizes = await mapLimit(files, STAT_CONCURRENCY, (e) =>
    stat(join(dir, e.name)).catch((err: unknown) => unreadable(err, join(dir, e.name))),
  );
  entries.forEach((entry, i) => {
    const local = join(dir, entry.name);
    const childRemote = joinRemote(remote, entry.name);
    const childLabel = `${label}/${entry.name}`;
    // Follow links to files; a link to a folder could loop, so it is reported and skipped.
    const info = infos[i];
    if (info === null) plan.warnings.push(linkWarning(local, 'broken link'));
    else if (entry.isDirectory()) subdirs.push([local, childRemote, childLabel]);
    else if (info?.isDirectory()) plan.warnings.push(linkWarning(local, 'link to a folder'));
  });
  files.forEach((entry, i) => {
    const s = sizes[i] as Stats | AppError;
    const local = join(dir, entry.name);
    const childLabel = `${label}/${entry.name}`;
    const childRemote = joinRemote(remote, entry.name);
    if (s instanceof AppError) {
      plan.items.push({ ...fileItem(local, childRemote, 0, 0, childLabel), problem: s.toJSON() });
    } else {
      plan.items.push(fileItem(local, childRemote, s.size, s.mtimeMs, childLabel));
    }
  });
  const subs = await mapLimit(
    subdirs,
    WALK_CONCURRENCY,
    async ([local, childRemote, childLabel]) => {
      const sub: Plan = { items: [], warnings: [] };
      await walkLocal(local, childRemote, childLabel, sub);
      return sub;
    },
  );
  for (const sub of subs) {
    plan.items.push(...sub.items);
    plan.warnings.push(...sub.warnings);
  }
}

function linkWarning(path: string, what: string): TransferWarning {
  return { code: 'SKIPPED_LINK', path, message: `Skipped ${what}.` };
}

export async function planDownload(
  session: SftpSession,
  remotePaths: string[],
  localTarget: string,
  recursive: boolean,
): Promise<Plan> {
  const targetInfo = await stat(localTarget).catch(() => undefined);
  if (targetInfo === undefined) await requireLocalParent(localTarget);
  const plan: Plan = { items: [], warnings: [] };
  const root = resolve(localTarget);
  for (const remotePath of remotePaths) {
    const entry = await session.stat(remotePath);
    const isDir = targetInfo?.isDirectory() ?? false;
    const name = remoteBasename(remotePath);
    const local = landingName(isDir, remotePaths.length, root, name, join);
    if (entry.type === 'directory' && !recursive) throw folderNeedsRecursive(remotePath);
    // SECURITY: inside the target folder the local name is the server's own, checked as a
    // listed name is, however the path was given (named, or matched by a wildcard). `.` and
    // `/` name a folder whose content lands in the target; a name the user gives is theirs.
    const thisFolder = entry.type === 'directory' && (name === '' || name === '.');
    if (isDir && !thisFolder && safeLocalChild(root, root, name) === undefined) {
      plan.items.push(refusedItem(root, name, remotePath, name));
      continue;
    }
    if (entry.type === 'directory') {
      const folderRoot = resolve(local);
      await walkRemote(
        session,
        remotePath,
        folderRoot,
        folderRoot,
        remoteBasename(remotePath),
        plan,
      );
    } else {
      plan.items.push(
        fileItem(local, remotePath, entry.size, entry.modifiedMs, remoteBasename(remotePath)),
      );
    }
  }
  return plan;
}

async function walkRemote(
  session: SftpSession,
  remoteDir: string,
  localDir: string,
  root: string,
  label: string,
  plan: Plan,
): Promise<void> {
  plan.items.push({ kind: 'dir', local: localDir, remote: remoteDir, size: 0, mtimeMs: 0, label });
  const refuse = (name: string, path: string): void => {
    plan.items.push(refusedItem(localDir, name, path, `${label}/${name}`));
  };
  const entries = await session.list(remoteDir, {
    onSkipped: (name) => refuse(name, `${remoteDir.replace(/\/$/, '')}/${name}`),
  });
  const subdirs: FileEntry[] = [];
  for (const entry of entries) {
    const local = safeLocalChild(localDir, root, entry.name);
    if (local === undefined) {
      refuse(entry.name, entry.path);
      continue;
    }
    const type =
      entry.type === 'symlink' && entry.target && 'type' in entry.target
        ? entry.target.type
        : entry.type;
    if (type === 'directory' && entry.type !== 'symlink') subdirs.push(entry);
    else if (type === 'file') {
      const size =
        entry.type === 'symlink' && entry.target && 'size' in entry.target
          ? entry.target.size
          : entry.size;
      plan.items.push(
        fileItem(local, entry.path, size, entry.modifiedMs, `${label}/${entry.name}`),
      );
    } else plan.warnings.push(linkWarning(entry.path, 'link or special file'));
  }
  await mapLimit(subdirs, WALK_CONCURRENCY, async (entry) => {
    const local = join(localDir, entry.name);
    const sub: Plan = { items: [], warnings: [] };
    await walkRemote(session, entry.path, local, root, `${label}/${entry.name}`, sub);
    return sub;
  }).then((subs) => {
    for (const sub of subs) {
      plan.items.push(...sub.items);
      plan.warnings.push(...sub.warnings);
    }
  });
}

/**
 * SECURITY: names come from the server. Only plain names are used, and the result must stay
 * inside the folder the user chose, whatever the name contains.
 */
export function safeLocalChild(localDir: string, root: string, name: string): string | undefined {
  if (!isSafeEntryName(name)) return undefined;
  const candidate = resolve(localDir, name);
  const rel = relative(root, candidate);
  if (rel === '' || rel.startsWith('..') || rel.includes(`..${sep}`)) return undefined;
  return candidate;
}

/**
 * A server file (or folder) whose name is refused: planned as a file that failed with its
 * reason, so the batch ends with it failed rather than as if everything came down.
 */
function refusedItem(localDir: string, name: string, remote: string, label: string): PlanItem {
  const error = new AppError('UNSAFE_NAME', 'unsafe name from the server', { path: remote, name });
  const local = refusedLocal(localDir, name);
  return { ...fileItem(local, remote, 0, 0, label), problem: error.toJSON() };
}

/**
 * Where a refused file is reported to land. The batch fails it before touching the disk, but
 * a cancelled job's clean-up removes `<local>.pyplan-part`: so a name that is not a plain
 * child here (`a/../b`, a backslash on Windows, `..`) is percent-encoded into one that is.
 * A backslash or `C:` on POSIX is a plain child, and shows as the server wrote it.
 */
function refusedLocal(localDir: string, name: string): string {
  const plain = join(localDir, name);
  if (!name.includes('\0') && dirname(plain) === localDir && basename(plain) === name) {
    return plain;
  }
  return join(localDir, encodeURIComponent(name).replaceAll('.', '%2E') || '%');
}
