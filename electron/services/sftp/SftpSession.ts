import type { Attributes, FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { joinRemote, remoteBasename } from '../../../shared/remotePath.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { mapSftpError, sftpStatusOf, SFTP_STATUS } from './mapSftpError.ts';
import { entryFromAttrs } from './entries.ts';
import { mapLimit } from '../../../shared/mapLimit.ts';

export interface ListOptions {
  /** Called with each batch as the server sends it, so large folders appear progressively. */
  onBatch?: (entries: FileEntry[]) => void;
  /** Told of names that cannot be a single path segment ('/' or NUL inside), left out. */
  onSkipped?: (name: string) => void;
  signal?: AbortSignal;
}

/**
 * Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts. A cancelled
 * listing then closes its handle at once instead of waiting for the read in flight (whose
 * answer is dropped), so the server stops walking the folder.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AppError('CANCELLED', 'listing cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** How many symlink targets are resolved at once while listing. */
const LINK_STAT_CONCURRENCY = 16;

/**
 * One SFTP channel with promise-based operations and closed error codes. Every method settles:
 * when the connection drops, pending and later calls fail with CONNECTION_LOST.
 */
export class SftpSession {
  readonly #sftp: SFTPWrapper;
  readonly #logger: Logger;
  #lost: AppError | undefined;

  constructor(sftp: SFTPWrapper, logger: Logger) {
    this.#sftp = sftp;
    this.#logger = logger;
    sftp.on('close', () => this.markLost());
  }

  /** The raw channel, for the transfer engine's pipelined reads and writes. */
  get raw(): SFTPWrapper {
    return this.#sftp;
  }

  get isLost(): boolean {
    return this.#lost !== undefined;
  }

  /** Largest READ the server answers in full (limits@openssh.com, else ssh2's safe guess). */
  get maxReadLength(): number {
    return (this.#sftp as unknown as { _maxReadLen?: number })._maxReadLen ?? 32 * 1024;
  }

  get maxWriteLength(): number {
    return (this.#sftp as unknown as { _maxWriteLen?: number })._maxWriteLen ?? 32 * 1024;
  }

  hasExtension(name: string): boolean {
    const extensions = (this.#sftp as unknown as { _extensions?: Record<string, string> })
      ._extensions;
    return extensions?.[name] !== undefined;
  }

  markLost(error?: AppError): void {
    this.#lost ??= error ?? new AppError('CONNECTION_LOST', 'SFTP channel closed');
  }

  /** Wraps one ssh2 callback call; maps its error with the path for the message. */
  call<T>(path: string | undefined, run: (cb: (err?: Error | null, value?: T) => void) => void) {
    return new Promise<T>((resolve, reject) => {
      if (this.#lost) return reject(this.#lost);
      try {
        run((err, value) => {
          if (err) reject(this.#lost ?? mapSftpError(err, path));
          else resolve(value as T);
        });
      } catch (err) {
        // ssh2 throws synchronously when the channel is already gone.
        reject(this.#lost ?? mapSftpError(err, path));
      }
    });
  }

  /** NOT_FOUND, NOT_A_DIRECTORY (a file's path), PERMISSION_DENIED, CONNECTION_LOST. */
  async list(path: string, options: ListOptions = {}): Promise<FileEntry[]> {
    const handle = await this.call<Buffer>(path, (cb) => this.#sftp.opendir(path, cb)).catch(
      (err: unknown) => this.#whyNotOpened(path, err),
    );
    const entries: FileEntry[] = [];
    try {
      for (;;) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'listing cancelled');
        const batch = await untilAborted(this.#readdirBatch(handle, path), options.signal);
        if (batch === undefined) break;
        const resolved = await this.#toEntries(path, batch, options.onSkipped);
        entries.push(...resolved);
        if (resolved.length > 0) options.onBatch?.(resolved);
      }
    } finally {
      await this.close(handle).catch(() => undefined);
    }
    return entries;
  }

  /**
   * OpenSSH answers OPENDIR on a file with "no such file" (its errno mapping folds ENOTDIR
   * into it), other servers with a bare failure; either would tell the user something untrue
   * about a file they can see. A stat settles it.
   */
  async #whyNotOpened(path: string, err: unknown): Promise<never> {
    const code = (err as AppError).code;
    if (code !== 'NOT_FOUND' && code !== 'REMOTE_FAILURE') throw err;
    const entry = await this.stat(path).catch(() => undefined);
    if (entry !== undefined && entry.type !== 'directory') {
      throw new AppError('NOT_A_DIRECTORY', 'not a folder', { path }, err);
    }
    throw err;
  }

  async #readdirBatch(handle: Buffer, path: string): Promise<FileEntryWithStats[] | undefined> {
    try {
      return await this.call<FileEntryWithStats[]>(path, (cb) =>
        this.#sftp.readdir(handle, cb as never),
      );
    } catch (err) {
      const status = sftpStatusOf((err as AppError).cause);
      if (status === SFTP_STATUS.EOF) return undefined;
      throw err;
    }
  }

  async #toEntries(
    dir: string,
    batch: FileEntryWithStats[],
    onSkipped?: (name: string) => void,
  ): Promise<FileEntry[]> {
    const safe = batch.filter((item) => {
      if (item.filename === '.' || item.filename === '..') return false;
      // Names that cannot be a single path segment cannot be addressed either; showing
      // them would only produce errors later.
      if (/[/\0]/.test(item.filename)) {
        this.#logger.warn('list: skipped unusable name', { dir, name: item.filename });
        onSkipped?.(item.filename);
        return false;
      }
      return true;
    });
    return mapLimit(safe, LINK_STAT_CONCURRENCY, async (item) => {
      const path = joinRemote(dir, item.filename);
      const entry = entryFromAttrs(item.filename, path, item.attrs);
      if (entry.type === 'symlink') entry.target = await this.#linkTarget(path);
      return entry;
    });
  }

  async #linkTarget(path: string): Promise<FileEntry['target']> {
    try {
      const stats = await this.call<Stats>(path, (cb) => this.#sftp.stat(path, cb));
      const target = entryFromAttrs('', path, stats);
      return { type: target.type, size: target.size };
    } catch (err) {
      if ((err as AppError).code === 'CONNECTION_LOST') throw err;
      return { broken: true };
    }
  }

  /** stat() follows links; the entry's type is the target's type. */
  async stat(path: string): Promise<FileEntry> {
    const stats = await this.call<Stats>(path, (cb) => this.#sftp.stat(path, cb));
    return entryFromAttrs(remoteBasename(path), path, stats);
  }

  /** lstat() does not follow a link: a link's entry has type 'symlink'. */
  async lstat(path: string): Promise<FileEntry> {
    const stats = await this.call<Stats>(path, (cb) => this.#sftp.lstat(path, cb));
    return entryFromAttrs(remoteBasename(path), path, stats);
  }

  async exists(path: string): Promise<FileEntry | undefined> {
    try {
      return await this.stat(path);
    } catch (err) {
      if ((err as AppError).code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  realpath(path: string): Promise<string> {
    return this.call<string>(path, (cb) => this.#sftp.realpath(path, cb));
  }

  async mkdir(path: string, options: { parents?: boolean } = {}): Promise<void> {
    if (options.parents) return this.#mkdirParents(path);
    try {
      await this.call<void>(path, (cb) => this.#sftp.mkdir(path, cb));
    } catch (err) {
      // SFTP v3 has no "already exists" status; servers answer FAILURE. Look before blaming.
      if ((err as AppError).code === 'REMOTE_FAILURE' && (await this.exists(path))) {
        throw new AppError('ALREADY_EXISTS', 'folder exists', { path }, err);
      }
      throw err;
    }
  }

  async #mkdirParents(path: string): Promise<void> {
    const existing = await this.exists(path);
    if (existing?.type === 'directory') return;
    if (existing) throw new AppError('NOT_A_DIRECTORY', 'exists and is not a folder', { path });
    const parent = path.replace(/\/[^/]+\/?$/, '') || '/';
    if (parent !== path && parent !== '/' && parent !== '.') await this.#mkdirParents(parent);
    try {
      await this.mkdir(path);
    } catch (err) {
      // Another transfer may have created it between our stat and mkdir.
      if ((err as AppError).code !== 'ALREADY_EXISTS') throw err;
    }
  }

  /**
   * SFTP v3 rename refuses an existing target. With overwrite, posix-rename@openssh.com
   * replaces it atomically where offered.
   */
  async rename(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    if (options.overwrite && this.hasExtension('posix-rename@openssh.com')) {
      return this.call<void>(from, (cb) => this.#sftp.ext_openssh_rename(from, to, cb));
    }
    try {
      await this.call<void>(from, (cb) => this.#sftp.rename(from, to, cb));
    } catch (err) {
      if ((err as AppError).code === 'REMOTE_FAILURE' && (await this.exists(to))) {
        throw new AppError('ALREADY_EXISTS', 'rename target exists', { path: to }, err);
      }
      throw err;
    }
  }

  removeFile(path: string): Promise<void> {
    return this.call<void>(path, (cb) => this.#sftp.unlink(path, cb));
  }

  /**
   * Deletes a folder. SECURITY: a link to a folder is removed itself, never followed: listing
   * through it would empty the folder it points to. Links inside are removed as files. A
   * trailing slash is dropped first, since "link/" names the folder behind the link.
   */
  async removeDir(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const named = path.replace(/(?<=.)\/+$/, '');
    if ((await this.lstat(named)).type === 'symlink') return this.removeFile(named);
    return this.#removeTree(named, Boolean(options.recursive));
  }

  /** The listing's types come from lstat: only real folders are entered. */
  async #removeTree(path: string, recursive: boolean): Promise<void> {
    if (recursive) {
      for (const entry of await this.list(path)) {
        if (entry.type === 'directory') await this.#removeTree(entry.path, recursive);
        else await this.removeFile(entry.path);
      }
    }
    try {
      await this.call<void>(path, (cb) => this.#sftp.rmdir(path, cb));
    } catch (err) {
      const code = (err as AppError).code;
      if (code === 'REMOTE_FAILURE' && !recursive && (await this.list(path)).length > 0) {
        throw new AppError('DIRECTORY_NOT_EMPTY', 'folder not empty', { path }, err);
      }
      throw err;
    }
  }

  open(path: string, flags: 'r' | 'w' | 'r+'): Promise<Buffer> {
    return this.call<Buffer>(path, (cb) => this.#sftp.open(path, flags, cb));
  }

  close(handle: Buffer): Promise<void> {
    return this.call<void>(undefined, (cb) => this.#sftp.close(handle, cb));
  }

  fstat(handle: Buffer, path?: string): Promise<Stats> {
    return this.call<Stats>(path, (cb) => this.#sftp.fstat(handle, cb));
  }

  setTimes(path: string, atime: Date, mtime: Date): Promise<void> {
    const attrs: Attributes = {} as Attributes;
    return this.call<void>(path, (cb) => this.#sftp.setstat(path, { ...attrs, atime, mtime }, cb));
  }

  /** Ends the SFTP channel (not the SSH connection). */
  end(): void {
    this.markLost(new AppError('CONNECTION_LOST', 'SFTP session ended by us'));
    this.#sftp.end();
  }
}
