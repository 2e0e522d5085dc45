import { existsSync, mkdirSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree } from '../helpers/engine.ts';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { tempDir } from '../helpers/session.ts';
import { startSshd } from '../helpers/sshd.ts';
import { useSshdApps } from './sshdApps.ts';
import { type TestApp, type TestAppOptions, value } from './testServices.ts';

// The app's transfer list on the persistent queue: kept in the data folder across a restart,
// resumed when the profile is connected again, paused and resumed by the user. The same
// handlers the window calls, the real services, a real sshd.
const MiB = 1024 * 1024;

const world = useSshdApps();
const { start, quit } = world;

interface Job {
  id: string;
  state: string;
  attempts: number;
  profileId: string;
  failed: unknown[];
  error?: unknown;
  progress: { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number };
}

async function saveProfile(app: TestApp, server = world.sshd, id?: string): Promise<string> {
  const saved = await app.call('profiles:save', {
    ...(id ? { id } : {}),
    name: 'Pyplan Cloud',
    host: server.host,
    port: server.port,
    user: server.user,
    key: { kind: 'path', path: server.clientKeyPath },
  });
  return value<{ id: string }>(saved).id;
}

/** Connects, trusting the host key if the app asks (it does not once known_hosts has it). */
async function connect(app: TestApp, profileId: string): Promise<string> {
  const trust = (p: { promptId: string }) =>
    app.call('ssh:answerHostKey', { promptId: p.promptId, trust: true });
  const waiter = app.nextEvent<{ promptId: string }>('ssh:hostKeyPrompt').then(trust);
  const session = value<{ sessionId: string }>(await app.call('connection:connect', { profileId }));
  void waiter;
  return session.sessionId;
}

async function upload(app: TestApp, sessionId: string, local: string, remoteDir: string) {
  const started = await app.call('transfers:upload', {
    sessionId,
    localPaths: [local],
    remoteDir,
  });
  return value<{ jobIds: string[] }>(started).jobIds[0] as string;
}

function reaches(app: TestApp, jobId: string, state: string): Promise<{ job: Job }> {
  return app.nextEvent<{ job: Job }>(
    'transfers:stateChanged',
    (p) => p.job.id === jobId && p.job.state === state,
  );
}

function movedPast(app: TestApp, jobId: string, bytes: number): Promise<unknown> {
  return app.nextEvent<{ jobId: string; progress: { bytesDone: number } }>(
    'transfers:progress',
    (p) => p.jobId === jobId && p.progress.bytesDone > bytes,
  );
}

async function jobs(app: TestApp): Promise<Job[]> {
  return value<Job[]>(await app.call('transfers:list'));
}

async function limitSpeed(app: TestApp, bytesPerSecond: number): Promise<void> {
  value(await app.call('settings:update', { bandwidthLimit: bytesPerSecond }));
}

