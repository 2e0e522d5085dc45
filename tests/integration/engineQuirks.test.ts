import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  quirkSession,
  startQuirkServer,
  type QuirkServer,
  type QuirkServerOptions,
} from '../helpers/quirkServer.ts';
import { tempDir } from '../helpers/session.ts';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { connectionFactory, listTree } from '../helpers/engine.ts';
import { download, upload } from '../../electron/services/transfer/transfer.ts';
import { JobQueue } from '../../electron/services/queue/JobQueue.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';

const MiB = 1024 * 1024;

/**
 * The engine against a server that behaves like AWS Transfer Family over S3, and against
 * links that drop, stall or answer reads short. The quirk server is tests/helpers/quirkServer.ts.
 */
describe('engine against quirky servers', () => {
  let server: QuirkServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function start(options: QuirkServerOptions): Promise<QuirkServer> {
    server = await startQuirkServer(options);
    return server;
  }

  it('picks the AWS profile: in place, write-only, no SETSTAT, UTF-8 names', async () => {
    const aws = await start({ aws: true });
    const { connection, session } = await quirkSession(aws);
    const local = tempDir();
    mkdirSync(join(local, 'in'));
    writeRandomFile(join(local, 'in', 'ok.bin'), 300_000);
    writeFileSync(join(local, 'in', 'años.csv'), 'ñ\n');
    // A name that is not UTF-8 (byte 0xFF), as another system may have left on disk.
    writeFileSync(
      Buffer.concat([Buffer.from(`${local}/in/bad-`), Buffer.from([0xff]), Buffer.from('.csv')]),
      'x',
    );
    const result = await upload(session, [join(local, 'in')], '/', {
      recursive: true,
      connection,
      preserveTimes: true,
    });
    expect(result.filesDone).toBe(2);
    expect(result.failed.map((f) => f.error.code)).toEqual(['NAME_NOT_UTF8']);
    expect(result.warnings.map((w) => w.code)).toEqual([
      'ATTRIBUTES_NOT_SET',
      'ATTRIBUTES_NOT_SET',
    ]);
    expect(aws.stats.setstat).toEqual({ setstat: 0, fsetstat: 0 });
    expect(Object.keys(aws.stats.opensByFlags)).toEqual(['WRITE|CREAT|TRUNC']);
    expect(aws.stats.writes.nonSequential).toBe(0);
    expect(aws.stats.ops.RENAME ?? 0).toBe(0);
    expect(await sha256File(join(aws.root, 'in', 'ok.bin'))).toBe(
      await sha256File(join(local, 'in', 'ok.bin')),
    );
    expect(aws.stats.channels.refused).toBe(0);
    await connection.close();
  });

  it('downloads intact from a server that answers every read short', async () => {
    const short = await start({ shortReads: 1000 });
    writeRandomFile(join(short.root, 'short.bin'), 2 * MiB + 3);
    const { connection, session } = await quirkSession(short);
    const local = join(tempDir(), 'short.bin');
    const result = await download(session, ['/short.bin'], local, { connection });
    expect(result.failed).toEqual([]);
    expect(await sha256File(local)).toBe(await sha256File(join(short.root, 'short.bin')));
    await connection.close();
  });

  it('reconnects after the link drops mid-upload and restarts where S3 cannot append', async () => {
    const aws = await start({ aws: true, dropAfterBytes: 3 * MiB, faultConnections: 1 });
    const factory = connectionFactory(aws);
    const queue = new JobQueue({
      connect: factory.connect,
      storeDir: tempDir(),
      logger: NULL_LOGGER,
      retryBaseMs: 50,
    });
    await queue.start();
    const source = join(tempDir(), 'big.bin');
    writeRandomFile(source, 6 * MiB);
    const job = queue.add({ direction: 'upload', sources: [source], target: '/big.bin' });
    await queue.whenIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'done' });
    expect(aws.stats.faults.dropped).toBe(1);
    expect(factory.opened()).toBe(2);
    expect(aws.stats.writes.nonSequential).toBe(0);
    expect(await sha256File(join(aws.root, 'big.bin'))).toBe(await sha256File(source));
    await queue.close();
  });

  it('gives up on a stalled link, reconnects and finishes the download', async () => {
    const stall = await start({ stallAfterBytes: 1 * MiB, faultConnections: 1 });
    writeRandomFile(join(stall.root, 'stall.bin'), 4 * MiB);
    const factory = connectionFactory(stall);
    const queue = new JobQueue({
      connect: factory.connect,
      storeDir: tempDir(),
      logger: NULL_LOGGER,
      retryBaseMs: 50,
      stallTimeoutMs: 800,
    });
    await queue.start();
    const local = tempDir();
    const job = queue.add({ direction: 'download', sources: ['/stall.bin'], target: local });
    await queue.whenIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'done' });
    expect(stall.stats.faults.stalled).toBe(1);
    expect(await sha256File(join(local, 'stall.bin'))).toBe(
      await sha256File(join(stall.root, 'stall.bin')),
    );
    expect(listTree(local)).toEqual(['stall.bin']);
    await queue.close();
  });

  it('stays within a 3-channel limit while many files move at once', async () => {
    const narrow = await start({ maxChannels: 3 });
    const factory = connectionFactory(narrow);
    const queue = new JobQueue({
      connect: factory.connect,
      storeDir: tempDir(),
      logger: NULL_LOGGER,
      maxConnections: 1,
    });
    await queue.start();
    const local = tempDir();
    for (let i = 0; i < 80; i += 1)
      writeFileSync(join(local, `n${i}.txt`), `line ${i}\n`.repeat(i + 1));
    const job = queue.add({ direction: 'upload', sources: [local], target: '/' });
    await queue.whenIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'done', files: { done: 80 } });
    const name = local.split('/').pop() as string;
    expect(await treeDigest(join(narrow.root, name))).toEqual(await treeDigest(local));
    expect(narrow.stats.channels.opened).toBeLessThanOrEqual(3);
    await queue.close();
  });
});
