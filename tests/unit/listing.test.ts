import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';
import type { FileEntry } from '../../shared/types/remote.ts';
import { ListingJobs } from '../../electron/services/app/ListingJobs.ts';
import type { EventSink } from '../../electron/services/app/events.ts';
import {
  streamListing,
  type ListingTransport,
} from '../../renderer/features/browser/listingStream.ts';

/** The two ends of a streamed listing: main's job registry and the page's reader. */
type Batch = EventPayload<'listing:batch'>;

const entry = (name: string): FileEntry => ({
  name,
  path: `/in/${name}`,
  type: 'file',
  size: 1,
  modifiedMs: 0,
});
const entries = (from: number, count: number): FileEntry[] =>
  Array.from({ length: count }, (_, i) => entry(`f${from + i}`));

/** A walk the test drives by hand: push batches, then end it. */
function manualWalk() {
  let push: ((batch: FileEntry[]) => void) | undefined;
  let end: ((error?: Error) => void) | undefined;
  let signal: AbortSignal | undefined;
  const walk = (options: { onBatch: (b: FileEntry[]) => void; signal: AbortSignal }) =>
    new Promise<void>((resolve, reject) => {
      push = options.onBatch;
      signal = options.signal;
      end = (error) => (error ? reject(error) : resolve());
      options.signal.addEventListener('abort', () => resolve());
    });
  return {
    walk,
    push: (batch: FileEntry[]) => push?.(batch),
    end: (error?: Error) => end?.(error),
    get aborted() {
      return signal?.aborted ?? false;
    },
  };
}

function recordingJobs(now: () => number = () => 0) {
  const sent: Batch[] = [];
  const emit = ((channel: string, payload: Batch) => {
    if (channel === 'listing:batch') sent.push(payload);
  }) as EventSink;
  return { jobs: new ListingJobs(emit, NULL_LOGGER, now), sent };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ListingJobs (main)', () => {
  it('sends the first entries at once, then gathers the rest into bounded events', async () => {
    let clock = 0;
    const { jobs, sent } = recordingJobs(() => clock);
    const walk = manualWalk();
    const id = jobs.start(walk.walk);
    walk.push(entries(0, 100));
    expect(sent.map((b) => b.entries.length)).toEqual([100]);
    walk.push(entries(100, 100));
    walk.push(entries(200, 100));
    expect(sent).toHaveLength(1);
    clock = 150;
    walk.push(entries(300, 4500));
    expect(sent.map((b) => b.entries.length)).toEqual([100, 2000, 2000, 700]);
    walk.push(entries(4800, 10));
    walk.end();
    await settle();
    expect(sent.at(-1)).toEqual({ listingId: id, entries: entries(4800, 10), done: true });
    expect(sent.flatMap((b) => b.entries)).toEqual(entries(0, 4810));
    expect(jobs.runningCount).toBe(0);
  });

  it('ends a failed walk with its error and the entries read before it', async () => {
    const { jobs, sent } = recordingJobs();
    const walk = manualWalk();
    jobs.start(walk.walk);
    walk.push(entries(0, 5));
    walk.push(entries(5, 5));
    walk.end(new AppError('CONNECTION_LOST', 'gone'));
    await settle();
    expect(sent.at(-1)).toMatchObject({
      done: true,
      entries: entries(5, 5),
      error: { code: 'CONNECTION_LOST' },
    });
  });

  it('aborts the walk on cancel and says CANCELLED once it has stopped', async () => {
    const { jobs, sent } = recordingJobs();
    const walk = manualWalk();
    const id = jobs.start(walk.walk);
    walk.push(entries(0, 5));
    jobs.cancel(id);
    expect(walk.aborted).toBe(true);
    walk.push(entries(5, 5));
    await settle();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ done: true, entries: [], error: { code: 'CANCELLED' } });
    jobs.cancel(id);
    jobs.cancel('unknown');
  });

  it('cancels the oldest walk when too many are left running', () => {
    const { jobs } = recordingJobs();
    const walks = Array.from({ length: 17 }, () => manualWalk());
    for (const walk of walks) jobs.start(walk.walk);
    expect(walks.map((w) => w.aborted)).toEqual([true, ...Array<boolean>(16).fill(false)]);
  });
});

/** A transport whose start() the test answers by hand, with events pushed at will. */
function fakeTransport() {
  const listeners = new Set<(batch: Batch) => void>();
  const cancelled: string[] = [];
  let answer: ((ref: { listingId: string }) => void) | undefined;
  const transport: ListingTransport = {
    start: () => new Promise((resolve) => (answer = resolve)),
    cancel: async (listingId) => void cancelled.push(listingId),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const fire = (batch: Batch) => [...listeners].forEach((l) => l(batch));
  return {
    transport,
    cancelled,
    listeners,
    fire,
    answer: (id: string) => answer?.({ listingId: id }),
  };
}

describe('streamListing (renderer)', () => {
  it('keeps batches that arrive before the id, and ignores other listings', async () => {
    const t = fakeTransport();
    const got: string[] = [];
    const stream = streamListing(t.transport, (b) => got.push(...b.map((e) => e.name)));
    t.fire({ listingId: 'other', entries: [entry('x')], done: false });
    t.fire({ listingId: 'mine', entries: [entry('a')], done: false });
    t.answer('mine');
    await settle();
    expect(got).toEqual(['a']);
    t.fire({ listingId: 'mine', entries: [entry('b')], done: true });
    await expect(stream.done).resolves.toBeUndefined();
    expect(got).toEqual(['a', 'b']);
    expect(t.listeners.size).toBe(0);
  });

  it('rejects with the error of the last batch', async () => {
    const t = fakeTransport();
    const stream = streamListing(t.transport, () => undefined);
    t.answer('l1');
    await settle();
    t.fire({
      listingId: 'l1',
      entries: [],
      done: true,
      error: { code: 'NOT_FOUND', message: 'm' },
    });
    await expect(stream.done).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancels in main, also when cancelled before the id arrived', async () => {
    const t = fakeTransport();
    const early = streamListing(t.transport, () => undefined);
    early.cancel();
    await expect(early.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(t.cancelled).toEqual([]);
    t.answer('l1');
    await settle();
    expect(t.cancelled).toEqual(['l1']);

    const got: string[] = [];
    const late = streamListing(t.transport, (b) => got.push(...b.map((e) => e.name)));
    t.answer('l2');
    await settle();
    late.cancel();
    t.fire({ listingId: 'l2', entries: [entry('late')], done: true });
    expect(t.cancelled).toEqual(['l1', 'l2']);
    expect(got).toEqual([]);
  });
});
