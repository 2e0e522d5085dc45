import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { tempDir } from '../helpers/session.ts';
import { useSshdApps } from './sshdApps.ts';
import { type TestApp, value } from './testServices.ts';

// "Files at once" (the simultaneousTransfers setting): how many files of 1 MiB or more the
// queue moves at the same time, read when the app starts and applied at once when changed.
// The real handlers and services against a real sshd. A folder upload is one job whose
// progress counts bytes and finished files; with files of one size, the bytes beyond the
// finished files exceed one file's size only while two or more files are moving.
const MiB = 1024 * 1024;
const FILE = 2 * MiB;

interface Progress {
  bytesDone: number;
  filesDone: number;
}

const world = useSshdApps();
const { start, quit } = world;

async function connect(app: TestApp): Promise<string> {
  const saved = await app.call('profiles:save', {
    name: 'Pyplan Cloud',
    host: world.sshd.host,
    port: world.sshd.port,
    user: world.sshd.user,
    key: { kind: 'path', path: world.sshd.clientKeyPath },
  });
  const profileId = value<{ id: string }>(saved).id;
  const trust = (p: { promptId: string }) =>
    app.call('ssh:answerHostKey', { promptId: p.promptId, trust: true });
  void app.nextEvent<{ promptId: string }>('ssh:hostKeyPrompt').then(trust);
  const session = await app.call('connection:connect', { profileId });
  return value<{ sessionId: string }>(session).sessionId;
}

interface Upload {
  jobId: string;
  local: string;
  /** Where the folder lands on the server. */
  landed: string;
}

/** Uploads a folder of three random 2 MiB files. */
async function uploadThree(app: TestApp, sessionId: string): Promise<Upload> {
  const local = join(tempDir(), 'quarter-close');
  mkdirSync(local);
  for (const name of ['a.bin', 'b.bin', 'c.bin']) writeRandomFile(join(local, name), FILE);
  const remoteDir = join(world.sshd.root, `at-once-${Date.now()}`);
  mkdirSync(remoteDir);
  const started = await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir });
  const jobId = value<{ jobIds: string[] }>(started).jobIds[0] as string;
  return { jobId, local, landed: join(remoteDir, basename(local)) };
}

function finished(app: TestApp, jobId: string): Promise<{ job: { state: string } }> {
  return app.nextEvent<{ job: { id: string; state: string } }>(
    'transfers:stateChanged',
    (p) => p.job.id === jobId && ['done', 'failed', 'cancelled'].includes(p.job.state),
  );
}

/** The job's progress reports among the app's events numbered from `from` up to `to`. */
function reports(app: TestApp, jobId: string, from = 0, to = app.events.length): Progress[] {
  return app.events
    .slice(from, to)
    .filter((e) => e.channel === 'transfers:progress')
    .map((e) => e.payload as { jobId: string; progress: Progress })
    .filter((p) => p.jobId === jobId)
    .map((p) => p.progress);
}

/** Bytes moved of files not finished yet: above one file's size, two files were moving. */
const unfinished = (p: Progress): number => p.bytesDone - p.filesDone * FILE;

describe('files at once', () => {
  it('moves one file at a time when the stored setting says 1 at start-up', async () => {
    const first = start();
    const stored = { simultaneousTransfers: 1, bandwidthLimit: 4 * MiB };
    value(await first.call('settings:update', stored));
    const restart = await quit(first);

    // No settings:update in this run: only the start-up reading can hold the files to one.
    const app = start(restart);
    expect(value(await app.call('settings:get'))).toMatchObject(stored);
    const upload = await uploadThree(app, await connect(app));
    expect((await finished(app, upload.jobId)).job.state).toBe('done');

    const seen = reports(app, upload.jobId);
    // Seen mid-file several times, so the check below looked at files on their way.
    expect(seen.filter((p) => unfinished(p) > 0).length).toBeGreaterThan(2);
    expect(Math.max(...seen.map(unfinished))).toBeLessThanOrEqual(FILE);
    expect(await treeDigest(upload.landed)).toEqual(await treeDigest(upload.local));
  });

  it('moves two files side by side as soon as it is raised from 1 to 2', async () => {
    const app = start();
    const one = { simultaneousTransfers: 1, bandwidthLimit: 2 * MiB };
    value(await app.call('settings:update', one));
    const upload = await uploadThree(app, await connect(app));
    const ended = finished(app, upload.jobId);
    // Raised once the first file is done and the second a quarter on its way: long enough
    // held to one for the check below to catch files moving side by side.
    const secondUnderWay = app.nextEvent<{ jobId: string; progress: Progress }>(
      'transfers:progress',
      (p) =>
        p.jobId === upload.jobId && p.progress.filesDone === 1 && unfinished(p.progress) > FILE / 4,
    );
    const endedFirst = ended.then(() => 'ended before the second file was under way');
    expect(await Promise.race([secondUnderWay.then(() => 'under way'), endedFirst])).toBe(
      'under way',
    );

    const raisedAt = app.events.length;
    value(await app.call('settings:update', { simultaneousTransfers: 2 }));
    expect((await ended).job.state).toBe('done');

    const held = reports(app, upload.jobId, 0, raisedAt);
    expect(held.length).toBeGreaterThan(0);
    expect(Math.max(...held.map(unfinished))).toBeLessThanOrEqual(FILE);
    // The second file was a quarter done: the third ran beside it from the change on.
    expect(Math.max(...reports(app, upload.jobId, raisedAt).map(unfinished))).toBeGreaterThan(FILE);
    expect(await treeDigest(upload.landed)).toEqual(await treeDigest(upload.local));
  });

  it('runs one job at a time at 1, so no waiting file shows as being sent', async () => {
    const app = start();
    const one = { simultaneousTransfers: 1, bandwidthLimit: 8 * MiB };
    value(await app.call('settings:update', one));
    const sessionId = await connect(app);
    const local = tempDir();
    const files = ['a.bin', 'b.bin', 'c.bin'].map((name) => join(local, name));
    for (const file of files) writeRandomFile(file, FILE);
    const remoteDir = join(world.sshd.root, `one-job-${Date.now()}`);
    mkdirSync(remoteDir);
    // Three files dropped at once: three jobs.
    const started = await app.call('transfers:upload', { sessionId, localPaths: files, remoteDir });
    const jobIds = value<{ jobIds: string[] }>(started).jobIds;
    expect(jobIds).toHaveLength(3);
    for (const jobId of jobIds) expect((await finished(app, jobId)).job.state).toBe('done');

    const running = new Set<string>();
    let most = 0;
    for (const e of app.events.filter((x) => x.channel === 'transfers:stateChanged')) {
      const { job } = e.payload as { job: { id: string; state: string } };
      if (job.state === 'running') running.add(job.id);
      else running.delete(job.id);
      most = Math.max(most, running.size);
    }
    expect(most).toBe(1);
    for (const file of files) {
      expect(await sha256File(join(remoteDir, basename(file)))).toBe(await sha256File(file));
    }
  });

  it('refuses 0, 11 and 2.5, keeping the stored value', async () => {
    const app = start();
    value(await app.call('settings:update', { simultaneousTransfers: 3 }));
    for (const bad of [0, 11, 2.5]) {
      const refused = await app.call('settings:update', { simultaneousTransfers: bad });
      expect(refused, String(bad)).toMatchObject({
        ok: false,
        error: { code: 'IPC_INVALID_REQUEST' },
      });
    }
    expect(value(await app.call('settings:get'))).toMatchObject({ simultaneousTransfers: 3 });
  });
});
