import { rm } from 'node:fs/promises';
import { sep } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import type { ConflictFacts } from '../../../shared/types/transfer.ts';
import { checkCopySources } from '../local/copyPlan.ts';
import { openConnection, type ConnectOptions, type SshConnection } from '../ssh/connect.ts';
import type { LoadedKey } from '../ssh/keys.ts';
import type { KnownHostsStore } from '../ssh/knownHosts.ts';
import { POLICIES } from '../ssh/policies.ts';
import type {
  ProfileInputArgs,
  ProfileService,
  UnlockOptions,
} from '../profiles/ProfileService.ts';
import type { QueuePgp } from '../queue/pgpSteps.ts';
import type { JobSpec } from '../queue/types.ts';
import { download } from '../transfer/transfer.ts';
import { AppTransfers, serverKey, type Conflict } from './AppTransfers.ts';
import { findConflicts, type EntryReader, type NameSide } from './conflicts.ts';
import { openFor, startPath, testConnection, type ConnectDeps } from './connectFlow.ts';
import { prepareDragOut, type DragDownload } from './dragOut.ts';
import type { EventSink } from './events.ts';
import { HostKeyPrompts } from './HostKeyPrompts.ts';
import { SessionRegistry, type SessionInfo } from './SessionRegistry.ts';

/** The saved host keys the user is asked to give up. */
export interface ForgetHostKeyRequest {
  host: string;
  port: number;
  keys: Array<{ keyType: string; fingerprint: string }>;
}

export interface AppServiceDeps {
  profiles: ProfileService;
  knownHosts: KnownHostsStore;
  /** readPrivateKeyFile from electron/services/ssh/keys.ts. */
  readKeyFile: (path: string, passphrase?: string) => Promise<LoadedKey>;
  emit: EventSink;
  logger: Logger;
  /** Where drag-out copies are written (a folder the app owns). */
  tempDir: string;
  /** The app's data folder: the transfer list is kept there across restarts. */
  dataDir: string;
  /** For path comparisons (case-insensitive on Windows and macOS); this process's otherwise. */
  platform?: NodeJS.Platform;
  connect?: (options: ConnectOptions) => Promise<SshConnection>;
  /** How drag-out copies are fetched; the transfer engine's download unless a test swaps it. */
  dragDownload?: DragDownload;
  /** OpenPGP for transfers; without it, jobs that encrypt or decrypt fail before moving. */
  pgp?: QueuePgp;
  hostKeyTimeoutMs?: number;
  transferConcurrency?: number;
  /** Bytes per second for all transfers together; none when absent. */
  bandwidthLimit?: number;
  /** Files of 1 MiB or more moving at once across all transfers; the default when absent. */
  simultaneousTransfers?: number;
}

export interface TransferRequest {
  sessionId: string;
  paths: string[];
  targetDir: string;
  conflict: Conflict;
  /** Encrypt (uploads) or decrypt (downloads); undefined follows the profile. */
  pgp?: boolean;
}

/** Copies on this computer: OS files dropped on the local pane. */
export interface CopyRequest {
  paths: string[];
  targetDir: string;
  conflict: Conflict;
}

/** The names a transfer would take, asked before it is queued (see findConflicts). */
export type ConflictQuery = { sourcePaths: string[]; targetDir: string } & (
  { direction: 'upload' | 'download'; sessionId: string } | { direction: 'copy' }
);

/**
 * Everything the window does with servers, without Electron: live sessions by id, remote file
 * operations, the host-key question, transfer jobs (and local copies, which share the queue)
 * and drag-out copies.
 */
export class AppService {
  readonly #deps: AppServiceDeps;
  readonly #logger: Logger;
  readonly #connectDeps: ConnectDeps;
  readonly sessions: SessionRegistry;
  readonly prompts: HostKeyPrompts;
  readonly transfers: AppTransfers;
  /** Encrypted keys stay unlocked for the app's run, like an ssh-agent, so one prompt suffices. */
  readonly #unlocked = new Map<string, LoadedKey>();
  readonly #dragDirs = new Set<string>();
  readonly #dragAbort = new AbortController();
  /** Drag-outs being prepared, each stoppable alone (the user's Cancel or Esc). */
  readonly #drags = new Set<AbortController>();

