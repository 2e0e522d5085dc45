import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/session.ts';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { connectionFactory, listTree } from '../helpers/engine.ts';
import { HandClock } from '../helpers/handClock.ts';
import { JobQueue } from '../../electron/services/queue/JobQueue.ts';
import type { JobSnapshot, QueueEvent } from '../../electron/services/queue/types.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';

const MiB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./engineRestartChild.ts', import.meta.url));

/**
 * Lets a job held by `clock` move a quarter second further, pauses it there (mid-file, far
 * from its end), closes the queue and answers what the queue stored.
 */
async function pausedMidFile(queue: JobQueue, clock: HandClock, id: string, storeDir: string) {
  await clock.whenSleeping();
  clock.advance(250);
  await clock.whenSleeping();
  queue.pause(id);
  await untilState(queue, id, 'paused');
  await queue.close();
  return JSON.parse(readFileSync(join(storeDir, 'transfer-queue.json'), 'utf8'));
}

function untilState(queue: JobQueue, id: string, state: string): Promise<JobSnapshot> {
  return new Promise((resolve) => {
    const check = (event: QueueEvent): void => {
      if (event.type === 'job' && event.job.id === id && event.job.state === state) {
        off();
        resolve(event.job);
      }
    };
    const off = queue.on(check);
  });
}

function untilBytes(queue: JobQueue, id: string, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const off = queue.on((event) => {
      if (event.type === 'progress' && event.jobId === id && event.progress.bytesDone > bytes) {
        off();
        resolve();
      }
    });
  });
}

