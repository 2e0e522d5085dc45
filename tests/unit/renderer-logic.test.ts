import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { FileEntry } from '../../shared/types/remote.ts';
import { unwrap } from '../../renderer/api/envelope.ts';
import {
  groupByChoice,
  isFolderClash,
  isSourceNewer,
  pairConflicts,
  type Candidate,
} from '../../renderer/features/transfers/conflicts.ts';
import {
  batchOutcome,
  failedOnlyToDecrypt,
  keptCopies,
  orderJobs,
  overallTone,
  savedAs,
  summarize,
  withProgress,
  type TransferJob,
} from '../../renderer/features/transfers/jobs.ts';

function job(id: string, state: TransferJob['state'], done: number, total: number, rate = 0) {
  return {
    id,
    direction: 'upload',
    sessionId: 's',
    profileId: 'p',
    source: `/local/${id}`,
    targetDir: '/remote',
    name: id,
    state,
    progress: { bytesDone: done, bytesTotal: total, filesDone: 0, filesTotal: 1, rate },
    pgp: { action: 'none', state: 'none' },
    warnings: [],
    failed: [],
    attempts: 1,
    createdMs: Number(id.replace(/\D/g, '')) || 0,
  } satisfies TransferJob;
}

describe('queue summary', () => {
  it('counts states, adds bytes and rates, and estimates the time left', () => {
    const s = summarize([
      job('j1', 'running', 50, 100, 10),
      job('j2', 'running', 0, 100, 15),
      job('j3', 'queued', 0, 50),
      job('j4', 'done', 80, 80),
      job('j5', 'cancelled', 5, 1000),
    ]);
    expect(s).toMatchObject({ running: 2, queued: 1, done: 1, cancelled: 1, total: 5 });
    expect(s.bytesDone).toBe(130);
    expect(s.bytesTotal).toBe(330);
    expect(s.rate).toBe(25);
    expect(s.etaSeconds).toBe(200 / 25);
  });

  it('has no estimate while nothing moves and zero once everything is done', () => {
    expect(summarize([job('j1', 'queued', 0, 10)]).etaSeconds).toBeUndefined();
    expect(summarize([job('j1', 'done', 10, 10)]).etaSeconds).toBe(0);
  });

  it('colours the overall bar red only when nothing got through', () => {
    const tone = (...jobs: TransferJob[]) => overallTone(summarize(jobs));
    expect(tone(job('j1', 'running', 1, 2))).toBe('normal');
    expect(tone(job('j1', 'done', 2, 2))).toBe('success');
    expect(tone(job('j1', 'done', 2, 2), job('j2', 'failed', 0, 2))).toBe('warning');
    expect(tone(job('j1', 'running', 1, 2), job('j2', 'failed', 0, 2))).toBe('warning');
    expect(tone(job('j1', 'failed', 0, 2), job('j2', 'cancelled', 0, 2))).toBe('danger');
  });

  it('lists the newest job first', () => {
    expect(orderJobs([job('j1', 'done', 1, 1), job('j3', 'done', 1, 1)]).map((j) => j.id)).toEqual([
      'j3',
      'j1',
    ]);
  });

  it('ignores progress that arrives after a job failed', () => {
    const failed = job('j1', 'failed', 10, 100);
    const tick = { bytesDone: 90, bytesTotal: 100, filesDone: 0, filesTotal: 1, rate: 5 };
    expect(withProgress(failed, tick)).toBe(failed);
    expect(withProgress(job('j2', 'running', 10, 100), tick).progress.bytesDone).toBe(90);
  });

  it('tells how a batch ended', () => {
    const jobs = new Map(
      [job('j1', 'done', 1, 1), job('j2', 'failed', 0, 1), job('j3', 'done', 1, 1)].map((j) => [
        j.id,
        j as TransferJob,
      ]),
    );
    expect(batchOutcome(jobs, ['j1', 'j2', 'missing'])).toEqual({
      done: 1,
      failed: 1,
      cancelled: 0,
    });
  });
});