  constructor(deps: AppServiceDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child('app');
    this.prompts = new HostKeyPrompts(deps.emit, deps.hostKeyTimeoutMs);
    this.sessions = new SessionRegistry(deps.emit, deps.logger);
    this.transfers = new AppTransfers({
      storeDir: deps.dataDir,
      emit: deps.emit,
      logger: deps.logger,
      ...(deps.pgp ? { pgp: deps.pgp } : {}),
      ...(deps.transferConcurrency ? { jobConcurrency: deps.transferConcurrency } : {}),
      ...(deps.bandwidthLimit ? { bandwidthLimit: deps.bandwidthLimit } : {}),
      ...(deps.simultaneousTransfers ? { simultaneousTransfers: deps.simultaneousTransfers } : {}),
    });
    this.#connectDeps = {
      connect: deps.connect ?? openConnection,
      knownHosts: deps.knownHosts,
      prompts: this.prompts,
      logger: deps.logger,
    };
  }

  listPolicies(): Array<{ name: string; description: string }> {
    return POLICIES.map((p) => ({ name: p.name, description: p.description }));
  }

  async connect(profileId: string, unlock: UnlockOptions): Promise<SessionInfo> {
    const profile = this.#deps.profiles.get(profileId);
    const key = await this.#loadKey(profile, unlock);
    const connection = await openFor(this.#connectDeps, profile, key);
    try {
      const browse = await connection.sftp();
      const session = this.sessions.add(connection, browse, {
        profileId,
        host: profile.host,
        port: profile.port,
        user: profile.user,
        serverIdent: connection.serverIdent,
        isAwsTransferFamily: connection.isAwsTransferFamily,
        startPath: await startPath(browse, profile),
      });
      this.#logger.info('connect: ready', { host: profile.host, port: profile.port });
      // Transfers open their own connections to this profile, with the same key and the same
      // host-key check, so files keep moving while the user browses and survive a dropped
      // link (they reconnect). The profile as connected now is kept: jobs go to that server.
      this.transfers.online(
        serverKey(session.info),
        () => openFor(this.#connectDeps, profile, key),
        session.info.sessionId,
      );
      return session.info;
    } catch (err) {
      await connection.close();
      throw err;
    }
  }

  /**
   * How many saved keys were removed for the profile's server (see KnownHostsStore).
   * SECURITY: `confirm` is main's own question to the user (a native dialog), stating the
   * saved fingerprints: the page alone must not be able to forget a key and then trust the
   * new one, so a changed server key is never clicked through by a compromised page.
   */
  async forgetHostKey(
    profileId: string,
    confirm: (saved: ForgetHostKeyRequest) => Promise<boolean>,
  ): Promise<number> {
    const profile = this.#deps.profiles.get(profileId);
    const keys = await this.#deps.knownHosts.saved(profile.host, profile.port);
    if (keys.length === 0) return 0;
    if (!(await confirm({ host: profile.host, port: profile.port, keys }))) {
      throw new AppError('CANCELLED', 'the user kept the saved host key');
    }
    const removed = await this.#deps.knownHosts.forget(profile.host, profile.port);
    this.#logger.info('forgetHostKey', { host: profile.host, port: profile.port, removed });
    return removed;
  }

  /** Tests a saved profile, or unsaved form values, without saving anything but the host key. */
  testConnection(
    target: { profileId?: string; profile?: ProfileInputArgs },
    unlock: UnlockOptions,
  ) {
    const profile = target.profile
      ? this.#deps.profiles.draft(target.profile)
      : this.#deps.profiles.get(target.profileId ?? '');
    return testConnection(this.#connectDeps, profile, () => this.#loadKey(profile, unlock));
  }

  /**
   * Ends a session. When it was the last one to its server, that server's transfers stop
   * (partial files kept) and wait in the list until the user connects to it again: a user who
   * disconnects expects the app to stop talking to that server.
   */
  async disconnect(sessionId: string): Promise<void> {
    const server = serverKey(this.sessions.get(sessionId).info);
    await this.sessions.close(sessionId);
    if (!this.sessions.list().some((info) => serverKey(info) === server)) {
      await this.transfers.offline(server);
    }
  }

  list(sessionId: string, path: string): Promise<FileEntry[]> {
    return this.sessions.get(sessionId).browse.list(path);
  }

  stat(sessionId: string, path: string): Promise<FileEntry> {
    return this.sessions.get(sessionId).browse.stat(path);
  }

  realpath(sessionId: string, path: string): Promise<string> {
    return this.sessions.get(sessionId).browse.realpath(path);
  }

  mkdir(sessionId: string, path: string, parents: boolean): Promise<void> {
    return this.sessions.get(sessionId).browse.mkdir(path, { parents });
  }

  rename(sessionId: string, from: string, to: string): Promise<void> {
    return this.sessions.get(sessionId).browse.rename(from, to);
  }

  delete(sessionId: string, path: string, kind: 'file' | 'directory'): Promise<void> {
    const sftp = this.sessions.get(sessionId).browse;
    return kind === 'file' ? sftp.removeFile(path) : sftp.removeDir(path, { recursive: true });
  }

  /**
   * The sources whose name is already taken in the target folder, each with both items read
   * now; `local` is this computer's disk. CONNECTION_LOST when the session is gone.
   */
  findConflicts(query: ConflictQuery, local: EntryReader): Promise<ConflictFacts[]> {
    const here: NameSide = { reader: local, paths: 'local' };
    if (query.direction === 'copy') {
      return findConflicts(query.sourcePaths, query.targetDir, here, here);
    }
    const server: NameSide = { reader: this.sessions.get(query.sessionId).browse, paths: 'remote' };
    const [from, to] = query.direction === 'upload' ? [here, server] : [server, here];
    return findConflicts(query.sourcePaths, query.targetDir, from, to);
  }

  /** One job per local path, encrypted when asked (or when the profile says so). */
  upload(request: TransferRequest): Promise<string[]> {
    const { profile, info } = this.#sessionProfile(request.sessionId);
    const encrypt = request.pgp ?? profile.pgp.encryptOnUpload;
    if (encrypt && profile.pgp.recipients.length === 0) {
      throw new AppError('PGP_NO_RECIPIENTS', 'no PGP recipients');
    }
    const pgp = encrypt
      ? { action: 'encrypt' as const, recipients: [...profile.pgp.recipients] }
      : undefined;
    return this.#addJobs(profile, info, request, 'upload', pgp);
  }

  /** One job per remote path, decrypted when asked (or when the profile says so). */
  download(request: TransferRequest): Promise<string[]> {
    const { profile, info } = this.#sessionProfile(request.sessionId);
    const decrypt = request.pgp ?? profile.pgp.decryptOnDownload;
    const pgp = decrypt ? { action: 'decrypt' as const } : undefined;
    return this.#addJobs(profile, info, request, 'download', pgp);
  }

  /**
   * Queues one copy job per path into a folder on this computer, after refusing drops that can
   * only go wrong (COPY_SAME_FOLDER, COPY_INTO_ITSELF). Copies need no connection: they run
   * at once, and after a restart they continue by themselves.
   */
  async copyLocal(request: CopyRequest): Promise<string[]> {
    await checkCopySources(request.paths, request.targetDir, this.#deps.platform);
    const ids: string[] = [];
    for (const path of request.paths) {
      ids.push(
        await this.transfers.add({
          direction: 'copy',
          sources: [path],
          target: request.targetDir,
          conflict: request.conflict,
        }),
      );
    }
    return ids;
  }

  /**
   * Downloads remote files and folders into a fresh temporary folder and answers their local
   * paths only once every one is complete, so the OS never receives a partial file.
   */
  async prepareDrag(sessionId: string, remotePaths: readonly string[]): Promise<string[]> {
    const session = this.sessions.get(sessionId);
    const drag = new AbortController();
    this.#drags.add(drag);
    const items = remotePaths.length;
    const deps = {
      tempDir: this.#deps.tempDir,
      download: this.#deps.dragDownload ?? download,
      logger: this.#deps.logger,
      signal: AbortSignal.any([this.#dragAbort.signal, drag.signal]),
      // The same limit as every queued transfer: a drag-out is no way around it.
      limiter: this.transfers.limiter,
      onProgress: throttled(250, (p: { bytesDone: number; bytesTotal: number }) =>
        this.#deps.emit('files:dragProgress', { items, ...p }),
      ),
    };
    try {
      return await prepareDragOut(session, remotePaths, deps, (dir) => this.#dragDirs.add(dir));
    } catch (err) {
      // Cancelled on purpose: said as such, whatever the download was doing then.
      if (drag.signal.aborted) throw new AppError('CANCELLED', 'drag-out cancelled');
      throw err;
    } finally {
      this.#drags.delete(drag);
    }
  }

  /** Stops every drag-out being prepared; their copies are removed. */
  cancelDrags(): void {
    for (const drag of this.#drags) drag.abort();
  }

  setBandwidthLimit(bytesPerSecond: number | undefined): void {
    this.transfers.setBandwidthLimit(bytesPerSecond);
  }

  setSimultaneousTransfers(files: number | undefined): void {
    this.transfers.setSimultaneousTransfers(files);
  }

  /**
   * App quitting: open prompts are refused, drag-outs stop, running jobs stop where they are
   * (they continue after the next start, once their profile is connected; copies at once),
   * sessions end, drag-out copies go.
   */
  async dispose(): Promise<void> {
    this.#dragAbort.abort();
    this.prompts.rejectAll();
    await this.transfers.close();
    await this.sessions.closeAll();
    await Promise.all([...this.#dragDirs].map((d) => rm(d, { recursive: true, force: true })));
  }

  #sessionProfile(sessionId: string): { info: SessionInfo; profile: Profile } {
    const info = this.sessions.get(sessionId).info;
    return { info, profile: this.#deps.profiles.get(info.profileId) };
  }

  async #addJobs(
    profile: Profile,
    info: SessionInfo,
    request: TransferRequest,
    direction: 'upload' | 'download',
    pgp: JobSpec['pgp'],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const path of request.paths) {
      ids.push(
        await this.transfers.add({
          direction,
          sources: [path],
          target: intoFolder(request.targetDir, direction),
          recursive: true,
          conflict: request.conflict,
          preserveTimes: profile.transfer.preserveTimestamps,
          // The profile's choice; AWS Transfer Family is recognised and written in place
          // anyway, since a rename there is a slow copy.
          ...(profile.transfer.uploadInPlace ? { inPlace: true } : {}),
          server: serverKey(info),
          ...(pgp ? { pgp } : {}),
        }),
      );
    }
    return ids;
  }

  async #loadKey(profile: Profile, unlock: UnlockOptions): Promise<LoadedKey> {
    const ref = profile.key;
    if (!ref) throw new AppError('KEY_MISSING', 'profile has no key');
    const cacheId = ref.kind === 'stored' ? `stored:${ref.keyId}` : `path:${ref.path}`;
    const cached = this.#unlocked.get(cacheId);
    if (cached && unlock.passphrase === undefined) return cached;
    const key =
      ref.kind === 'stored'
        ? await this.#deps.profiles.unlockStoredKey(ref.keyId, unlock)
        : await this.#deps.readKeyFile(ref.path, unlock.passphrase);
    if (key.encrypted) this.#unlocked.set(cacheId, key);
    return key;
  }
}

/** Calls `fn` at most every `ms`, except that the first and a final 100% call always go. */
function throttled<T extends { bytesDone: number; bytesTotal: number }>(
  ms: number,
  fn: (value: T) => void,
): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    const complete = value.bytesTotal > 0 && value.bytesDone >= value.bytesTotal;
    if (last !== 0 && now - last < ms && !complete) return;
    last = now;
    fn(value);
  };
}

/**
 * The window always sends into a folder. Said with a trailing separator, planning refuses a
 * folder deleted before the job starts ("the folder ... does not exist") instead of taking
 * its path, as sftp would with one source, for the new name of the file sent.
 */
function intoFolder(dir: string, direction: 'upload' | 'download'): string {
  const separator = direction === 'upload' ? '/' : sep;
  return dir.endsWith('/') || dir.endsWith(separator) ? dir : `${dir}${separator}`;
}
