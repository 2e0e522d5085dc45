import { randomUUID } from 'node:crypto';
import { AppError, toAppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import type { EventSink } from './events.ts';

/** What a folder walk gets from the job: where to put entries, and when to stop. */
export interface WalkOptions {
  onBatch: (entries: FileEntry[]) => void;
  signal: AbortSignal;
}

/** A folder walk (SFTP readdir loop or local opendir); it must stop soon after `signal`. */
export type Walk = (options: WalkOptions) => Promise<unknown>;

/**
 * Entries are gathered into events of at most this many, or whatever arrived within
 * FLUSH_MS, so a 100,000-entry folder costs the renderer tens of re-sorts, not a thousand.
 */
const MAX_EVENT_ENTRIES = 2000;
const FLUSH_MS = 100;
/**
 * Walks a window can keep open at once. A renderer that forgets to cancel (or a compromised
 * one) cannot pile up server work: the oldest walk is cancelled to make room.
 */
const MAX_RUNNING = 16;

/**
 * Folder listings as long jobs: start() answers an id at once, the entries follow as
 * `listing:batch` events (the last one has done: true, with the error if it failed or was
 * cancelled) and cancel() aborts the walk itself, so the server stops reading the folder.
 */
export class ListingJobs {
  readonly #emit: EventSink;
  readonly #logger: Logger;
  readonly #running = new Map<string, AbortController>();
  readonly #now: () => number;

  constructor(emit: EventSink, logger: Logger, now: () => number = Date.now) {
    this.#emit = emit;
    this.#logger = logger.child('listing');
    this.#now = now;
  }

  start(walk: Walk): string {
    const listingId = randomUUID();
    const controller = new AbortController();
    this.#makeRoom();
    this.#running.set(listingId, controller);
    void this.#run(listingId, walk, controller.signal);
    return listingId;
  }

  /** Stops a walk. An id that already finished is fine: the two calls simply crossed. */
  cancel(listingId: string): void {
    this.#running.get(listingId)?.abort();
  }

  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  get runningCount(): number {
    return this.#running.size;
  }

  #makeRoom(): void {
    // Cancelled walks stay in the map until the server answers; they no longer count.
    const live = [...this.#running].filter(([, controller]) => !controller.signal.aborted);
    const oldest = live[0];
    if (live.length < MAX_RUNNING || oldest === undefined) return;
    this.#logger.warn('start: too many listings, cancelling the oldest', { listingId: oldest[0] });
    oldest[1].abort();
  }

  async #run(listingId: string, walk: Walk, signal: AbortSignal): Promise<void> {
    let pending: FileEntry[] = [];
    let lastSent: number | undefined;
    const send = (entries: FileEntry[], done: boolean, error?: AppError): void => {
      lastSent = this.#now();
      this.#emit('listing:batch', {
        listingId,
        entries,
        done,
        ...(error ? { error: error.toJSON() } : {}),
      });
    };
    const onBatch = (entries: FileEntry[]): void => {
      if (signal.aborted) return;
      pending = pending.concat(entries);
      // The first entries go out at once: that is what makes a big folder feel quick.
      const due =
        lastSent === undefined ||
        this.#now() - lastSent >= FLUSH_MS ||
        pending.length >= MAX_EVENT_ENTRIES;
      while (due && pending.length > 0) send(pending.splice(0, MAX_EVENT_ENTRIES), false);
    };
    try {
      await walk({ onBatch, signal });
      if (signal.aborted) throw new AppError('CANCELLED', 'listing cancelled');
      send(pending, true);
    } catch (err) {
      const error = signal.aborted
        ? new AppError('CANCELLED', 'listing cancelled')
        : toAppError(err);
      this.#logger.debug('walk ended early', { listingId, code: error.code });
      // Entries read before a failure still go out with it; after a cancel nobody wants them.
      send(error.code === 'CANCELLED' ? [] : pending, true, error);
    } finally {
      this.#running.delete(listingId);
    }
  }
}
