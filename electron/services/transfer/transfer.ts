import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../shared/logger.ts';
import type { TransferProgress } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { SshConnection } from '../ssh/connect.ts';
import { runBatch, type BatchOptions, type BatchResult, type ConflictChoice } from './batch.ts';
import { resolveCompat, type ServerProfileName } from './compat.ts';
import type { UploadSource } from './files.ts';
import { FileGates } from './gates.ts';
import { BandwidthLimiter } from './limiter.ts';
import type { VerifyMode } from './options.ts';
import { planDownload, planUpload, type Plan, type PlanItem } from './plan.ts';
import { ChannelPool } from './pool.ts';

export type { ConflictChoice } from './batch.ts';

export interface TransferOptions {
  recursive?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  preserveTimes?: boolean;
  /** Temporary name and rename (default for standard servers); false writes in place. */
  atomic?: boolean;
  /** What to do when the target file exists. sftp overwrites, so that is the default. */
  conflict?: ConflictChoice;
  /** Large files moved at once (default 4); small files go many more at once. */
  fileConcurrency?: number;
  /** Small files (under 1 MiB) in flight at once (default 64). */
  smallFileConcurrency?: number;
  requests?: number;
  logger?: Logger;
  /**
   * The connection behind `session`: lets the engine open more channels on it for many
   * files at once, and picks the server profile (AWS Transfer Family is recognised).
   */
  connection?: SshConnection;
  /** Opens new connections: lost links are then replaced and the batch carries on. */
  connect?: () => Promise<SshConnection>;
  /** Connections opened through `connect` at most. */
  maxConnections?: number;
  /** Server profile; 'auto' (default) recognises AWS Transfer Family. */
  profile?: ServerProfileName;
  verify?: VerifyMode;
  /** Record each file's SHA-256 in the result even without verify 'hash'. */
  recordHash?: boolean;
  /** Bytes per second for the whole transfer; unlimited when absent. */
  bandwidthLimit?: number;
  /** A limiter shared with other transfers (the app's global limit); wins over the above. */
  limiter?: BandwidthLimiter;
  maxAttempts?: number;
  stallTimeoutMs?: number;
  /**
   * Changes what is uploaded for a file (e.g. encrypts it and adds `.pgp` to the name).
   * Returns the source to read and the remote path to write.
   */
  transformUpload?: (item: PlanItem) => { source: UploadSource; remote: string };
}

export type TransferOutcome = BatchResult;

/** Uploads files and folders, the way `sftp put [-r]` does, into `remoteTarget`. */
export async function upload(
  session: SftpSession,
  localPaths: string[],
  remoteTarget: string,
  options: TransferOptions = {},
): Promise<TransferOutcome> {
  const plan = await planUpload(session, localPaths, remoteTarget, options.recursive ?? false);
  return execute(session, plan, 'upload', options);
}

/** Downloads files and folders, the way `sftp get [-r]` does, into `localTarget`. */
export async function download(
  session: SftpSession,
  remotePaths: string[],
  localTarget: string,
  options: TransferOptions = {},
): Promise<TransferOutcome> {
  const plan = await planDownload(session, remotePaths, localTarget, options.recursive ?? false);
  return execute(session, plan, 'download', options);
}

async function execute(
  session: SftpSession,
  plan: Plan,
  direction: 'upload' | 'download',
  options: TransferOptions,
): Promise<TransferOutcome> {
  const compat = resolveCompat(options.profile, options.connection);
  const pool = new ChannelPool({
    session,
    connection: options.connection,
    connect: options.connect,
    maxConnections: options.maxConnections,
    // One channel only: every file shares it, as OpenSSH's sftp shares its one channel.
    filesPerChannel: options.connection || options.connect ? 16 : 1024,
    channelsPerConnection: compat.channelsPerConnection,
    logger: options.logger,
  });
  try {
    return await runBatch(plan, batchOptions(direction, pool, compat, options));
  } finally {
    await pool.close();
  }
}

function batchOptions(
  direction: 'upload' | 'download',
  pool: ChannelPool,
  compat: ReturnType<typeof resolveCompat>,
  options: TransferOptions,
): BatchOptions {
  return {
    direction,
    pool,
    compat,
    signal: options.signal,
    onProgress: options.onProgress,
    conflict: options.conflict,
    atomic: options.atomic ?? compat.atomicUpload,
    // Nothing resumes a plain transfer later: a fresh tag per run is enough.
    tempTag: randomBytes(4).toString('hex'),
    preserveTimes: options.preserveTimes,
    verify: options.verify,
    recordHash: options.recordHash,
    requests: options.requests,
    limiter:
      options.limiter ??
      (options.bandwidthLimit ? new BandwidthLimiter(options.bandwidthLimit) : undefined),
    gates: new FileGates(options.fileConcurrency ?? 4, options.smallFileConcurrency ?? 64),
    maxAttempts: options.maxAttempts,
    stallTimeoutMs: options.stallTimeoutMs,
    logger: options.logger,
    transformUpload: options.transformUpload,
  };
}

export { PAUSE_REASON } from './options.ts';
export type { FileReport } from './batch.ts';
