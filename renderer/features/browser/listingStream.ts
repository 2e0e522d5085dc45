import { AppError, toAppError } from '../../../shared/errors.ts';
import type { EventPayload } from '../../../shared/ipc/contract.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';

type Batch = EventPayload<'listing:batch'>;

/** The three calls a listing needs; the app passes the preload API, tests a fake. */
export interface ListingTransport {
  start(): Promise<{ listingId: string }>;
  cancel(listingId: string): Promise<unknown>;
  subscribe(listener: (batch: Batch) => void): () => void;
}

/** A folder listing arriving in batches. */
export interface ListingStream {
  /** Settles after the last batch: rejects with its error, or with CANCELLED after cancel(). */
  done: Promise<void>;
  /** Stops the walk in main (the server stops reading). Later batches are ignored. */
  cancel(): void;
}

/**
 * Runs one listing job: subscribes before starting, because main may send the first batch
 * before the page has read the job's id; batches that arrive meanwhile wait in `early`.
 */
export function streamListing(
  transport: ListingTransport,
  onBatch: (entries: FileEntry[]) => void,
): ListingStream {
  let listingId: string | undefined;
  let early: Batch[] = [];
  let finished = false;
  let settle: { resolve: () => void; reject: (error: AppError) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that only cancels never reads `done`; its CANCELLED is not an unhandled error.
  done.catch(() => undefined);

  const finish = (error?: AppError): void => {
    if (finished) return;
    finished = true;
    unsubscribe();
    if (error) settle?.reject(error);
    else settle?.resolve();
  };
  const take = (batch: Batch): void => {
    if (finished) return;
    if (batch.entries.length > 0) onBatch(batch.entries);
    if (batch.done) finish(batch.error ? toAppError(batch.error) : undefined);
  };
  const unsubscribe = transport.subscribe((batch) => {
    if (listingId === undefined) early.push(batch);
    else if (batch.listingId === listingId) take(batch);
  });

  transport.start().then(
    (ref) => {
      listingId = ref.listingId;
      const mine = early.filter((b) => b.listingId === ref.listingId);
      early = [];
      // Cancelled before the id was known: the walk is stopped now.
      if (finished) void transport.cancel(ref.listingId).catch(() => undefined);
      else mine.forEach(take);
    },
    (err: unknown) => finish(toAppError(err)),
  );

  return {
    done,
    cancel() {
      if (finished) return;
      finish(new AppError('CANCELLED', 'listing cancelled'));
      if (listingId !== undefined) void transport.cancel(listingId).catch(() => undefined);
    },
  };
}
