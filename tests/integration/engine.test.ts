import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { sessionTo, tempDir } from '../helpers/session.ts';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { connectionFactory, listTree } from '../helpers/engine.ts';
import { download, upload, PAUSE_REASON } from '../../electron/services/transfer/transfer.ts';
import { ChannelPool } from '../../electron/services/transfer/pool.ts';

const MiB = 1024 * 1024;

function smallTree(root: string, count: number): void {
  mkdirSync(join(root, 'deep', 'er'), { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const dir = i % 3 === 0 ? root : i % 3 === 1 ? join(root, 'deep') : join(root, 'deep', 'er');
    writeFileSync(join(dir, `f${i}.csv`), `row,${i}\n`.repeat(50 + i));
  }
}

describe('engine against OpenSSH limited to 2 sessions per connection', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd({ config: ['MaxSessions 2'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('waits for a free channel instead of failing, and closes every channel it opens', async () => {
    const { connect } = connectionFactory(sshd);
    const pool = new ChannelPool({ connect, maxConnections: 1, filesPerChannel: 1 });
    const first = await pool.acquire();
    const second = await pool.acquire();
    let thirdSettled = false;
    const third = pool.acquire().then((lease) => {
      thirdSettled = true;
      return lease;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(thirdSettled).toBe(false);
    expect(pool.stats.channelRefusals).toBe(1);
    second.release();
    expect((await third).session).toBe(second.session);
    first.release();
    (await third).release();
    expect(pool.stats.peakChannels).toBe(2);
    await pool.close();
    expect(pool.stats.channelsClosed).toBe(pool.stats.channelsOpened);
    expect(first.session.isLost && second.session.isLost).toBe(true);
  });

  it('moves a folder of many small files over extra channels, byte for byte', async () => {
    const { connection, session } = await sessionTo(sshd);
    try {
      const local = tempDir();
      smallTree(local, 120);
      const up = await upload(session, [local], join(sshd.root, 'many'), {
        recursive: true,
        connection,
        recordHash: true,
      });
      expect(up.failed).toEqual([]);
      expect(up.filesDone).toBe(120);
      expect(await treeDigest(join(sshd.root, 'many'))).toEqual(await treeDigest(local));
      expect(
        up.files.every((f) => f.state === 'done' && /^[0-9a-f]{64}$/.test(f.sha256 ?? '')),
      ).toBe(true);
      const back = tempDir();
      const down = await download(session, [join(sshd.root, 'many')], join(back, 'copy'), {
        recursive: true,
        connection,
      });
      expect(down.failed).toEqual([]);
      expect(await treeDigest(join(back, 'copy'))).toEqual(await treeDigest(local));
      expect(listTree(sshd.root).filter((n) => n.includes('.pyplan-'))).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});

describe('engine against OpenSSH', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('continues a paused download from its part file and verifies the whole', async () => {
    const { session } = await sessionTo(sshd);
    const remote = join(sshd.root, 'resume-down.bin');
    writeRandomFile(remote, 24 * MiB);
    const local = join(tempDir(), 'resume-down.bin');
    const controller = new AbortController();
    const first = download(session, [remote], local, {
      signal: controller.signal,
      requests: 4,
      // Slow enough that progress is reported before the end, however fast the machine.
      bandwidthLimit: 16 * MiB,
      onProgress: (p) => {
        if (p.bytesDone > 12 * MiB) controller.abort(PAUSE_REASON);
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(local)).toBe(false);
    expect(existsSync(`${local}.pyplan-part`)).toBe(true);

    const second = await download(session, [remote], local, { verify: 'hash' });
    expect(second.failed).toEqual([]);
    expect(second.files[0]?.resumedFrom).toBeGreaterThan(8 * MiB);
    expect(second.files[0]?.sha256).toBe(await sha256File(remote));
    expect(await sha256File(local)).toBe(await sha256File(remote));
    expect(existsSync(`${local}.pyplan-part`)).toBe(false);
    expect(existsSync(`${local}.pyplan-part.json`)).toBe(false);
  });

  it('starts over when the part file belongs to another version of the remote file', async () => {
    const { session } = await sessionTo(sshd);
    const remote = join(sshd.root, 'changed.bin');
    writeRandomFile(remote, 12 * MiB);
    const local = join(tempDir(), 'changed.bin');
    const controller = new AbortController();
    await download(session, [remote], local, {
      signal: controller.signal,
      requests: 4,
      // Slow enough that progress is reported before the end, however fast the machine.
      bandwidthLimit: 16 * MiB,
      onProgress: (p) => {
        if (p.bytesDone > 6 * MiB) controller.abort(PAUSE_REASON);
      },
    }).catch(() => undefined);
    expect(existsSync(`${local}.pyplan-part`)).toBe(true);
    writeRandomFile(remote, 12 * MiB);
    utimesSync(remote, new Date('2030-01-01'), new Date('2030-01-01'));

    const again = await download(session, [remote], local);
    expect(again.files[0]?.resumedFrom).toBe(0);
    expect(await sha256File(local)).toBe(await sha256File(remote));
  });

  it('reads a large download through a second channel, intact', async () => {
    const { session, connection } = await sessionTo(sshd);
    const remote = join(sshd.root, 'striped.bin');
    writeRandomFile(remote, 40 * MiB + 123);
    const local = join(tempDir(), 'striped.bin');
    const result = await download(session, [remote], local, { connection, recordHash: true });
    expect(result.failed).toEqual([]);
    expect(result.files[0]?.sha256).toBe(await sha256File(remote));
    expect(await sha256File(local)).toBe(await sha256File(remote));
    await connection.close();
  });

  it('replaces an existing file atomically and checks uploads by reading them back', async () => {
    const { session, connection } = await sessionTo(sshd);
    const source = join(tempDir(), 'report.csv');
    writeFileSync(join(sshd.root, 'report.csv'), 'old');
    writeRandomFile(source, 9 * MiB + 5);
    const result = await upload(session, [source], join(sshd.root, 'report.csv'), {
      connection,
      verify: 'hash',
    });
    expect(result.failed).toEqual([]);
    expect(result.files[0]?.sha256).toBe(await sha256File(source));
    expect(await sha256File(join(sshd.root, 'report.csv'))).toBe(await sha256File(source));
    expect(listTree(sshd.root).filter((n) => n.includes('.pyplan-'))).toEqual([]);
  });

  it('heals a dropped connection mid-batch and ends with every file verified', async () => {
    const { connection, session } = await sessionTo(sshd);
    const factory = connectionFactory(sshd);
    const local = tempDir();
    for (let i = 0; i < 6; i += 1) writeRandomFile(join(local, `part${i}.bin`), 4 * MiB + i);
    let dropped = false;
    let droppedLinks = 0;
    const result = await upload(session, [local], join(sshd.root, 'healed'), {
      recursive: true,
      connect: factory.connect,
      maxConnections: 2,
      requests: 8,
      onProgress: (p) => {
        if (!dropped && p.bytesDone > 8 * MiB) {
          dropped = true;
          droppedLinks = sshd.dropConnections();
        }
      },
    });
    expect(dropped).toBe(true);
    // The links really went down (every one open then, the caller's among them).
    expect(droppedLinks).toBeGreaterThan(0);
    expect(connection.isClosed).toBe(true);
    expect(result.failed).toEqual([]);
    expect(await treeDigest(join(sshd.root, 'healed'))).toEqual(await treeDigest(local));
    expect(factory.opened()).toBeGreaterThanOrEqual(1);
    // The host key was trusted once; every reconnect was checked against known_hosts.
    expect(factory.prompts()).toBe(1);
  });
});

describe('engine against OpenSSH without posix-rename or SETSTAT', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd({ sftpFlags: ['-P', 'setstat,fsetstat,posix-rename'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('replaces an existing file only once the new data is complete', async () => {
    const { session, connection } = await sessionTo(sshd);
    const source = join(tempDir(), 'ledger.csv');
    writeFileSync(source, 'date,amount\n2026-01-01,10\n'.repeat(1000));
    writeFileSync(join(sshd.root, 'ledger.csv'), 'old content');
    const result = await upload(session, [source], join(sshd.root, 'ledger.csv'), {
      connection,
      preserveTimes: true,
    });
    expect(result.failed).toEqual([]);
    expect(readFileSync(join(sshd.root, 'ledger.csv'), 'utf8')).toBe(readFileSync(source, 'utf8'));
    expect(result.warnings.map((w) => w.code)).toEqual(['ATTRIBUTES_NOT_SET']);
    expect(listTree(sshd.root)).toEqual(['ledger.csv']);
  });

  it('keeps an existing file when told to skip it', async () => {
    const { session } = await sessionTo(sshd);
    const source = join(tempDir(), 'keep.csv');
    writeFileSync(source, 'new');
    writeFileSync(join(sshd.root, 'keep.csv'), 'old');
    const result = await upload(session, [source], join(sshd.root, 'keep.csv'), {
      conflict: 'skip',
    });
    expect(result.warnings.map((w) => w.code)).toEqual(['SKIPPED_EXISTING']);
    expect(readFileSync(join(sshd.root, 'keep.csv'), 'utf8')).toBe('old');
  });
});
