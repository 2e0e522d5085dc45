import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { startSshd } from '../helpers/sshd.ts';
import { sessionTo, tempDir } from '../helpers/session.ts';
import { useSshdSession } from '../helpers/sshdSession.ts';
import { makeAwkwardTree, sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { download, upload, PAUSE_REASON } from '../../electron/services/transfer/transfer.ts';
import {
  uploadFile,
  type FileTransferOptions,
  type UploadSource,
} from '../../electron/services/transfer/files.ts';
import { BandwidthLimiter } from '../../electron/services/transfer/limiter.ts';
import type { SourceStamp } from '../../electron/services/transfer/stamp.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';
import type { TransferWarning } from '../../shared/types/transfer.ts';
import type { AppError } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';

/**
 * Sends a file until more than 2 MiB are safely written, then pauses it as the queue does:
 * answers what a resume is given.
 */
async function pausedPast2MiB(
  session: SftpSession,
  file: UploadSource,
  remote: string,
  fixed: FileTransferOptions,
): Promise<{ resumeAt: number; resumeStamp?: SourceStamp }> {
  const MiB = 1024 * 1024;
  const controller = new AbortController();
  const saved: { resumeAt: number; resumeStamp?: SourceStamp } = { resumeAt: 0 };
  const first = uploadFile(session, file, remote, {
    ...fixed,
    signal: controller.signal,
    // Holds the file in flight, so the pause lands mid-file however fast the machine.
    limiter: new BandwidthLimiter(16 * MiB),
    onStamp: (stamp) => (saved.resumeStamp = stamp),
    onWatermark: (offset) => {
      saved.resumeAt = offset;
      if (offset > 2 * MiB) controller.abort(PAUSE_REASON);
    },
  });
  await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
  return saved;
}

describe('transfers against OpenSSH', () => {
  const world = useSshdSession();

  it('uploads and downloads a nested folder with awkward names byte for byte', async () => {
    const local = tempDir();
    makeAwkwardTree(local);
    const up = await upload(world.session, [local], join(world.sshd.root, 'tree'), {
      recursive: true,
    });
    expect(up.failed).toEqual([]);
    expect(await treeDigest(join(world.sshd.root, 'tree'))).toEqual(await treeDigest(local));

    const back = tempDir();
    const down = await download(
      world.session,
      [join(world.sshd.root, 'tree')],
      join(back, 'copy'),
      {
        recursive: true,
      },
    );
    expect(down.failed).toEqual([]);
    expect(down.filesDone).toBe(up.filesDone);
    expect(await treeDigest(join(back, 'copy'))).toEqual(await treeDigest(local));
    expect(statSync(join(back, 'copy', 'empty')).isDirectory()).toBe(true);
    expect(statSync(join(back, 'copy', 'zero.bin')).size).toBe(0);
  });

  it('follows sftp rules for the target: into an existing folder, else the new name', async () => {
    const local = tempDir();
    writeFileSync(join(local, 'report.csv'), 'a,b\n');
    mkdirSync(join(world.sshd.root, 'inbox'));
    await upload(world.session, [join(local, 'report.csv')], join(world.sshd.root, 'inbox'));
    expect(existsSync(join(world.sshd.root, 'inbox', 'report.csv'))).toBe(true);
    await upload(world.session, [join(local, 'report.csv')], join(world.sshd.root, 'renamed.csv'));
    expect(existsSync(join(world.sshd.root, 'renamed.csv'))).toBe(true);
  });

  it('keeps two uploads of different files to one name off each other', async () => {
    const [first, second] = [join(tempDir(), 'same.bin'), join(tempDir(), 'same.bin')];
    writeRandomFile(first, 4 * 1024 * 1024);
    writeRandomFile(second, 4 * 1024 * 1024);
    const target = join(world.sshd.root, 'shared-name');
    mkdirSync(target);
    const temps = () => readdirSync(target).filter((n) => n.endsWith('.pyplan-upload'));
    // Slow enough that both write their temporary copies at the same time.
    const send = (source: string) =>
      upload(world.session, [source], target, { verify: 'hash', bandwidthLimit: 1024 * 1024 });
    const runs = [send(first), send(second)];
    while (temps().length < 2) await new Promise((r) => setTimeout(r, 20));
    const during = temps();
    expect(new Set(during).size).toBe(2);
    for (const name of during) expect(name).toMatch(/^\.same\.bin\.[0-9a-f]{8}\.pyplan-upload$/);
    const [a, b] = await Promise.all(runs);
    // Each run read back its own bytes before the rename, and says so.
    expect(a?.failed).toEqual([]);
    expect(b?.failed).toEqual([]);
    const hashes = [await sha256File(first), await sha256File(second)];
    expect(a?.files[0]?.sha256).toBe(hashes[0]);
    expect(b?.files[0]?.sha256).toBe(hashes[1]);
    expect(hashes).toContain(await sha256File(join(target, 'same.bin')));
    expect(readdirSync(target)).toEqual(['same.bin']);
  });

  it('refuses a folder without recursive, in plain words', async () => {
    const local = tempDir();
    await expect(upload(world.session, [local], join(world.sshd.root, 'x'))).rejects.toMatchObject({
      code: 'IS_A_DIRECTORY',
    });
  });

  it('moves a 200 MiB file both ways intact, reporting progress', async () => {
    const local = tempDir();
    const source = join(local, 'export.bin');
    writeRandomFile(source, 200 * 1024 * 1024);
    const seen: number[] = [];
    await upload(world.session, [source], join(world.sshd.root, 'export.bin'), {
      onProgress: (p) => seen.push(p.bytesDone),
    });
    expect(seen.at(-1)).toBe(200 * 1024 * 1024);
    const back = join(local, 'back.bin');
    await download(world.session, [join(world.sshd.root, 'export.bin')], back);
    expect(await sha256File(back)).toBe(await sha256File(source));
  });

  it('cancelling mid-upload leaves nothing under the final name', async () => {
    const local = tempDir();
    const source = join(local, 'big.bin');
    writeRandomFile(source, 64 * 1024 * 1024);
    const controller = new AbortController();
    // The limit keeps the file in flight for seconds, so the cancel always lands mid-file,
    // however fast or loaded the machine is.
    const promise = upload(world.session, [source], join(world.sshd.root, 'cancelled.bin'), {
      signal: controller.signal,
      atomic: true,
      bandwidthLimit: 16 * 1024 * 1024,
      onProgress: (p) => {
        if (p.bytesDone > 4 * 1024 * 1024) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(world.sshd.root, 'cancelled.bin'))).toBe(false);
    expect(readdirSync(world.sshd.root).filter((n) => n.includes('cancelled'))).toEqual([]);
  });

  it('cancelling mid-download leaves no file and no partial', async () => {
    const remote = join(world.sshd.root, 'to-cancel.bin');
    writeRandomFile(remote, 64 * 1024 * 1024);
    const local = tempDir();
    const controller = new AbortController();
    const promise = download(world.session, [remote], join(local, 'to-cancel.bin'), {
      signal: controller.signal,
      bandwidthLimit: 16 * 1024 * 1024,
      onProgress: (p) => {
        if (p.bytesDone > 4 * 1024 * 1024) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(local)).toEqual([]);
  });

  it('reads small uploads in one call yet sends what the file holds when it changed', async () => {
    const local = tempDir();
    const files = [
      { name: 'same.csv', planned: 5000, actual: 5000 },
      { name: 'grew.csv', planned: 10, actual: 300 * 1024 + 3 },
      { name: 'shrank.csv', planned: 5000, actual: 100 },
      { name: 'empty.csv', planned: 0, actual: 0 },
    ];
    for (const f of files) {
      const path = join(local, f.name);
      writeRandomFile(path, f.actual);
      const remote = join(world.sshd.root, `sync-${f.name}`);
      const source = { localPath: path, size: f.planned };
      const outcome = await uploadFile(world.session, source, remote, {
        atomic: true,
        syncSmallFiles: true,
        recordHash: true,
      });
      expect(outcome.bytes).toBe(f.actual);
      expect(outcome.sha256).toBe(await sha256File(path));
      expect(await sha256File(remote)).toBe(await sha256File(path));
    }
  });

  it('reports a missing remote file as not found', async () => {
    const err = (await download(
      world.session,
      [join(world.sshd.root, 'nope.csv')],
      tempDir(),
    ).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('NOT_FOUND');
  });

  it('names the server folder, not the file, when the folder went during a pause', async () => {
    const MiB = 1024 * 1024;
    const source = join(tempDir(), 'big.bin');
    writeRandomFile(source, 12 * MiB);
    const dest = join(world.sshd.root, 'paused-inbox', 'dest');
    mkdirSync(dest, { recursive: true });
    const remote = join(dest, 'big.bin');
    const file = { localPath: source, size: 12 * MiB };
    const fixed = { atomic: true, tempTag: 'gone0001' };
    const saved = await pausedPast2MiB(world.session, file, remote, fixed);
    rmSync(dest, { recursive: true });

    // Resumed, and tried again from the start: both name the folder, and neither remakes it.
    const gone = { code: 'NOT_FOUND', details: { path: dest, what: 'folder' } };
    const resumed = uploadFile(world.session, file, remote, { ...fixed, ...saved });
    await expect(resumed).rejects.toMatchObject(gone);
    await expect(uploadFile(world.session, file, remote, fixed)).rejects.toMatchObject(gone);
    expect(ERROR_TEXT_EN.NOT_FOUND(gone.details)).toBe(
      `The folder "${dest}" does not exist on the server.`,
    );
    expect(readdirSync(join(world.sshd.root, 'paused-inbox'))).toEqual([]);
  });

  it('fails a server name holding a backslash alike from a walk or named directly', async () => {
    const dir = join(world.sshd.root, 'unsafe-names');
    mkdirSync(join(dir, 'sub\\dir'), { recursive: true });
    writeFileSync(join(dir, 'ok.txt'), 'ok');
    writeFileSync(join(dir, 'back\\slash.txt'), 'back');
    writeFileSync(join(dir, 'sub\\dir', 'inner.txt'), 'inner');
    const failures = (result: { failed: Array<{ path: string; error: { code: string } }> }) =>
      result.failed.map((f) => [f.path, f.error.code]).sort();

    const walked = tempDir();
    const walk = await download(world.session, [dir], walked, { recursive: true });
    expect(failures(walk)).toEqual([
      ['unsafe-names/back\\slash.txt', 'UNSAFE_NAME'],
      ['unsafe-names/sub\\dir', 'UNSAFE_NAME'],
    ]);
    expect(walk.warnings).toEqual([]);
    expect(walk.filesDone).toBe(1);
    expect(readdirSync(join(walked, 'unsafe-names'))).toEqual(['ok.txt']);

    const named = tempDir();
    const sources = [join(dir, 'back\\slash.txt'), join(dir, 'ok.txt')];
    const direct = await download(world.session, sources, named);
    expect(failures(direct)).toEqual([['back\\slash.txt', 'UNSAFE_NAME']]);
    expect(direct.filesDone).toBe(1);
    expect(readdirSync(named)).toEqual(['ok.txt']);
    const folder = await download(world.session, [join(dir, 'sub\\dir')], named, {
      recursive: true,
    });
    expect(failures(folder)).toEqual([['sub\\dir', 'UNSAFE_NAME']]);
    expect(readdirSync(named)).toEqual(['ok.txt']);

    // A local name the user gives is not the server's: that copy goes through.
    const chosen = join(tempDir(), 'renamed.txt');
    const renamed = await download(world.session, [join(dir, 'back\\slash.txt')], chosen);
    expect(renamed.failed).toEqual([]);
    expect(readFileSync(chosen, 'utf8')).toBe('back');
  });

  describe('a local file that changes while or after it is sent', () => {
    const MiB = 1024 * 1024;

    /**
     * Uploads a 16 MiB file and runs `change` on it at the first progress report, once at least
     * one chunk (about 256 KiB) is written. The limit keeps most of the file unread for a second
     * and more by then, however fast or loaded the machine.
     */
    async function changedMidUpload(name: string, atomic: boolean, change: (path: string) => void) {
      const source = join(tempDir(), name);
      writeRandomFile(source, 16 * MiB);
      let changed = false;
      const result = await upload(world.session, [source], join(world.sshd.root, name), {
        atomic,
        bandwidthLimit: 8 * MiB,
        onProgress: (p) => {
          if (!changed && p.bytesDone > 0) {
            changed = true;
            change(source);
          }
        },
      });
      expect(changed).toBe(true);
      return { source, result };
    }

    it('fails a file that shrinks while being sent and leaves nothing under its name', async () => {
      for (const [name, atomic] of [
        ['shrank.bin', true],
        ['shrank-in-place.bin', false],
      ] as const) {
        // Shorter than the first chunk, which was sent before any progress was reported.
        const cut = (path: string) => truncateSync(path, 64 * 1024);
        const { result } = await changedMidUpload(name, atomic, cut);
        expect(result.filesDone).toBe(0);
        expect(result.files[0]).toMatchObject({
          state: 'failed',
          error: { code: 'LOCAL_CHANGED' },
        });
        expect(readdirSync(world.sshd.root).filter((n) => n.includes(name))).toEqual([]);
      }

      // Grown past its planned size before the upload, then cut below what was already read.
      const source = join(tempDir(), 'regrew.bin');
      writeRandomFile(source, 16 * MiB);
      let acked = 0;
      const remote = join(world.sshd.root, 'regrew.bin');
      const sending = uploadFile(world.session, { localPath: source, size: MiB }, remote, {
        atomic: true,
        onBytes: (n) => {
          acked += n;
          if (acked >= 2 * MiB && acked - n < 2 * MiB) truncateSync(source, MiB + MiB / 2);
        },
      });
      await expect(sending).rejects.toMatchObject({ code: 'LOCAL_CHANGED' });
      expect(readdirSync(world.sshd.root).filter((n) => n.includes('regrew'))).toEqual([]);
    });

    it('sends a file that grows while being sent as far as it grew', async () => {
      const grow = (path: string) => appendFileSync(path, randomBytes(MiB + 7));
      const { source, result } = await changedMidUpload('grew.bin', true, grow);
      expect(result.failed).toEqual([]);
      expect(statSync(join(world.sshd.root, 'grew.bin')).size).toBe(17 * MiB + 7);
      expect(await sha256File(join(world.sshd.root, 'grew.bin'))).toBe(await sha256File(source));
    });

    it('continues a paused upload only while its local file is still the one it sent', async () => {
      const source = join(tempDir(), 'resumed.bin');
      writeRandomFile(source, 12 * MiB);
      // A whole second, so the date put back below is exactly the one planned.
      const planned = new Date('2030-01-01T00:00:00Z');
      utimesSync(source, planned, planned);
      const file = { localPath: source, size: 12 * MiB, mtimeMs: planned.getTime() };
      const remote = join(world.sshd.root, 'resumed.bin');
      const warnings: TransferWarning[] = [];
      const fixed = {
        atomic: true,
        tempTag: 'resume01',
        warn: (w: TransferWarning) => warnings.push(w),
      };

      const paused = () => pausedPast2MiB(world.session, file, remote, fixed);

      const same = await uploadFile(world.session, file, remote, { ...fixed, ...(await paused()) });
      expect(same.resumedFrom).toBeGreaterThan(2 * MiB);
      expect(await sha256File(remote)).toBe(await sha256File(source));
      expect(warnings).toEqual([]);

      // New first bytes, same size and date: as cp -p, unzip or rsync -t leave a file.
      const saved = await paused();
      const fd = openSync(source, 'r+');
      writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, 0);
      closeSync(fd);
      utimesSync(source, planned, planned);
      const edited = await uploadFile(world.session, file, remote, { ...fixed, ...saved });
      expect(await sha256File(remote)).toBe(await sha256File(source));
      expect(edited.resumedFrom).toBe(0);
      expect(warnings.map((w) => w.code)).toEqual(['RESTARTED_CHANGED']);
      expect(readdirSync(world.sshd.root).filter((n) => n.includes('resumed'))).toEqual([
        'resumed.bin',
      ]);
    });
  });
});

describe('a server that drops the link mid-transfer', () => {
  it('fails the transfer with CONNECTION_LOST and claims nothing complete', async () => {
    const sshd = await startSshd();
    try {
      const { session } = await sessionTo(sshd, { keepaliveIntervalMs: 1000 });
      const remote = join(sshd.root, 'big.bin');
      writeRandomFile(remote, 128 * 1024 * 1024);
      const local = tempDir();
      let dropped = 0;
      const promise = download(session, [remote], join(local, 'big.bin'), {
        onProgress: (p) => {
          if (dropped === 0 && p.bytesDone > 8 * 1024 * 1024) {
            dropped = sshd.dropConnections();
          }
        },
      });
      await expect(promise).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
      expect(dropped).toBe(1);
      expect(existsSync(join(local, 'big.bin'))).toBe(false);
      // Later calls settle at once with the same code instead of hanging.
      await expect(session.list(sshd.root)).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    } finally {
      await sshd.stop();
    }
  });
});

describe('conflicts: keep both', () => {
  it('gives the new copy a free "name (n).ext" on upload and on download', async () => {
    const sshd = await startSshd();
    try {
      const { connection, session } = await sessionTo(sshd);
      const local = tempDir();
      writeFileSync(join(local, 'report.csv'), 'new');
      writeFileSync(join(sshd.root, 'report.csv'), 'old');
      writeFileSync(join(sshd.root, 'report (1).csv'), 'older');
      await upload(session, [join(local, 'report.csv')], sshd.root, { conflict: 'rename' });
      expect(readFileSync(join(sshd.root, 'report.csv'), 'utf8')).toBe('old');
      expect(readFileSync(join(sshd.root, 'report (2).csv'), 'utf8')).toBe('new');

      const result = await download(session, [join(sshd.root, 'report.csv')], local, {
        conflict: 'rename',
      });
      expect(result.failed).toEqual([]);
      expect(readFileSync(join(local, 'report.csv'), 'utf8')).toBe('new');
      expect(readFileSync(join(local, 'report (1).csv'), 'utf8')).toBe('old');
      await connection.close();
    } finally {
      await sshd.stop();
    }
  });
});
