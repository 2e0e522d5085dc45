import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AppError, toAppError } from '../../shared/errors.ts';
import { formatMode } from '../../shared/format.ts';
import {
  joinRemote,
  normalizeRemote,
  remoteBasename,
  remoteDirname,
} from '../../shared/remotePath.ts';
import type { FileEntry } from '../../shared/types/remote.ts';
import type { SftpSession } from '../services/sftp/SftpSession.ts';
import type { CliContext } from './commands.ts';
import { connectorFromFlags, type ConnectionFlags } from './connection.ts';
import { expandRemote, hasWildcard, unescapePart } from './remoteGlob.ts';
import { printable } from './printable.ts';

type Flags = ConnectionFlags & Record<string, unknown>;

/** Opens one connection and SFTP channel for `run`, and closes them whatever happens. */
export async function withSession<T>(
  flags: Flags,
  ctx: CliContext,
  run: (session: SftpSession) => Promise<T>,
): Promise<T> {
  const connect = await connectorFromFlags(flags, ctx.logger);
  const connection = await connect();
  try {
    const session = await connection.sftp();
    return await run(session);
  } finally {
    await connection.close();
  }
}

function formatEntry(entry: FileEntry): string {
  const when = entry.modifiedMs ? new Date(entry.modifiedMs).toISOString().slice(0, 16) : '';
  const suffix = entry.type === 'directory' && !entry.name.endsWith('/') ? '/' : '';
  const broken = entry.target && 'broken' in entry.target ? '  (broken link)' : '';
  return (
    `${formatMode(entry.mode, entry.type)} ${String(entry.size).padStart(12)} ` +
    `${when.replace('T', ' ')}  ${printable(entry.name)}${suffix}${broken}`
  );
}

const isNotFound = (err: unknown): boolean => toAppError(err).code === 'NOT_FOUND';

/** A link's own entry, with what it points to (as the folder listing gives it). */
async function entryOf(s: SftpSession, path: string): Promise<FileEntry> {
  const own = { ...(await s.lstat(path)), name: path };
  if (own.type !== 'symlink') return own;
  const target = await s.stat(path).catch(() => undefined);
  return { ...own, target: target ? { type: target.type, size: target.size } : { broken: true } };
}

/**
 * What `ls PATH` shows, as sftp does: a folder's contents; a file (or link) as itself, named
 * as given; every match of a wildcard pattern, as itself.
 */
export async function listPath(s: SftpSession, path: string): Promise<FileEntry[]> {
  if (hasWildcard(path)) {
    const found = await Promise.all((await expandRemote(s, path)).map((p) => entryOf(s, p)));
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }
  path = unescapePart(path);
  const target = await s.stat(path).catch(async (err: unknown) => {
    // A broken link fails stat but is still there to be shown.
    if (isNotFound(err) && (await s.lstat(path).catch(() => undefined))) return undefined;
    throw err;
  });
  if (target?.type !== 'directory') return [await entryOf(s, path)];
  const entries = await s.list(path);
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Deletes one remote path. SECURITY: looked at with lstat, so a link (to a folder too) is
 * removed itself and what it points to is never touched.
 */
async function removeOne(s: SftpSession, path: string, recursive: boolean): Promise<void> {
  refuseDangerousDelete(path);
  const entry = await s.lstat(path);
  if (entry.type !== 'directory') return s.removeFile(path);
  await s.removeDir(path, { recursive }).catch((err: unknown) => {
    const e = toAppError(err);
    if (e.code !== 'DIRECTORY_NOT_EMPTY' || recursive) throw e;
    throw new AppError(e.code, e.message, { ...e.details, cliSuggest: 'rm -r' }, e);
  });
}

/**
 * Several matches are all checked before any is deleted: a folder among them without -r
 * refuses the whole command, naming every such folder, so nothing is half done.
 */
async function removeMatches(s: SftpSession, paths: string[], recursive: boolean) {
  paths.forEach(refuseDangerousDelete);
  if (!recursive && paths.length > 1) {
    const entries = await Promise.all(paths.map((p) => s.lstat(p)));
    const folders = paths.filter((_p, i) => entries[i]?.type === 'directory');
    if (folders.length > 0) {
      throw new AppError('IS_A_DIRECTORY', 'folders among the matches', {
        folders: folders.map((f) => `"${f}"`).join(', '),
        cliSuggest: 'rm -r all',
      });
    }
  }
  for (const path of paths) await removeOne(s, path, recursive);
}

/** Like GNU rm: '.', '..' and '/' are never deleted, since they mean "everything here". */
function refuseDangerousDelete(path: string): void {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === '' || last === '.' || last === '..') {
    throw new AppError('INVALID_ARGUMENT', 'refusing to delete . or .. or /', {
      reason: `refusing to delete "${path}": name the folder itself`,
    });
  }
}

/**
 * Without -p, a missing parent is what is missing, not the folder being made; a file where a
 * folder should be is named as such.
 */
async function makeFolder(s: SftpSession, dir: string, parents: boolean): Promise<void> {
  if (dir === '') {
    throw new AppError('INVALID_ARGUMENT', 'empty folder name', { reason: 'mkdir needs a name' });
  }
  await s.mkdir(dir, { parents }).catch(async (err: unknown) => {
    const e = toAppError(err);
    if (e.code !== 'NOT_FOUND' && e.code !== 'REMOTE_FAILURE') throw e;
    const blocker = await nearestExisting(s, remoteDirname(dir));
    if (blocker && blocker.type !== 'directory') {
      throw new AppError('NOT_A_DIRECTORY', e.message, { path: blocker.name }, e);
    }
    if (e.code !== 'NOT_FOUND' || parents) throw e;
    const parent = remoteDirname(dir);
    throw new AppError('NOT_FOUND', e.message, { path: parent, cliSuggest: 'mkdir -p' }, e);
  });
}