describe('what a finished job says it did', () => {
  const download = (over: Partial<TransferJob>): TransferJob => ({
    ...job('j1', 'failed', 10, 10),
    direction: 'download',
    source: '/in/report.csv.gpg',
    targetDir: '/home/ana/dl/',
    name: 'report.csv.gpg',
    ...over,
  });
  const noKey = { code: 'PGP_NO_MATCHING_KEY', message: 'no key' } as const;

  it('names the file as it was saved when that is not the name shown', () => {
    expect(savedAs(download({ resultPath: '/home/ana/dl/report.csv.gpg' }))).toBeUndefined();
    expect(savedAs(download({ resultPath: '/home/ana/dl/report (1).csv.gpg' }))).toBe(
      'report (1).csv.gpg',
    );
    const windows = download({
      targetDir: 'C:\\Users\\ana',
      resultPath: 'C:\\Users\\ana\\a (1).txt',
    });
    expect(savedAs({ ...windows, name: 'a.txt' })).toBe('a (1).txt');
    expect(savedAs(download({ resultPath: undefined }))).toBeUndefined();
  });

  it('tells a download kept encrypted from a file that did not arrive', () => {
    const kept = download({
      error: noKey,
      failed: [{ path: 'report.csv.gpg', error: noKey, kept: '/home/ana/dl/report.csv.gpg' }],
    });
    expect(keptCopies(kept)).toEqual([
      { path: 'report.csv.gpg', kept: 'report.csv.gpg', error: noKey },
    ]);
    expect(failedOnlyToDecrypt(kept)?.kept).toBe('report.csv.gpg');

    const lost = { code: 'CONNECTION_LOST', message: 'gone' } as const;
    const mixed = download({
      error: lost,
      failed: [...kept.failed, { path: 'other.csv', error: lost }],
    });
    expect(keptCopies(mixed)).toHaveLength(1);
    expect(failedOnlyToDecrypt(mixed)).toBeUndefined();
    expect(failedOnlyToDecrypt(download({ error: lost, failed: [] }))).toBeUndefined();
  });
});

describe('name conflicts', () => {
  const entry = (name: string, modifiedMs: number): FileEntry => ({
    name,
    path: `/remote/${name}`,
    type: 'file',
    size: 1,
    modifiedMs,
  });
  const folder = (name: string, modifiedMs: number): FileEntry => ({
    ...entry(name, modifiedMs),
    type: 'directory',
    size: 4096,
  });
  // Only names: the facts shown are main's fresh read.
  const candidates: Candidate[] = [
    { path: '/l/a.csv', name: 'a.csv' },
    { path: '/l/b.csv', name: 'b.csv' },
    { path: '/l/c.csv', name: 'c.csv' },
  ];

  it('pairs the clashes main found with the candidates, in order', () => {
    const facts = [
      { sourcePath: '/l/a.csv', source: entry('a.csv', 50), existing: entry('a.csv', 100) },
      { sourcePath: '/l/c.csv', existing: entry('c.csv', 1) },
      { sourcePath: '/l/unasked.csv', existing: entry('unasked.csv', 1) },
    ];
    const items = pairConflicts(candidates, facts);
    expect(items.map((c) => c.candidate.name)).toEqual(['a.csv', 'c.csv']);
    expect(items[0]?.source?.modifiedMs).toBe(50);
  });

  it('groups the batch by choice and drops skipped items', () => {
    const groups = groupByChoice(
      candidates,
      new Map([
        ['/l/a.csv', 'overwrite' as const],
        ['/l/c.csv', 'skip' as const],
      ]),
    );
    expect(Object.fromEntries(groups)).toEqual({ overwrite: ['/l/a.csv'], skip: ['/l/b.csv'] });
  });

  it('compares the dates main read, files only, equal being not newer', () => {
    const [a] = candidates as [Candidate];
    const existing = entry('a.csv', 100);
    expect(isSourceNewer({ candidate: a, source: entry('a.csv', 50), existing })).toBe(false);
    expect(isSourceNewer({ candidate: a, source: entry('a.csv', 100), existing })).toBe(false);
    expect(isSourceNewer({ candidate: a, source: entry('a.csv', 101), existing })).toBe(true);
    // Not from the pane's listing (200), which may be old.
    expect(isSourceNewer({ candidate: a, existing })).toBeUndefined();
    const folders = { candidate: a, source: folder('a', 500), existing: folder('a', 100) };
    expect(isSourceNewer(folders)).toBeUndefined();
    expect(isFolderClash(folders)).toBe(true);
    expect(isFolderClash({ candidate: a, source: entry('a', 1), existing: folder('a', 1) })).toBe(
      false,
    );
  });
});

describe('IPC envelopes', () => {
  it('answers the value of an ok envelope', () => {
    expect(unwrap({ ok: true, value: 42 })).toBe(42);
  });

  it('throws an error envelope as an AppError with its code and details', () => {
    const call = () =>
      unwrap({ ok: false, error: { code: 'AUTH_FAILED', message: 'x', details: { user: 'ana' } } });
    expect(call).toThrow(AppError);
    try {
      call();
    } catch (err) {
      expect(err).toMatchObject({ code: 'AUTH_FAILED', details: { user: 'ana' } });
    }
  });

  it('treats anything else as an internal error', () => {
    expect(() => unwrap(undefined)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const bogus = { ok: false, error: { code: 'NOPE', message: 'x' } } as never;
    expect(() => unwrap(bogus)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
