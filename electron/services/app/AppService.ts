import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import { joinRemote, remoteBasename } from '../../../shared/remotePath.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { openConnection, type ConnectOptions, type SshConnection } from '../ssh/connect.ts';
import type { LoadedKey } from '../ssh/keys.ts';
import type { KnownHostsStore } from '../ssh/knownHosts.ts';
import { copyLocal } from '../local/copyLocal.ts';
import { checkCopySources } from '../local/copyPlan.ts';
import { POLICIES } from '../ssh/policies.ts';
import type {
  ProfileInputArgs,
  ProfileService,
  UnlockOptions,
} from '../profiles/ProfileService.ts';
import { openFor, startPath, testConnection, type ConnectDeps } from './connectFlow.ts';
import { PLAIN_ENGINE, type EngineOptions, type TransferEngine } from './engine.ts';
import type { EventSink } from './events.ts';
import { prepareDragOut } from './dragOut.ts';
import { HostKeyPrompts } from './HostKeyPrompts.ts';
import { SessionRegistry, type SessionInfo } from './SessionRegistry.ts';
import {
  TransferQueue,
  type Conflict,
  type JobOutcome,
  type JobSpec,
  type TransferSpec,
} from './TransferQueue.ts';

export interface AppServiceDeps {
  profiles: ProfileService;
  knownHosts: KnownHostsStore;
  /** readPrivateKeyFile from electron/services/ssh/keys.ts. */
  readKeyFile: (path: string, passphrase?: string) => Promise<LoadedKey>;
  emit: EventSink;
  logger: Logger;
  /** Where drag-out copies are written (a folder the app owns). */
  tempDir: string;
  /** For path comparisons (case-insensitive on Windows and macOS); this process's otherwise. */
  platform?: NodeJS.Platform;
  connect?: (options: ConnectOptions) => Promise<SshConnection>;
  engine?: TransferEngine;
  hostKeyTimeoutMs?: number;
  transferConcurrency?: number;
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

/**
 * Everything the window does with servers, without Electron: live sessions by id, remote file
 * operations, the host-key question, transfer jobs (and local copies, which share the queue)
 * and drag-out copies.
 */
export class AppService {
  readonly #deps: AppServiceDeps;
  readonly #logger: Logger;
  readonly #engine: TransferEngine;
  readonly #connectDeps: ConnectDeps;
  readonly sessions: SessionRegistry;
  readonly prompts: HostKeyPrompts;
  readonly transfers: TransferQueue;
  /** Encrypted keys stay unlocked for the app's run, like an ssh-agent, so one prompt suffices. */
  readonly #unlocked = new Map<string, LoadedKey>();
  readonly #dragDirs = new Set<string>();
  readonly #dragAbort = new AbortController();