describe('the transfer queue against OpenSSH', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  function makeQueue(
    storeDir = tempDir(),
    extra: Partial<ConstructorParameters<typeof JobQueue>[0]> = {},
  ) {
    const factory = connectionFactory(sshd);
    const queue = new JobQueue({
      connect: factory.connect,
      storeDir,
      logger: NULL_LOGGER,
      ...extra,
    });
    return { queue, factory, storeDir };
  }

  it('runs uploads and downloads, keeps them on disk, and closes its connections', async () => {
    const { queue, storeDir } = makeQueue();
    await queue.start();
    const local = tempDir();
    writeRandomFile(join(local, 'a.bin'), 2 * MiB);
    writeFileSync(join(local, 'b.csv'), 'x,y\n');
    mkdirSync(join(sshd.root, 'q1'));
    const up = queue.add({ direction: 'upload', sources: [local], target: join(sshd.root, 'q1') });
    await queue.whenIdle();
    const back = tempDir();
    const down = queue.add({
      direction: 'download',
      sources: [join(sshd.root, 'q1')],
      target: back,
    });
    await queue.whenIdle();
    expect(queue.get(up.id)).toMatchObject({ state: 'done', files: { total: 2, done: 2 } });
    expect(queue.get(down.id).state).toBe('done');
    const name = local.split('/').pop() as string;
    expect(await treeDigest(join(back, 'q1', name))).toEqual(await treeDigest(local));
    await queue.close();
    const stored = JSON.parse(readFileSync(join(storeDir, 'transfer-queue.json'), 'utf8'));
    expect(stored.jobs.map((j: JobSnapshot) => j.state)).toEqual(['done', 'done']);
  });

  it('pauses a job keeping its partial upload, then resumes it from there', async () => {
    // The limiter's time is the test's: the upload moves only as far as it is let, so the
    // pause lands mid-file however slow the machine (a job that finished first never pauses).
    const clock = new HandClock();
    const { queue, storeDir } = makeQueue(tempDir(), { bandwidthLimit: 16 * MiB, clock });
    await queue.start();
    const source = join(tempDir(), 'pause.bin');
    writeRandomFile(source, 12 * MiB);
    const job = queue.add({
      direction: 'upload',
      sources: [source],
      target: join(sshd.root, 'pause.bin'),
    });
    // A first piece passes, then the upload waits; a quarter second (4 MiB) more, and it waits
    // again, far from its end.
    const stored = await pausedMidFile(queue, clock, job.id, storeDir);
    expect(stored.jobs[0].items[0].resumeAt).toBeGreaterThan(2 * MiB);
    // What the resume checks the file against (without it, it would start over).
    expect(stored.jobs[0].items[0].resumeStamp).toMatchObject({ size: 12 * MiB });
    const tag = String(stored.jobs[0].tempTag);
    expect(tag).toMatch(/^[0-9a-f]{8}$/);
    expect(existsSync(join(sshd.root, `.pause.bin.${tag}.pyplan-upload`))).toBe(true);

    const again = makeQueue(storeDir).queue;
    await again.start();
    again.resume(job.id);
    await again.whenIdle();
    expect(again.get(job.id)).toMatchObject({ state: 'done', runs: 2 });
    expect(await sha256File(join(sshd.root, 'pause.bin'))).toBe(await sha256File(source));
    expect(listTree(sshd.root).filter((n) => n.includes('pause'))).toEqual(['pause.bin']);
    await again.close();
  });

  it('starts a paused upload over when its file changed but kept its size and date', async () => {
    // Held mid-file by the test's clock, as the pause above.
    const clock = new HandClock();
    const { queue, storeDir } = makeQueue(tempDir(), { bandwidthLimit: 16 * MiB, clock });
    await queue.start();
    const source = join(tempDir(), 'edited.bin');
    writeRandomFile(source, 12 * MiB);
    // A whole second, so the date put back below is exactly the one planned.
    const planned = new Date('2030-01-01T00:00:00Z');
    utimesSync(source, planned, planned);
    const target = join(sshd.root, 'edited.bin');
    const job = queue.add({ direction: 'upload', sources: [source], target });
    const stored = await pausedMidFile(queue, clock, job.id, storeDir);
    expect(stored.jobs[0].items[0].resumeAt).toBeGreaterThan(2 * MiB);
    // New first bytes, same size and date: as cp -p, unzip or rsync -t leave a file.
    const fd = openSync(source, 'r+');
    writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, 0);
    closeSync(fd);
    utimesSync(source, planned, planned);

    const again = makeQueue(storeDir).queue;
    await again.start();
    again.resume(job.id);
    await again.whenIdle();
    expect(again.get(job.id)).toMatchObject({ state: 'done', runs: 2 });
    expect(await sha256File(target)).toBe(await sha256File(source));
    expect(again.get(job.id).warnings.map((w) => w.code)).toEqual(['RESTARTED_CHANGED']);
    expect(listTree(sshd.root).filter((n) => n.includes('edited'))).toEqual(['edited.bin']);
    await again.close();
  });

  it('cancels a running job and removes what it left', async () => {
    // Held mid-file by the test's clock, as the pause above: a job that ended first would
    // never be cancelled.
    const clock = new HandClock();
    const { queue } = makeQueue(tempDir(), { bandwidthLimit: 8 * MiB, clock });
    await queue.start();
    const remote = join(sshd.root, 'cancel-me.bin');
    writeRandomFile(remote, 8 * MiB);
    const local = tempDir();
    const job = queue.add({ direction: 'download', sources: [remote], target: local });
    await clock.whenSleeping();
    clock.advance(250);
    await clock.whenSleeping();
    expect(listTree(local)).not.toEqual([]);
    queue.cancel(job.id);
    await untilState(queue, job.id, 'cancelled');
    await queue.close();
    expect(listTree(local)).toEqual([]);
  });

  it("removes a cancelled waiting upload's temporary files once its server is back", async () => {
    const storeDir = tempDir();
    const { connect } = connectionFactory(sshd);
    // The limit keeps the job going for about two seconds after the 4 MiB mark below, so the
    // detach lands mid-transfer even on a loaded machine (HandClock would make it exact).
    const make = () => new JobQueue({ storeDir, logger: NULL_LOGGER, bandwidthLimit: 6 * MiB });
    const queue = make();
    await queue.start();
    queue.attach('p1', connect);
    const source = join(tempDir(), 'waiting');
    mkdirSync(source);
    for (const name of ['a.bin', 'b.bin']) writeRandomFile(join(source, name), 8 * MiB);
    const job = queue.add({
      direction: 'upload',
      server: 'p1',
      sources: [source],
      target: sshd.root,
    });
    await untilBytes(queue, job.id, 4 * MiB);
    // Disconnected: the job waits, its partial uploads kept on the server for a resume.
    await queue.detach('p1');
    expect(queue.get(job.id).state).toBe('waiting');
    const landed = join(sshd.root, 'waiting');
    const tag = job.id.slice(0, 8);
    expect(readdirSync(landed).sort()).toEqual([
      `.a.bin.${tag}.pyplan-upload`,
      `.b.bin.${tag}.pyplan-upload`,
    ]);
    queue.cancel(job.id);
    // Forgetting the job must not forget what it left. A new upload of a.bin waits for the
    // clean-up too (its temporary name is its own, but the sweep runs first all the same).
    queue.clearFinished();
    const next = queue.add({
      direction: 'upload',
      server: 'p1',
      sources: [join(source, 'a.bin')],
      target: join(landed, 'a.bin'),
    });
    await queue.close();
    expect(readdirSync(landed)).toHaveLength(2);

    const again = make();
    await again.start();
    again.attach('p1', connect);
    await again.whenIdle();
    expect(again.get(next.id).state).toBe('done');
    expect(readdirSync(landed)).toEqual(['a.bin']);
    expect(await sha256File(join(landed, 'a.bin'))).toBe(await sha256File(join(source, 'a.bin')));
    await again.close();
    const stored = JSON.parse(readFileSync(join(storeDir, 'transfer-queue.json'), 'utf8'));
    expect(stored.leftovers).toEqual([]);
  });

  it('holds to a bandwidth limit across the queue', async () => {
    const { queue } = makeQueue(tempDir(), { bandwidthLimit: 4 * MiB });
    await queue.start();
    const source = join(tempDir(), 'slow.bin');
    writeRandomFile(source, 3 * MiB);
    const started = Date.now();
    queue.add({ direction: 'upload', sources: [source], target: join(sshd.root, 'slow.bin') });
    await queue.whenIdle();
    // 3 MiB at 4 MiB/s with a quarter-second burst: at least half a second.
    expect(Date.now() - started).toBeGreaterThan(450);
    await queue.close();
  });

  it('soak: 100 files, links killed at random; each identical or reported failed', async () => {
    // The limit stretches the ~17 MB over about two seconds, so the kills below always find
    // the queue still at work, however fast the machine.
    const { queue, factory } = makeQueue(tempDir(), {
      retryBaseMs: 50,
      maxAttempts: 8,
      bandwidthLimit: 8 * MiB,
    });
    await queue.start();
    const local = tempDir();
    for (let i = 0; i < 100; i += 1) writeRandomFile(join(local, `s${i}.bin`), 20_000 + i * 3_000);
    mkdirSync(join(sshd.root, 'soak'));
    const job = queue.add({
      direction: 'upload',
      sources: [local],
      target: join(sshd.root, 'soak'),
    });
    let kills = 0;
    let droppedLinks = 0;
    // A kill that lands while the queue is reconnecting drops nothing: count the kills that
    // did, so the soak always sees several real drops however the timers fall.
    const killer = setInterval(
      () => {
        if (droppedLinks >= 6 || kills >= 40) return clearInterval(killer);
        kills += 1;
        droppedLinks += sshd.dropConnections();
      },
      120 + Math.floor(Math.random() * 120),
    );
    await queue.whenIdle();
    clearInterval(killer);
    // Connections really went down under the queue (a kill may land while it reconnects).
    expect(droppedLinks).toBeGreaterThan(0);
    const result = queue.get(job.id);
    const name = local.split('/').pop() as string;
    const failed = new Set(result.failed.map((f) => f.path));
    for (let i = 0; i < 100; i += 1) {
      const label = `${name}/s${i}.bin`;
      if (failed.has(label)) continue;
      expect(await sha256File(join(sshd.root, 'soak', name, `s${i}.bin`))).toBe(
        await sha256File(join(local, `s${i}.bin`)),
      );
    }
    expect(result.files.done + result.files.failed).toBe(100);
    expect(factory.opened()).toBeGreaterThan(1);
    expect(listTree(join(sshd.root, 'soak')).filter((n) => n.includes('.pyplan-'))).toEqual([]);
    await queue.close();
  });

  it('finishes after the process is killed mid-batch, without duplicates', async () => {
    const local = tempDir();
    for (let i = 0; i < 40; i += 1) writeRandomFile(join(local, `r${i}.bin`), 150_000);
    mkdirSync(join(sshd.root, 'restart'));
    const args = JSON.stringify({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      keyPath: sshd.clientKeyPath,
      knownHosts: join(tempDir(), 'known_hosts'),
      storeDir: tempDir(),
      source: local,
      target: join(sshd.root, 'restart'),
      bandwidthLimit: 2 * MiB,
    });
    const first = await runChild(args, 1.5 * MiB);
    expect(first).toBe('killed');
    const second = await runChild(args, Infinity);
    const jobs = JSON.parse(second).idle as JobSnapshot[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'done', runs: 2, files: { total: 40, done: 40 } });
    const name = local.split('/').pop() as string;
    expect(await treeDigest(join(sshd.root, 'restart', name))).toEqual(await treeDigest(local));
  });
});

/** Runs the child; SIGKILLs it past `killAt` bytes. Resolves 'killed' or its last line. */
function runChild(args: string, killAt: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let pending = '';
    child.stdout.on('data', (d: Buffer) => {
      const lines = (pending + d.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l !== '')) {
        last = line;
        const bytes = (JSON.parse(line) as { bytesDone?: number }).bytesDone ?? 0;
        if (!killed && bytes > killAt) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code) => {
      if (killed) resolve('killed');
      else if (code === 0) resolve(last);
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
  });
}
