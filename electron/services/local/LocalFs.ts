import { access, lstat, mkdir, opendir, rename, rm, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { EntryType, FileEntry } from '../../../shared/types/remote.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';

export interface LocalFsOptions {
  home?: string;
  platform?: NodeJS.Platform;
  /** Whether a drive root (`C:\\`) is there; tests on other systems give their own. */
  exists?: (path: string) => Promise<boolean>;
}

const canAccess = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Symlinks in a large folder are resolved a few at a time. */
const STAT_CONCURRENCY = 16;
/** Names read before their details are looked up and handed on as one batch. */
const LIST_BATCH = 500;

export interface LocalListOptions {
  /** Called with each batch as it is read, so large folders appear progressively. */
  onBatch?: (entries: FileEntry[]) => void;
  /** Stops the walk between batches; the folder is closed and CANCELLED thrown. */
  signal?: AbortSignal;
}

function typeOf(stats: Stats): EntryType {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  return 'other';
}

async function toEntry(path: string): Promise<FileEntry> {
  const stats = await lstat(path);
  const entry: FileEntry = {
    name: basename(path) || path,
    path,
    type: typeOf(stats),
    size: stats.size,
    modifiedMs: stats.mtimeMs,
    mode: stats.mode & 0o7777,
  };
  if (entry.type === 'symlink') {
    entry.target = await stat(path).then(
      (t) => ({ type: typeOf(t), size: t.size }),
      () => ({ broken: true as const }),
    );
  }
  return entry;
}

/** The analyst's own disk, as the left pane of the browser sees it. */
export class LocalFs {
  readonly #home: string;
  readonly #platform: NodeJS.Platform;
  readonly #exists: (path: string) => Promise<boolean>;

  constructor(options: LocalFsOptions = {}) {
    this.#home = options.home ?? homedir();
    this.#platform = options.platform ?? process.platform;
    this.#exists = options.exists ?? canAccess;
  }

  home(): { path: string; sep: '/' | '\\'; platform: string } {
    return { path: this.#home, sep: sep === '\\' ? '\\' : '/', platform: this.#platform };
  }

  /** Reads the folder with opendir, a batch at a time, instead of all names at once. */
  async list(path: string, options: LocalListOptions = {}): Promise<FileEntry[]> {
    const all: FileEntry[] = [];
    const flush = async (names: string[]): Promise<void> => {
      const found = await mapLimit(names, STAT_CONCURRENCY, (name) =>
        // An entry deleted between reading its name and lstat is simply left out.
        toEntry(join(path, name)).catch(() => undefined),
      );
      const entries = found.filter((e): e is FileEntry => e !== undefined);
      all.push(...entries);
      if (entries.length > 0) options.onBatch?.(entries);
    };
    try {
      // Iterating closes the folder when the loop ends, also by break or throw.
      let names: string[] = [];
      for await (const item of await opendir(path)) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'listing cancelled');
        names.push(item.name);
        if (names.length < LIST_BATCH) continue;
        await flush(names);
        names = [];
      }
      await flush(names);
      return all;
    } catch (err) {
      throw mapNodeError(err, path);
    }
  }

  async stat(path: string): Promise<FileEntry> {
    return toEntry(path).catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
  }

  /** Windows drive roots that exist; the single root elsewhere. */
  async drives(): Promise<string[]> {
    if (this.#platform !== 'win32') return ['/'];
    const roots = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => `${letter}:\\`);
    const found = await Promise.all(roots.map((root) => this.#exists(root)));
    return roots.filter((_root, i) => found[i]);
  }

  async mkdir(path: string): Promise<void> {
    await mkdir(path).catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
  }

  /**
   * Renames without replacing: Node's rename silently overwrites on POSIX, which would lose
   * a file. The check and the rename are two steps; a file appearing in between is replaced.
   */
  async rename(from: string, to: string): Promise<void> {
    const taken = await lstat(to).then(
      () => true,
      () => false,
    );
    if (taken) throw new AppError('ALREADY_EXISTS', 'rename target exists', { path: to });
    await rename(from, to).catch((err: unknown) => {
      throw mapNodeError(err, from);
    });
  }

  /** Deletes a file, or a folder with everything in it. The kind must match what is there. */
  async delete(path: string, kind: 'file' | 'directory'): Promise<void> {
    const entry = await this.stat(path);
    if (kind === 'file' && entry.type === 'directory') {
      throw new AppError('IS_A_DIRECTORY', 'expected a file', { path });
    }
    if (kind === 'directory' && entry.type !== 'directory') {
      throw new AppError('NOT_A_DIRECTORY', 'expected a folder', { path });
    }
    const remove = kind === 'file' ? unlink(path) : rm(path, { recursive: true });
    await remove.catch((err: unknown) => {
      throw mapNodeError(err, path);
    });
  }
}
