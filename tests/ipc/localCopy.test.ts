import {
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyLocal } from '../../electron/services/local/copyLocal.ts';
import { writeRandomFile, treeDigest } from '../helpers/files.ts';
import { createTestApp, type TestApp, value } from './testServices.ts';

// OS files dropped on the local pane: the same handler the window calls, the real queue and
// the real copy service on real folders. No server is involved.
let app: TestApp;
let desktop: string;
let target: string;
beforeEach(() => {
  app = createTestApp();
  desktop = join(app.home, 'Desktop');
  target = join(app.home, 'Reports');
  mkdirSync(desktop);
  mkdirSync(target);
});
afterEach(async () => {
  await app.close();
});

interface Job {
  id: string;
  direction: string;
  state: string;
  sessionId?: string;
  error?: { code: string; details?: Record<string, unknown> };
  warnings: Array<{ code: string; path: string }>;
  failed: Array<{ path: string; error: { code: string } }>;
  progress: { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number };
  resultPath?: string;
}

const finished = (id: string) =>
  app
    .nextEvent<{ job: Job }>(
      'transfers:stateChanged',
      (p) => p.job.id === id && ['done', 'failed', 'cancelled'].includes(p.job.state),
    )
    .then((p) => p.job);

/** Starts a copy and answers every job once finished, in order. */
async function copy(paths: string[], conflict?: string): Promise<Job[]> {
  const ids = value<{ jobIds: string[] }>(
    await app.call('transfers:copyLocal', {
      localPaths: paths,
      targetDir: target,
      ...(conflict ? { conflict } : {}),
    }),
  ).jobIds;
  return Promise.all(ids.map(finished));
}