/** The closest of `path` and its parents that exists, named as the user wrote it. */
async function nearestExisting(s: SftpSession, path: string): Promise<FileEntry | undefined> {
  for (let at = path; ; at = remoteDirname(at)) {
    const found = await s.exists(at).catch(() => undefined);
    if (found) return { ...found, name: at };
    if (at === '.' || at === '/') return undefined;
  }
}

/**
 * The one path `mv` moves. A wildcard is refused rather than expanded: moving several files
 * into a folder would need its own rules for partial failure, and get/put or several mv say
 * it plainly. A name that really contains `*` is written with a backslash (`a\*.csv`), as in
 * get and rm, or given as is when that exact name exists.
 */
async function moveSource(s: SftpSession, from: string): Promise<string> {
  if (!hasWildcard(from)) return unescapePart(from);
  if (await s.exists(from)) return from;
  throw new AppError('INVALID_ARGUMENT', 'mv with a wildcard', {
    reason: 'mv takes one path, no wildcards; use get/put or several mv',
  });
}

/** Where a path really is, for telling whether two paths name the same file. */
async function canonical(s: SftpSession, path: string): Promise<string> {
  const dir = await s.realpath(remoteDirname(path)).catch(() => remoteDirname(path));
  return normalizeRemote(`${dir}/${remoteBasename(path)}`);
}

/**
 * `mv` as in a shell: into a folder that exists (keeping the name), else to the new name. An
 * existing file there is only replaced with --overwrite; a folder never is. A path moved onto
 * itself is left as it is.
 */
export async function movePath(
  s: SftpSession,
  given: string,
  givenTo: string,
  overwrite: boolean,
): Promise<void> {
  const from = await moveSource(s, given);
  const to = unescapePart(givenTo);
  const dest = await s.exists(to);
  if (to.endsWith('/') && dest?.type !== 'directory') {
    throw new AppError(dest ? 'NOT_A_DIRECTORY' : 'NOT_FOUND', 'no such folder', { path: to });
  }
  const target =
    dest?.type === 'directory' ? `${to.replace(/(?<=.)\/+$/, '')}/${remoteBasename(from)}` : to;
  if ((await canonical(s, from)) === (await canonical(s, target))) {
    await s.lstat(from); // a missing source is still "does not exist"
    return;
  }
  const taken = await s.lstat(target).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!taken) return s.rename(from, target);
  if (taken.type === 'directory') {
    throw new AppError('IS_A_DIRECTORY', 'target is a folder', { path: target });
  }
  if (!overwrite) {
    throw new AppError('ALREADY_EXISTS', 'target exists', {
      path: target,
      cliSuggest: 'mv --overwrite',
    });
  }
  if (s.hasExtension('posix-rename@openssh.com')) {
    return s.rename(from, target, { overwrite: true });
  }
  await replaceWithoutPosixRename(s, from, target);
}

/**
 * SFTP v3 rename refuses an existing target. The old file is set aside under a hidden name
 * first, and only deleted once the source is in its place; if that rename fails (the source
 * is gone, or is the same file under another name) the old file is put back.
 */
async function replaceWithoutPosixRename(s: SftpSession, from: string, target: string) {
  const backup = joinRemote(remoteDirname(target), `.${remoteBasename(target)}.mv-${randomHex()}`);
  await s.rename(target, backup);
  try {
    await s.rename(from, target);
  } catch (err) {
    await s.rename(backup, target).catch(() => undefined);
    throw err;
  }
  await s.removeFile(backup);
}

const randomHex = (): string => randomBytes(4).toString('hex');

export function registerRemoteCommands(
  program: Command,
  ctx: CliContext,
  flagsOf: (cmd: Command) => Flags,
): void {
  program
    .command('ls')
    .argument('[remote_path]', 'remote folder, file or wildcard pattern', '.')
    .option('--json', 'machine-readable output')
    .description('list a remote folder, a file, or what a pattern such as "*.pgp" matches')
    .action(async (path: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      const entries = await withSession(flags, ctx, (s) => listPath(s, path));
      if (flags.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) process.stdout.write(`${formatEntry(e)}\n`);
    });

  program
    .command('mkdir')
    .argument('<remote_dir>')
    .option('-p, --parents', 'create parents')
    .description('create a remote folder')
    .action(async (dir: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withSession(flags, ctx, (s) => makeFolder(s, dir, Boolean(flags.parents)));
    });

  program
    .command('rm')
    .argument('<remote>', 'remote file, folder or wildcard pattern')
    .option('-r, --recursive', 'delete a folder and its contents')
    .description('delete a remote file or folder (a link is removed itself, never followed)')
    .action(async (path: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      refuseDangerousDelete(path);
      await withSession(flags, ctx, async (s) => {
        await removeMatches(s, await expandRemote(s, path), Boolean(flags.recursive));
      });
    });

  program
    .command('mv')
    .argument('<from>')
    .argument('<to>')
    .option('--overwrite', 'replace a file that already exists at the target')
    .description('rename a remote file or folder, or move it into an existing folder')
    .action(async (from: string, to: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withSession(flags, ctx, (s) => movePath(s, from, to, Boolean(flags.overwrite)));
    });
}