  constructor(deps: AppServiceDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child('app');
    this.#engine = deps.engine ?? PLAIN_ENGINE;
    this.prompts = new HostKeyPrompts(deps.emit, deps.hostKeyTimeoutMs);
    this.sessions = new SessionRegistry(deps.emit, deps.logger);
    this.transfers = new TransferQueue({
      runner: (spec, signal, onProgress) => this.#runJob(spec, signal, onProgress),
      emit: deps.emit,
      logger: deps.logger,
      ...(deps.transferConcurrency ? { concurrency: deps.transferConcurrency } : {}),
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
      return session.info;
    } catch (err) {
      await connection.close();
      throw err;
    }
  }

  /** How many saved keys were removed for the profile's server (see KnownHostsStore). */
  async forgetHostKey(profileId: string): Promise<number> {
    const profile = this.#deps.profiles.get(profileId);
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

  disconnect(sessionId: string): Promise<void> {
    return this.sessions.close(sessionId);
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

  upload(request: TransferRequest): string[] {
    const { profile, info } = this.#sessionProfile(request.sessionId);
    const encrypt = request.pgp ?? profile.pgp.encryptOnUpload;
    if (encrypt && profile.pgp.recipients.length === 0) {
      throw new AppError('INVALID_ARGUMENT', 'no PGP recipients', { reason: 'no recipients' });
    }
    return request.paths.map((path) =>
      this.transfers.add({
        ...this.#jobBase(info, request),
        direction: 'upload',
        source: path,
        name: basename(path),
        pgp: encrypt ? 'encrypt' : 'none',
      }),
    );
  }

  download(request: TransferRequest): string[] {
    const { profile, info } = this.#sessionProfile(request.sessionId);
    const decrypt = request.pgp ?? profile.pgp.decryptOnDownload;
    return request.paths.map((path) =>
      this.transfers.add({
        ...this.#jobBase(info, request),
        direction: 'download',
        source: path,
        name: remoteBasename(path),
        pgp: decrypt ? 'decrypt' : 'none',
      }),
    );
  }

  /**
   * Queues one copy job per path into a folder on this computer, after refusing drops that can
   * only go wrong (COPY_SAME_FOLDER, COPY_INTO_ITSELF).
   */
  async copyLocal(request: CopyRequest): Promise<string[]> {
    await checkCopySources(request.paths, request.targetDir, this.#deps.platform);
    return request.paths.map((path) =>
      this.transfers.add({
        direction: 'copy',
        source: path,
        targetDir: request.targetDir,
        name: basename(path),
        conflict: request.conflict,
      }),
    );
  }

  /**
   * Downloads remote files and folders into a fresh temporary folder and answers their local
   * paths only once every one is complete, so the OS never receives a partial file.
   */
  prepareDrag(sessionId: string, remotePaths: readonly string[]): Promise<string[]> {
    const session = this.sessions.get(sessionId);
    const deps = {
      tempDir: this.#deps.tempDir,
      engine: this.#engine,
      logger: this.#deps.logger,
      signal: this.#dragAbort.signal,
    };
    return prepareDragOut(session, remotePaths, deps, (dir) => this.#dragDirs.add(dir));
  }

  /** Ends sessions, jobs and open prompts, and removes drag-out copies (app quitting). */
  async dispose(): Promise<void> {
    this.transfers.cancelAll();
    this.#dragAbort.abort();
    this.prompts.rejectAll();
    await this.sessions.closeAll();
    await Promise.all([...this.#dragDirs].map((d) => rm(d, { recursive: true, force: true })));
  }

  #sessionProfile(sessionId: string): { info: SessionInfo; profile: Profile } {
    const info = this.sessions.get(sessionId).info;
    return { info, profile: this.#deps.profiles.get(info.profileId) };
  }

  #jobBase(info: SessionInfo, request: TransferRequest) {
    return {
      sessionId: info.sessionId,
      profileId: info.profileId,
      targetDir: request.targetDir,
      conflict: request.conflict,
    };
  }

  async #loadKey(profile: Profile, unlock: UnlockOptions): Promise<LoadedKey> {
    const ref = profile.key;
    if (!ref) throw new AppError('INVALID_ARGUMENT', 'profile has no key', { reason: 'no key' });
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

  async #runJob(
    spec: JobSpec,
    signal: AbortSignal,
    onProgress: EngineOptions['onProgress'],
  ): Promise<JobOutcome> {
    if (spec.direction === 'copy') {
      const { conflict } = spec;
      return copyLocal(spec.source, spec.targetDir, {
        conflict,
        signal,
        onProgress,
        logger: this.#logger,
      });
    }
    const session = this.sessions.forProfile(spec.sessionId, spec.profileId);
    const profile = this.#deps.profiles.get(spec.profileId);
    const channel = await session.transfers();
    const options: EngineOptions = {
      ...this.#plainOptions(signal, onProgress),
      conflict: spec.conflict,
      preserveTimes: profile.transfer.preserveTimestamps,
      // Renames on S3-backed servers are slow copies, so AWS uploads go in place.
      atomic: !profile.transfer.uploadInPlace && !session.info.isAwsTransferFamily,
      pgp: pgpStep(spec, profile),
    };
    const outcome: JobOutcome =
      spec.direction === 'upload'
        ? await this.#engine.upload(channel, spec.source, spec.targetDir, options)
        : await this.#engine.download(channel, spec.source, spec.targetDir, options);
    const landed =
      spec.direction === 'upload'
        ? joinRemote(spec.targetDir, spec.name)
        : join(spec.targetDir, spec.name);
    return { ...outcome, resultPath: outcome.resultPath ?? landed };
  }

  #plainOptions(signal: AbortSignal, onProgress: EngineOptions['onProgress'] = () => undefined) {
    return {
      signal,
      onProgress,
      conflict: 'overwrite' as Conflict,
      preserveTimes: false,
      atomic: true,
      pgp: { action: 'none' } as EngineOptions['pgp'],
      logger: this.#deps.logger,
    };
  }
}

function pgpStep(spec: TransferSpec, profile: Profile): EngineOptions['pgp'] {
  if (spec.pgp === 'encrypt') return { action: 'encrypt', recipients: profile.pgp.recipients };
  if (spec.pgp === 'decrypt') return { action: 'decrypt' };
  return { action: 'none' };
}