/** A folder of `count` random files, `size` bytes each, half of them one level down. */
function folderOf(count: number, size: number): string {
  const root = join(tempDir(), 'ledgers');
  mkdirSync(join(root, 'archive'), { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const dir = i % 2 === 0 ? root : join(root, 'archive');
    writeRandomFile(join(dir, `ledger-${i}.bin`), size);
  }
  return root;
}

function remoteDir(name: string): string {
  const dir = join(world.sshd.root, `${name}-${Date.now()}`);
  mkdirSync(dir);
  return dir;
}

describe('the transfer list across a restart of the app', () => {
  it('keeps an interrupted job until its profile connects, then ends it once', async () => {
    const first = start();
    await limitSpeed(first, 2 * MiB);
    const profileId = await saveProfile(first);
    const sessionId = await connect(first, profileId);
    const local = folderOf(24, 200_000);
    const target = remoteDir('restart');
    const jobId = await upload(first, sessionId, local, target);
    await movedPast(first, jobId, 1.5 * MiB);
    const restart = await quit(first);

    const second = start(restart);
    const [waiting] = await jobs(second);
    expect(waiting).toMatchObject({ id: jobId, state: 'waiting', profileId });
    // Cut off mid-way: part of it is on the server, not all of it.
    const before = listTree(target);
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((f) => !f.includes('.pyplan-upload')).length).toBeLessThan(24);

    const done = reaches(second, jobId, 'done');
    await connect(second, profileId);
    expect((await done).job).toMatchObject({ attempts: 2, failed: [] });
    const landed = join(target, basename(local));
    expect(await treeDigest(landed)).toEqual(await treeDigest(local));
    // Every file once, under its own name: no temporary names, no "name (1)" copies.
    expect(listTree(target)).toEqual(listTree(local).map((f) => `${basename(local)}/${f}`));
  });

  it('never runs a waiting job against another server the profile now points to', async () => {
    const other = await startSshd();
    try {
      const first = start();
      await limitSpeed(first, MiB);
      const profileId = await saveProfile(first);
      const sessionId = await connect(first, profileId);
      const source = join(tempDir(), 'forecast.bin');
      writeRandomFile(source, 4 * MiB);
      const jobId = await upload(first, sessionId, source, remoteDir('moved'));
      await movedPast(first, jobId, 512 * 1024);
      const restart = await quit(first);

      const second = start(restart);
      await saveProfile(second, other, profileId);
      await connect(second, profileId);
      expect((await jobs(second))[0]).toMatchObject({ id: jobId, state: 'waiting' });
      expect(readdirSync(other.root)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe('copies on this computer across a restart', () => {
  it('continues an interrupted copy at once, without copying a file twice', async () => {
    const source = join(tempDir(), 'Pack');
    mkdirSync(source);
    writeRandomFile(join(source, 'a.bin'), 300_000);
    writeRandomFile(join(source, 'b.bin'), 48 * MiB);
    writeFileSync(join(source, 'c.txt'), 'new');
    const target = tempDir();
    // The folder is there already, with a c.txt of its own: "keep both" gives `c (1).txt`.
    mkdirSync(join(target, 'Pack'));
    writeFileSync(join(target, 'Pack', 'c.txt'), 'old');
    const first = start();
    // Quits as soon as b.bin is being written: a.bin is copied by then, c.txt not yet.
    const quitting = new Promise<TestAppOptions>((resolve) => {
      const watcher = watch(join(target, 'Pack'), (_event, name) => {
        if (!String(name).startsWith('.b.bin.')) return;
        watcher.close();
        resolve(quit(first));
      });
    });
    const started = await first.call('transfers:copyLocal', {
      localPaths: [source],
      targetDir: target,
      conflict: 'rename',
    });
    const jobId = value<{ jobIds: string[] }>(started).jobIds[0] as string;
    const restart = await quitting;
    expect(readdirSync(join(target, 'Pack')).sort()).toEqual(['a.bin', 'c.txt']);

    // No connection needed: it goes on by itself.
    const second = start(restart);
    const { job } = await reaches(second, jobId, 'done');
    expect(job).toMatchObject({ attempts: 2, failed: [] });
    expect(readdirSync(join(target, 'Pack')).sort()).toEqual([
      'a.bin',
      'b.bin',
      'c (1).txt',
      'c.txt',
    ]);
    for (const name of ['a.bin', 'b.bin']) {
      expect(await sha256File(join(target, 'Pack', name))).toBe(
        await sha256File(join(source, name)),
      );
    }
  });
});

describe('pause, resume and cancel', () => {
  it('pauses a running upload keeping its partial copy, then resumes it', async () => {
    const app = start();
    await limitSpeed(app, MiB);
    const sessionId = await connect(app, await saveProfile(app));
    const source = join(tempDir(), 'budget.bin');
    writeRandomFile(source, 4 * MiB);
    const target = remoteDir('pause');
    const jobId = await upload(app, sessionId, source, target);
    await movedPast(app, jobId, 512 * 1024);

    const paused = reaches(app, jobId, 'paused');
    value(await app.call('transfers:pause', { jobId }));
    // It shows what it keeps for the resume: the part the server already holds.
    expect((await paused).job.progress.bytesDone).toBeGreaterThan(0);
    expect(existsSync(join(target, `.budget.bin.${jobId.slice(0, 8)}.pyplan-upload`))).toBe(true);
    expect(existsSync(join(target, 'budget.bin'))).toBe(false);

    await limitSpeed(app, 0);
    const done = reaches(app, jobId, 'done');
    value(await app.call('transfers:resume', { jobId }));
    expect((await done).job.attempts).toBe(2);
    expect(await sha256File(join(target, 'budget.bin'))).toBe(await sha256File(source));
    expect(readdirSync(target)).toEqual(['budget.bin']);
  });

  it('names the server folder deleted during a pause and does not remake it', async () => {
    const app = start();
    await limitSpeed(app, MiB);
    const sessionId = await connect(app, await saveProfile(app));
    const source = join(tempDir(), 'big.bin');
    writeRandomFile(source, 4 * MiB);
    const target = join(remoteDir('inbox'), 'dest');
    mkdirSync(target);
    const jobId = await upload(app, sessionId, source, target);
    await movedPast(app, jobId, 512 * 1024);
    const paused = reaches(app, jobId, 'paused');
    value(await app.call('transfers:pause', { jobId }));
    await paused;
    rmSync(target, { recursive: true });

    await limitSpeed(app, 0);
    const failed = reaches(app, jobId, 'failed');
    value(await app.call('transfers:resume', { jobId }));
    const { job } = await failed;
    const error = { code: 'NOT_FOUND', details: { path: target, what: 'folder' } };
    expect(job.error).toMatchObject(error);
    expect(job.failed).toMatchObject([{ path: 'big.bin', error }]);
    expect(existsSync(target)).toBe(false);
  });

  it('fails a job whose server folder is gone before it starts, sending nothing', async () => {
    const app = start();
    const sessionId = await connect(app, await saveProfile(app));
    const source = join(tempDir(), 'budget.bin');
    writeRandomFile(source, 64 * 1024);
    // The folder the window showed, deleted before the job ran: with one source, sftp would
    // take its path as the new name of the file sent.
    const inbox = remoteDir('gone');
    const target = join(inbox, 'dest');
    const failed = app.nextEvent<{ job: Job }>(
      'transfers:stateChanged',
      (p) => p.job.state === 'failed',
    );
    const jobId = await upload(app, sessionId, source, target);
    const { job } = await failed;
    expect(job.id).toBe(jobId);
    expect(job.error).toMatchObject({ code: 'NOT_FOUND', details: { what: 'folder' } });
    expect(readdirSync(inbox)).toEqual([]);
    // Shown as the folder the user picked, without the separator the job adds.
    const listed = (await jobs(app)).find((j) => j.id === job.id) as Job & { targetDir: string };
    expect(listed.targetDir).toBe(target);
  });

  it('pauses and resumes everything, and cancels everything leaving nothing behind', async () => {
    const app = start();
    await limitSpeed(app, MiB);
    const sessionId = await connect(app, await saveProfile(app));
    const folder = tempDir();
    for (const name of ['a.bin', 'b.bin', 'c.bin']) writeRandomFile(join(folder, name), 3 * MiB);
    const target = remoteDir('all');
    const ids: string[] = [];
    for (const name of ['a.bin', 'b.bin', 'c.bin']) {
      ids.push(await upload(app, sessionId, join(folder, name), target));
    }
    await movedPast(app, ids[0] as string, 256 * 1024);

    const allPaused = Promise.all(ids.map((id) => reaches(app, id, 'paused')));
    value(await app.call('transfers:pauseAll'));
    await allPaused;

    const running = reaches(app, ids[0] as string, 'running');
    value(await app.call('transfers:resumeAll'));
    await running;
    await movedPast(app, ids[0] as string, 256 * 1024);
    const allCancelled = Promise.all(ids.map((id) => reaches(app, id, 'cancelled')));
    value(await app.call('transfers:cancelAll'));
    await allCancelled;
    await expect.poll(() => readdirSync(target)).toEqual([]);
  });

  it('stops transfers on disconnect and continues them on the next connect', async () => {
    const app = start();
    await limitSpeed(app, MiB);
    const profileId = await saveProfile(app);
    const sessionId = await connect(app, profileId);
    const source = join(tempDir(), 'payroll.bin');
    writeRandomFile(source, 3 * MiB);
    const target = remoteDir('disconnect');
    const jobId = await upload(app, sessionId, source, target);
    await movedPast(app, jobId, 256 * 1024);

    const waiting = reaches(app, jobId, 'waiting');
    value(await app.call('connection:disconnect', { sessionId }));
    await waiting;
    const done = reaches(app, jobId, 'done');
    await limitSpeed(app, 0);
    await connect(app, profileId);
    await done;
    expect(await sha256File(join(target, 'payroll.bin'))).toBe(await sha256File(source));
  });
});

describe('what the window asks of a stored list', () => {
  it('keeps finished jobs until cleared, across a restart', async () => {
    const first = start();
    const sessionId = await connect(first, await saveProfile(first));
    const source = join(tempDir(), 'small.csv');
    writeFileSync(source, 'a,b\n1,2\n');
    const jobId = await upload(first, sessionId, source, remoteDir('kept'));
    await reaches(first, jobId, 'done');
    const second = start(await quit(first));
    expect(await jobs(second)).toMatchObject([{ id: jobId, state: 'done' }]);
    value(await second.call('transfers:clearFinished'));
    expect(await jobs(second)).toEqual([]);
  });
});
