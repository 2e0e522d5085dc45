import {
  fchmodSync,
  ftruncateSync,
  futimesSync,
  lstatSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import ssh2, { type Attributes, type FileEntry } from 'ssh2';

/**
 * The file side of the quirk server: maps SFTP paths onto a real temp folder and describes
 * files the way an SFTP v3 server does. Kept apart from the protocol handlers so each stays
 * small.
 */

export const STATUS = ssh2.utils.sftp.STATUS_CODE;
export const OPEN_MODE = ssh2.utils.sftp.OPEN_MODE;

/** Names a hostile or broken server could send in a listing of its root. */
export const HOSTILE_NAMES: readonly string[] = [
  '../escape.txt',
  '..',
  '.',
  'a/b',
  'C:evil.txt',
  'back\\slash.txt',
  'nul\u0000byte',
  '/etc/passwd',
  'ok.txt',
];

/** What every hostile entry holds, so a download that does go through can be checked. */
export function hostileContent(name: string): Buffer {
  return Buffer.from(`served for ${JSON.stringify(name)}\n`, 'utf8');
}

/** A request path resolved inside the root: the path as the client sees it, and on disk. */
export interface MappedPath {
  remote: string;
  local: string;
}

/**
 * Resolves a client path against the root ('/' is the root; relative paths start there).
 * SECURITY: a path that climbs above the root, holds a NUL, or reaches outside it through a
 * link placed in the root is refused (undefined), so a test can never touch other files.
 */
export function mapPath(root: string, rootReal: string, path: string): MappedPath | undefined {
  if (path.includes('\0')) return undefined;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const local = join(root, ...segments);
  if (!staysInside(rootReal, local)) return undefined;
  return { remote: `/${segments.join('/')}`, local };
}

function staysInside(rootReal: string, local: string): boolean {
  let probe = local;
  for (;;) {
    try {
      lstatSync(probe);
      break;
    } catch {
      const up = dirname(probe);
      if (up === probe) return false;
      probe = up;
    }
  }
  const real = realpathSync(probe);
  return real === rootReal || real.startsWith(rootReal + sep);
}

/**
 * The hostile entry a request path names, if any: its raw name or that name under the root.
 * '.' and '..' only ever appear in the listing; as paths they keep their usual meaning.
 */
export function hostileNameOf(path: string): string | undefined {
  const bare = path.replace(/^\/+/, '');
  const name = HOSTILE_NAMES.includes(path) ? path : bare;
  if (name === '.' || name === '..' || !HOSTILE_NAMES.includes(name)) return undefined;
  return name;
}

export function attrsFromStats(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

export function hostileAttrs(name: string): Attributes {
  const now = Math.floor(Date.now() / 1000);
  const size = hostileContent(name).length;
  return { mode: 0o100644, uid: 0, gid: 0, size, atime: now, mtime: now };
}

/** An `ls -l` style line; clients only show it, ours ignores it. */
export function longname(name: string, attrs: Attributes): string {
  const kind = (attrs.mode & 0o170000) === 0o040000 ? 'd' : '-';
  return `${kind}rw-r--r-- 1 user group ${attrs.size} Jan 01 00:00 ${name}`;
}

/** SFTP v3 status for a Node file-system error. */
export function statusOfErrno(err: unknown): number {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return STATUS.NO_SUCH_FILE;
    case 'EACCES':
    case 'EPERM':
      return STATUS.PERMISSION_DENIED;
    default:
      return STATUS.FAILURE;
  }
}

const FLAG_NAMES: Array<[number, string]> = [
  [OPEN_MODE.READ, 'READ'],
  [OPEN_MODE.WRITE, 'WRITE'],
  [OPEN_MODE.APPEND, 'APPEND'],
  [OPEN_MODE.CREAT, 'CREAT'],
  [OPEN_MODE.TRUNC, 'TRUNC'],
  [OPEN_MODE.EXCL, 'EXCL'],
];

/** 'WRITE|CREAT|TRUNC' for the pflags of an OPEN request, for stats. */
export function describeOpenFlags(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length > 0 ? names.join('|') : 'NONE';
}

/** An open file: a real one, or a made-up hostile entry. */
export interface OpenFile {
  kind: 'file';
  fd: number | undefined;
  /** Bytes of a made-up hostile entry, served instead of a real file. */
  content: Buffer | undefined;
  /** Where the next sequential WRITE starts: S3 can only append to what it has. */
  nextOffset: number;
}

export function readAt(file: OpenFile, offset: number, length: number): Buffer {
  if (file.content) return file.content.subarray(offset, offset + length);
  const buffer = Buffer.alloc(length);
  const got = readSync(file.fd as number, buffer, 0, length, offset);
  return buffer.subarray(0, got);
}

export function applyAttrs(fd: number, attrs: Partial<Attributes>): void {
  if (typeof attrs.size === 'number') ftruncateSync(fd, attrs.size);
  if (typeof attrs.mode === 'number') fchmodSync(fd, attrs.mode & 0o7777);
  if (typeof attrs.mtime === 'number') futimesSync(fd, attrs.atime ?? attrs.mtime, attrs.mtime);
}

/** A folder's entries as READDIR sends them, links not followed. */
export function listFolder(local: string, withHostile: boolean): FileEntry[] {
  const entries = readdirSync(local).map((filename) =>
    entry(filename, attrsFromStats(lstatSync(join(local, filename)))),
  );
  if (withHostile) entries.push(...HOSTILE_NAMES.map((name) => entry(name, hostileAttrs(name))));
  return entries;
}

function entry(filename: string, attrs: Attributes): FileEntry {
  return { filename, longname: longname(filename, attrs), attrs };
}
