import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStore } from '../../electron/services/queue/JobStore.ts';
import { EMPTY_PROGRESS, snapshotOf, type JobRecord } from '../../electron/services/queue/types.ts';
import { BandwidthLimiter, type Clock } from '../../electron/services/transfer/limiter.ts';
import { Semaphore } from '../../electron/services/transfer/gates.ts';
import { Watermark } from '../../electron/services/transfer/window.ts';
import { isValidUtf8Name, resolveCompat } from '../../electron/services/transfer/compat.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';

function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function job(id: string): JobRecord {
  return {
    id,
    spec: { direction: 'upload', sources: ['/tmp/a'], target: '/in' },
    state: 'queued',
    createdMs: 1,
    runs: 0,
    warnings: [],
    progress: { ...EMPTY_PROGRESS },
    items: [
      {
        kind: 'file',
        local: '/tmp/a',
        remote: '/in/a',
        size: 5,
        mtimeMs: 0,
        label: 'a',
        state: 'done',
      },
      {
        kind: 'file',
        local: '/tmp/b',
        remote: '/in/b',
        size: 5,
        mtimeMs: 0,
        label: 'b',
        state: 'failed',
        error: { code: 'PERMISSION_DENIED', message: 'no' },
      },
    ],
  };
}

describe('JobStore', () => {
  it('saves through a temporary file and loads the same jobs back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyplan-store-'));
    const store = new JobStore(join(dir, 'nested'), NULL_LOGGER);
    expect(await store.load()).toEqual({ jobs: [], leftovers: [] });
    const leftovers = [{ server: 'p1', paths: ['/in/.a.csv.pyplan-upload'] }];
    store.schedule(() => ({ jobs: [job('one')], leftovers: [] }));
    store.schedule(() => ({ jobs: [job('one'), job('two')], leftovers }));
    await store.flush();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['transfer-queue.json']);
    const loaded = await new JobStore(join(dir, 'nested'), NULL_LOGGER).load();
    expect(loaded.jobs.map((j) => j.id)).toEqual(['one', 'two']);
    expect(loaded.jobs[0]?.items?.[1]?.error?.code).toBe('PERMISSION_DENIED');
    expect(loaded.leftovers).toEqual(leftovers);
  });

  it('sets a damaged file aside and starts empty instead of crashing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyplan-store-'));
    writeFileSync(join(dir, 'transfer-queue.json'), '{"version":1,"jobs":[{"id":');
    expect(await new JobStore(dir, NULL_LOGGER).load()).toEqual({ jobs: [], leftovers: [] });
    expect(existsSync(join(dir, 'transfer-queue.json'))).toBe(false);
    const aside = readdirSync(dir).find((n) => n.startsWith('transfer-queue.json.damaged-'));
    expect(aside && readFileSync(join(dir, aside), 'utf8')).toContain('"jobs"');
  });
});

describe('snapshotOf', () => {
  it('counts files and lists failures without the plan', () => {
    const snap = snapshotOf(job('x'));
    expect(snap.files).toEqual({ total: 2, done: 1, failed: 1, skipped: 0 });
    expect(snap.failed).toEqual([
      { path: 'b', error: { code: 'PERMISSION_DENIED', message: 'no' } },
    ]);
    expect('items' in snap).toBe(false);
  });
});

describe('BandwidthLimiter', () => {
  it('lets a quarter second through at once, then paces to the rate', async () => {
    const clock = fakeClock();
    const limiter = new BandwidthLimiter(1000, clock);
    await limiter.take(100);
    await limiter.take(1000);
    await limiter.take(500);
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThanOrEqual(1400);
    limiter.setRate(undefined);
    const before = clock.now();
    await limiter.take(10_000_000);
    expect(clock.now()).toBe(before);
  });
});

describe('Semaphore', () => {
  it('holds waiters until a slot frees, and lets a cancelled waiter go', async () => {
    const gate = new Semaphore(1);
    const release = await gate.acquire();
    const controller = new AbortController();
    const cancelled = gate.acquire(controller.signal);
    let second = false;
    const next = gate.acquire().then((r) => {
      second = true;
      return r;
    });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    await Promise.resolve();
    expect(second).toBe(false);
    release();
    (await next)();
    expect(second).toBe(true);
  });
});

describe('Watermark', () => {
  it('moves only over a contiguous finished prefix', () => {
    const mark = new Watermark(10);
    const a = mark.add(20);
    const b = mark.add(30);
    const c = mark.add(40);
    expect(mark.done(b)).toBe(false);
    expect(mark.value).toBe(10);
    expect(mark.done(a)).toBe(true);
    expect(mark.value).toBe(30);
    mark.done(c);
    expect(mark.value).toBe(40);
  });
});

describe('server profiles', () => {
  it('recognises AWS Transfer Family and honours a manual choice', () => {
    expect(resolveCompat('auto', { isAwsTransferFamily: true }).name).toBe('aws');
    expect(resolveCompat('auto', { isAwsTransferFamily: false }).name).toBe('standard');
    expect(resolveCompat('aws').atomicUpload).toBe(false);
    expect(resolveCompat('standard', { isAwsTransferFamily: true }).setstat).toBe(true);
  });

  it('tells UTF-8 names from names that lost bytes on the way in', () => {
    expect(isValidUtf8Name('Informe de años.csv')).toBe(true);
    expect(isValidUtf8Name('bad-\uFFFD.csv')).toBe(false);
    expect(isValidUtf8Name('half-\uD800.csv')).toBe(false);
    expect(isValidUtf8Name('emoji-\u{1F4C8}.csv')).toBe(true);
  });
});
