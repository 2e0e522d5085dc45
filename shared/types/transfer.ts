import type { SerializedAppError } from '../errors.ts';
import type { FileEntry } from './remote.ts';

export type TransferDirection = 'upload' | 'download';
export type TransferState =
  'queued' | 'running' | 'paused' | 'waiting' | 'done' | 'failed' | 'cancelled';

/** Progress of one transfer job (a file or a whole folder), sent several times a second. */
export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** The file being moved now, relative to the job's source. */
  currentFile?: string;
  /** Bytes per second, smoothed. */
  rate: number;
  /** Seconds left at the current rate, or undefined when unknown. */
  etaSeconds?: number;
}

export interface TransferWarning {
  code:
    | 'ATTRIBUTES_NOT_SET'
    | 'SKIPPED_UNSAFE_NAME'
    | 'NOT_VERIFIED'
    | 'SKIPPED_EXISTING'
    | 'SKIPPED_LINK'
    /** A resume found the local file changed since, and sent it again from its start. */
    | 'RESTARTED_CHANGED';
  path: string;
  message: string;
}

/**
 * A source whose name is already taken in the target folder, with both items as they were
 * read when the clash was found: the facts the "name already taken" question shows.
 */
export interface ConflictFacts {
  /** As given: local for uploads and copies, remote for downloads. */
  sourcePath: string;
  /** Undefined when the source could not be read (its transfer then fails and says why). */
  source?: FileEntry;
  existing: FileEntry;
}

export interface TransferFailure {
  path: string;
  error: SerializedAppError;
}

export interface TransferResult {
  filesDone: number;
  bytesDone: number;
  warnings: TransferWarning[];
  /** Files that could not be copied, each with its reason; the others went through. */
  failed: TransferFailure[];
}
