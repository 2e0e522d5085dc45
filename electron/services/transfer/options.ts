import type { TransferWarning } from '../../../shared/types/transfer.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { ServerCompat } from './compat.ts';
import { PROFILES } from './compat.ts';
import type { BandwidthLimiter } from './limiter.ts';
import type { SourceStamp } from './stamp.ts';

/** Abort reason that means "stop for now, keep partial files for a resume". */
export const PAUSE_REASON = 'pyplan:pause';
/** Abort reason for an app shutting down: like a pause, but the job resumes by itself. */
export const SHUTDOWN_REASON = 'pyplan:shutdown';

export function isPause(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason === PAUSE_REASON || reason === SHUTDOWN_REASON;
}

export type VerifyMode = 'size' | 'hash';

/** Options for moving one file. */
export interface FileTransferOptions {
  signal?: AbortSignal;
  onBytes?: (count: number) => void;
  /** Set modification times on the copy. Off by default: S3-backed servers refuse SETSTAT. */
  preserveTimes?: boolean;
  /**
   * Upload under a temporary name in the same folder and rename onto the final name after
   * the size check, so a half-written file never sits under the real name.
   */
  atomic?: boolean;
  /** Makes the temporary name this run's own (see uploadTempPath). */
  tempTag?: string;
  /** Replace an existing target once the new data is complete (else ALREADY_EXISTS). */
  replace?: boolean;
  requests?: number;
  warn?: (warning: TransferWarning) => void;
  limiter?: BandwidthLimiter;
  /**
   * 'size' checks the size the server reports; 'hash' also reads the copy back and compares
   * its SHA-256 with the original's (the server hash extensions are not used: OpenSSH has
   * none and ssh2 cannot send them).
   */
  verify?: VerifyMode;
  /**
   * Record each file's SHA-256 (implied by verify 'hash'). Off by default: hashing costs
   * about as much CPU as the encryption, which on a busy machine is transfer time.
   */
  recordHash?: boolean;
  /** Bytes known to be safely written by an earlier attempt: a resume may start there. */
  resumeAt?: number;
  /** The local file as the attempt that wrote those bytes found it (uploads). */
  resumeStamp?: SourceStamp;
  /** Called once the attempt knows where it starts (0, or the resumed offset). */
  onStart?: (offset: number) => void;
  /**
   * Called when an upload starts writing a resumable file from its first byte, with the file
   * as it found it: the caller keeps this with the watermark, as `resumeStamp` for a resume.
   */
  onStamp?: (stamp: SourceStamp) => void;
  /** Called as the safely written prefix grows, for the caller to remember. */
  onWatermark?: (offset: number) => void;
  /** Told, after a source that counts its own progress, how many bytes it showed. */
  onShownBytes?: (count: number) => void;
  compat?: ServerCompat;
  /** Size the file had when planned (downloads): small ones take a shorter path. */
  sizeHint?: number;
  /**
   * Read small files to upload with one synchronous call each instead of three trips through
   * the thread pool. For the command line only: it has no window to keep responsive. (Not for
   * downloads: creating a file costs about a millisecond on our test disk, and the thread
   * pool creates several at once where the main thread would create them one by one.)
   */
  syncSmallFiles?: boolean;
  /** More channels to read a large download through at once (never on AWS). */
  extraSessions?: SftpSession[];
}

/** What happened to one file. */
export interface FileOutcome {
  bytes: number;
  /** SHA-256 (hex) of the local file, when asked for (verify 'hash' or recordHash). */
  sha256?: string;
  /** Offset the transfer resumed from; 0 when it started over. */
  resumedFrom: number;
  /** Progress shown for the file when it differs from `bytes` (plaintext of an encryption). */
  shownBytes?: number;
}

export function wantsHash(options: FileTransferOptions): boolean {
  return options.verify === 'hash' || options.recordHash === true;
}

export function compatOf(options: FileTransferOptions): ServerCompat {
  return options.compat ?? PROFILES.standard;
}

/** Failures after which a partial copy is worth keeping for the next attempt. */
export function keepsPartial(code: string, signal: AbortSignal | undefined): boolean {
  if (code === 'CANCELLED') return isPause(signal);
  return code === 'CONNECTION_LOST' || code === 'TIMEOUT';
}