describe('copying OS files into a local folder', () => {
  it('copies files and folders with everything inside, as queue jobs', async () => {
    writeRandomFile(join(desktop, 'ledger.bin'), 3 * 1024 * 1024 + 17);
    mkdirSync(join(desktop, 'Board pack', 'appendix'), { recursive: true });
    writeFileSync(join(desktop, 'Board pack', 'minutes.txt'), 'approved');
    writeFileSync(join(desktop, 'Board pack', 'appendix', 'budget.csv'), 'a,b\n1,2\n');
    utimesSync(join(desktop, 'Board pack', 'minutes.txt'), 1_600_000_000, 1_600_000_000);

    const [file, folder] = await copy([join(desktop, 'ledger.bin'), join(desktop, 'Board pack')]);
    expect(file).toMatchObject({ direction: 'copy', state: 'done', failed: [], warnings: [] });
    expect(file?.sessionId).toBeUndefined();
    expect(file?.progress).toMatchObject({
      bytesDone: 3 * 1024 * 1024 + 17,
      bytesTotal: 3 * 1024 * 1024 + 17,
    });
    expect(folder).toMatchObject({ state: 'done', resultPath: join(target, 'Board pack') });
    expect(folder?.progress).toMatchObject({ filesDone: 2, filesTotal: 2 });
    expect(readFileSync(join(target, 'ledger.bin'))).toEqual(
      readFileSync(join(desktop, 'ledger.bin')),
    );
    expect(await treeDigest(join(target, 'Board pack'))).toEqual(
      await treeDigest(join(desktop, 'Board pack')),
    );
    // The date travels with the file, as with the OS's own copy.
    expect(statSync(join(target, 'Board pack', 'minutes.txt')).mtimeMs).toBe(1_600_000_000_000);
    // The sources stay; nothing temporary is left behind.
    expect(readdirSync(desktop).sort()).toEqual(['Board pack', 'ledger.bin']);
    expect(readdirSync(target).sort()).toEqual(['Board pack', 'ledger.bin']);
  });

  it('never replaces silently: skip by default, the other choices as named', async () => {
    const source = join(desktop, 'forecast.csv');
    writeFileSync(source, 'new');
    writeFileSync(join(target, 'forecast.csv'), 'old');

    const [skipped] = await copy([source]);
    expect(skipped).toMatchObject({ state: 'done' });
    expect(skipped?.warnings).toMatchObject([{ code: 'SKIPPED_EXISTING', path: 'forecast.csv' }]);
    expect(readFileSync(join(target, 'forecast.csv'), 'utf8')).toBe('old');

    const [kept] = await copy([source], 'rename');
    expect(kept?.resultPath).toBe(join(target, 'forecast (1).csv'));
    expect(readFileSync(join(target, 'forecast (1).csv'), 'utf8')).toBe('new');
    expect(readFileSync(join(target, 'forecast.csv'), 'utf8')).toBe('old');

    // "Replace if newer": the existing file is newer, so it stays.
    utimesSync(source, 1_000_000_000, 1_000_000_000);
    await copy([source], 'newer');
    expect(readFileSync(join(target, 'forecast.csv'), 'utf8')).toBe('old');
    utimesSync(source, 4_000_000_000, 4_000_000_000);
    await copy([source], 'newer');
    expect(readFileSync(join(target, 'forecast.csv'), 'utf8')).toBe('new');

    writeFileSync(source, 'newest');
    const [replaced] = await copy([source], 'overwrite');
    expect(replaced).toMatchObject({ state: 'done', warnings: [] });
    expect(readFileSync(join(target, 'forecast.csv'), 'utf8')).toBe('newest');
  });

  it('merges a folder into one of the same name, file by file', async () => {
    mkdirSync(join(desktop, 'Q3'));
    writeFileSync(join(desktop, 'Q3', 'a.csv'), 'new a');
    writeFileSync(join(desktop, 'Q3', 'b.csv'), 'new b');
    mkdirSync(join(target, 'Q3'));
    writeFileSync(join(target, 'Q3', 'a.csv'), 'old a');
    writeFileSync(join(target, 'Q3', 'keep.csv'), 'mine');

    const [job] = await copy([join(desktop, 'Q3')], 'skip');
    expect(job?.warnings).toMatchObject([{ code: 'SKIPPED_EXISTING', path: 'Q3/a.csv' }]);
    expect(readFileSync(join(target, 'Q3', 'a.csv'), 'utf8')).toBe('old a');
    expect(readFileSync(join(target, 'Q3', 'b.csv'), 'utf8')).toBe('new b');
    expect(readFileSync(join(target, 'Q3', 'keep.csv'), 'utf8')).toBe('mine');
  });

  it('reports a file that cannot be copied and copies the rest', async () => {
    mkdirSync(join(desktop, 'Pack'));
    writeFileSync(join(desktop, 'Pack', 'clash.txt'), 'file');
    writeFileSync(join(desktop, 'Pack', 'fine.txt'), 'fine');
    symlinkSync(join(desktop, 'Pack'), join(desktop, 'Pack', 'loop'));
    // A folder already has the file's name in the target.
    mkdirSync(join(target, 'Pack', 'clash.txt'), { recursive: true });

    const [job] = await copy([join(desktop, 'Pack')], 'overwrite');
    expect(job?.state).toBe('failed');
    expect(job?.failed).toMatchObject([
      { path: 'Pack/clash.txt', error: { code: 'IS_A_DIRECTORY' } },
    ]);
    expect(job?.warnings).toMatchObject([{ code: 'SKIPPED_LINK', path: 'Pack/loop' }]);
    expect(readFileSync(join(target, 'Pack', 'fine.txt'), 'utf8')).toBe('fine');
  });

  it('refuses plainly to copy items into the folder they are in', async () => {
    writeFileSync(join(target, 'summary.csv'), 'x');
    const same = await app.call('transfers:copyLocal', {
      localPaths: [join(target, 'summary.csv')],
      targetDir: target,
      conflict: 'overwrite',
    });
    expect(same).toMatchObject({
      ok: false,
      error: { code: 'COPY_SAME_FOLDER', details: { path: 'summary.csv' } },
    });
    // Another path to the same folder (a link) is recognised too.
    symlinkSync(target, join(app.home, 'Reports link'));
    const viaLink = await app.call('transfers:copyLocal', {
      localPaths: [join(app.home, 'Reports link', 'summary.csv')],
      targetDir: target,
    });
    expect(viaLink).toMatchObject({ ok: false, error: { code: 'COPY_SAME_FOLDER' } });
    expect(value<Job[]>(await app.call('transfers:list'))).toEqual([]);
    expect(readdirSync(target)).toEqual(['summary.csv']);
  });

  it('refuses to copy a folder into itself', async () => {
    mkdirSync(join(desktop, 'Archive', '2024'), { recursive: true });
    for (const into of [join(desktop, 'Archive'), join(desktop, 'Archive', '2024')]) {
      const result = await app.call('transfers:copyLocal', {
        localPaths: [join(desktop, 'Archive')],
        targetDir: into,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'COPY_INTO_ITSELF' } });
    }
    expect(readdirSync(join(desktop, 'Archive', '2024'))).toEqual([]);
  });

  it('stops on cancel, even halfway through a file, and leaves no partial file', async () => {
    writeRandomFile(join(desktop, 'big.bin'), 48 * 1024 * 1024);
    const controller = new AbortController();
    // Cancels as soon as the temporary file appears, while its bytes are still flowing.
    const watcher = watch(target, (_event, name) => {
      if (String(name).endsWith('.pyplan-part')) controller.abort();
    });
    const copying = copyLocal(join(desktop, 'big.bin'), target, {
      conflict: 'skip',
      signal: controller.signal,
    });
    await expect(copying).rejects.toMatchObject({ code: 'CANCELLED' });
    watcher.close();
    expect(readdirSync(target)).toEqual([]);

    const again = copyLocal(join(desktop, 'big.bin'), target, {
      conflict: 'skip',
      signal: AbortSignal.abort(),
    });
    await expect(again).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(target)).toEqual([]);
  });
});
