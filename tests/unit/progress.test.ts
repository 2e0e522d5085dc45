import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../electron/services/transfer/progress.ts';
import type { TransferProgress } from '../../shared/types/transfer.ts';

const KiB = 1024;

/** A job whose bytes arrive as the test says, on a clock the test moves. */
function tracked() {
  let now = 0;
  const seen: TransferProgress[] = [];
  const tracker = new ProgressTracker(
    (p) => seen.push(p),
    () => now,
  );
  tracker.setTotals(4096 * KiB, 1);
  return {
    tracker,
    seen,
    at(ms: number, bytes: number) {
      now = ms;
      tracker.addBytes(bytes);
    },
  };
}

describe('transfer rate', () => {
  it('does not report a start-up bunch of answers as the speed', () => {
    // 1 MiB/s on average: nothing for 400 ms, then 512 KiB answered at once, then steady.
    const job = tracked();
    job.at(400, 512 * KiB);
    for (let ms = 500; ms <= 3000; ms += 100) job.at(ms, 100 * KiB);
    const rates = job.seen.map((p) => p.rate).filter((r) => r > 0);
    expect(rates.length).toBeGreaterThan(5);
    for (const rate of rates) {
      expect(rate).toBeGreaterThan(0.8 * 1024 * KiB);
      expect(rate).toBeLessThan(1.25 * 1024 * KiB);
    }
  });

  it('does not count the first request a speed limit lets through at once', () => {
    // 256 KiB/s, in 256 KiB requests: the first goes out at once, each next a second later.
    const job = tracked();
    for (let ms = 5; ms <= 4005; ms += 1000) job.at(ms, 256 * KiB);
    const rates = job.seen.map((p) => p.rate).filter((r) => r > 0);
    expect(rates.length).toBeGreaterThan(2);
    for (const rate of rates) expect(rate).toBeLessThan(1.1 * 256 * KiB);
  });

  it('follows a change of speed after the first second, smoothed', () => {
    const job = tracked();
    for (let ms = 100; ms <= 2000; ms += 100) job.at(ms, 100 * KiB);
    const before = job.tracker.snapshot.rate;
    for (let ms = 2100; ms <= 4000; ms += 100) job.at(ms, 10 * KiB);
    const after = job.tracker.snapshot.rate;
    expect(before).toBeGreaterThan(900 * KiB);
    expect(after).toBeLessThan(200 * KiB);
    expect(job.tracker.snapshot.etaSeconds).toBeGreaterThan(0);
  });
});
