import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { DragDownload } from '../../electron/services/app/dragOut.ts';
import { download } from '../../electron/services/transfer/transfer.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { writeRandomFile } from '../helpers/files.ts';
import { FIXTURE_PASSPHRASE, SSH_KEYS } from '../helpers/fixtures.ts';
import { APP_CONTEXT, createTestApp, type TestApp, value } from './testServices.ts';

let sshd: Sshd;
let app: TestApp;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});
beforeEach(() => {
  app = createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function saveProfile(keyPath = sshd.clientKeyPath, extra: Record<string, unknown> = {}) {
  const profile = { name: 'Local sshd', host: sshd.host, port: sshd.port, user: sshd.user };
  const saved = await app.call('profiles:save', {
    ...profile,
    key: { kind: 'path', path: keyPath },
    ...extra,
  });
  return value<{ id: string }>(saved).id;
}

/** Answers the next host-key prompt, checking it shows the server's real fingerprint. */
function answerPrompt(trust: boolean) {
  return app
    .nextEvent<{ promptId: string; fingerprint: string }>('ssh:hostKeyPrompt')
    .then(async (prompt) => {
      expect(prompt.fingerprint).toBe(sshd.hostKeys['ssh-ed25519']?.fingerprint);
      await app.call('ssh:answerHostKey', { promptId: prompt.promptId, trust });
    });
}

async function connect(profileId: string) {
  const answered = answerPrompt(true);
  const session = value<{ sessionId: string; startPath: string }>(
    await app.call('connection:connect', { profileId }),
  );
  await answered;
  return session;
}

describe('connections', () => {
  it('asks about an unknown host key once, then connects without asking', async () => {
    const profileId = await saveProfile();
    const first = await connect(profileId);
    expect(first.startPath).toBe(sshd.root);
    const prompts = app.events.filter((e) => e.channel === 'ssh:hostKeyPrompt').length;
    const second = value<{ sessionId: string }>(
      await app.call('connection:connect', { profileId }),
    );
    expect(app.events.filter((e) => e.channel === 'ssh:hostKeyPrompt')).toHaveLength(prompts);
    expect(value<unknown[]>(await app.call('connection:list'))).toHaveLength(2);
    await app.call('connection:disconnect', { sessionId: second.sessionId });
    expect(app.events.at(-1)).toEqual({
      channel: 'connection:closed',
      payload: { sessionId: second.sessionId },
    });
  });

  it('does not connect when the user refuses the host key', async () => {
    const profileId = await saveProfile();
    const refused = answerPrompt(false);
    const result = await app.call('connection:connect', { profileId });
    await refused;
    expect(result).toMatchObject({ ok: false, error: { code: 'HOST_KEY_UNKNOWN' } });
  });

  it('asks for a key passphrase, then remembers the unlocked key for the run', async () => {
    const profileId = await saveProfile(join(SSH_KEYS, 'ed25519-openssh-encrypted.key'));
    const missing = await app.call('connection:connect', { profileId });
    expect(missing).toMatchObject({ ok: false, error: { code: 'KEY_PASSPHRASE_REQUIRED' } });
    const answered = answerPrompt(true);
    value(await app.call('connection:connect', { profileId, passphrase: FIXTURE_PASSPHRASE }));
    await answered;
    value(await app.call('connection:connect', { profileId }));
  });

  it('tests a connection step by step', async () => {
    const profileId = await saveProfile();
    const answered = answerPrompt(true);
    const ok = value<{ ok: boolean; steps: Array<{ status: string }> }>(
      await app.call('connection:test', { profileId }),
    );
    await answered;
    expect(ok.ok).toBe(true);
    expect(ok.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(value<unknown[]>(await app.call('connection:list'))).toEqual([]);
  });

  it('tests the form values of an unsaved profile without saving them', async () => {
    const before = value<unknown[]>(await app.call('profiles:list')).length;
    const profile = {
      name: 'Not saved yet',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      key: { kind: 'path', path: sshd.clientKeyPath },
    };
    const answered = answerPrompt(true);
    const ok = value<{ ok: boolean }>(await app.call('connection:test', { profile }));
    await answered;
    expect(ok.ok).toBe(true);
    expect(value<unknown[]>(await app.call('profiles:list'))).toHaveLength(before);

    const both = await app.call('connection:test', { profile, profileId: await saveProfile() });
    expect(both).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
  });

  it('names the failing step: a key the server does not accept fails at log in', async () => {
    const stranger = join(app.home, 'stranger');
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const profileId = await saveProfile(stranger);
    const answered = answerPrompt(true);
    const result = value<{
      ok: boolean;
      steps: Array<{ step: string; status: string; error?: { code: string } }>;
    }>(await app.call('connection:test', { profileId }));
    await answered;
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'reach:ok',
      'hostKey:ok',
      'login:failed',
      'sftp:skipped',
      'list:skipped',
    ]);
    expect(result.steps[2]?.error?.code).toBe('AUTH_FAILED');
  });

  it('forgets a saved host key only after main asks, naming the old fingerprint', async () => {
    const profileId = await saveProfile();
    await connect(profileId);
    const knownHosts = join(app.dataDir, 'known_hosts');
    const saved = readFileSync(knownHosts, 'utf8');
    const fingerprint = sshd.hostKeys['ssh-ed25519']?.fingerprint;

    // A page that asks alone (nobody confirms in main's dialog) changes nothing.
    const refused = await app.call('ssh:forgetHostKey', { profileId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readFileSync(knownHosts, 'utf8')).toBe(saved);
    expect(app.dialogs.confirmQuestions).toEqual([
      {
        host: sshd.host,
        port: sshd.port,
        keys: [{ keyType: 'ssh-ed25519', fingerprint }],
        language: 'en',
      },
    ]);
    // So the trust prompt that follows still sees a known server, not a new one.
    value(await app.call('connection:connect', { profileId }));
    expect(app.events.filter((e) => e.channel === 'ssh:hostKeyPrompt')).toHaveLength(1);

    value(await app.call('settings:update', { language: 'es' }));
    app.dialogs.confirms.push(true);
    expect(value(await app.call('ssh:forgetHostKey', { profileId }))).toEqual({ removed: 1 });
    expect(app.dialogs.confirmQuestions[1]?.language).toBe('es');
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(saved.trim());

    // Nothing saved any more: nothing to confirm, nothing removed.
    expect(value(await app.call('ssh:forgetHostKey', { profileId }))).toEqual({ removed: 0 });
    expect(app.dialogs.confirmQuestions).toHaveLength(2);
  });

  it('reports a dropped link as connection:closed with CONNECTION_LOST', async () => {
    const { sessionId } = await connect(await saveProfile());
    const closed = app.nextEvent<{ sessionId: string; error?: { code: string } }>(
      'connection:closed',
    );
    expect(sshd.dropConnections()).toBe(1);
    expect(await closed).toMatchObject({ sessionId, error: { code: 'CONNECTION_LOST' } });
    const after = await app.call('sftp:list', { sessionId, path: '.' });
    expect(after).toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
  });
});

describe('remote files and transfers', () => {
  it('says a download is reconnecting while its link comes back, then finishes', async () => {
    // Slow enough (the global limit) that the link drops in the middle of the file.
    value(await app.call('settings:update', { bandwidthLimit: 4 * 1024 * 1024 }));
    const { sessionId, startPath } = await connect(await saveProfile());
    const remote = join(startPath, 'reconnect.bin');
    writeRandomFile(remote, 24 * 1024 * 1024);
    const target = join(app.home, 'in');
    mkdirSync(target);
    type Job = { id: string; state: string; reconnecting?: boolean };
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:download', { sessionId, remotePaths: [remote], localDir: target }),
    );
    const jobId = jobIds[0] as string;
    const ended = app.nextEvent<{ job: Job }>(
      'transfers:stateChanged',
      (p) => p.job.id === jobId && ['done', 'failed', 'cancelled'].includes(p.job.state),
    );
    await app.nextEvent<{ jobId: string; progress: { bytesDone: number } }>(
      'transfers:progress',
      (p) => p.jobId === jobId && p.progress.bytesDone > 2 * 1024 * 1024,
    );
    const lost = app.nextEvent<{ job: Job }>(
      'transfers:stateChanged',
      (p) => p.job.id === jobId && p.job.reconnecting === true,
    );
    const back = lost.then(() =>
      app.nextEvent<{ job: Job }>(
        'transfers:stateChanged',
        (p) => p.job.id === jobId && p.job.reconnecting !== true,
      ),
    );
    // Both links drop: the browsing one and the transfer's own.
    expect(sshd.dropConnections()).toBe(2);

    expect((await lost).job).toMatchObject({ state: 'running', reconnecting: true });
    expect((await back).job.reconnecting).toBeUndefined();
    expect((await ended).job.state).toBe('done');

    // Byte for byte (Buffer.equals: a deep compare of 24 MiB is slow).
    expect(readFileSync(join(target, 'reconnect.bin')).equals(readFileSync(remote))).toBe(true);
  });

  it('makes, lists, renames and deletes remote folders and files', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    const dir = `${startPath}/reports-${Date.now()}`;
    value(await app.call('sftp:mkdir', { sessionId, path: `${dir}/2024/q1`, parents: true }));
    writeFileSync(join(dir, '2024', 'q1', 'a.csv'), 'x,y\n');
    const listed = value<Array<{ name: string; type: string }>>(
      await app.call('sftp:list', { sessionId, path: `${dir}/2024/q1` }),
    );
    expect(listed.map((e) => `${e.name}:${e.type}`)).toEqual(['a.csv:file']);
    value(await app.call('sftp:rename', { sessionId, from: `${dir}/2024`, to: `${dir}/2025` }));
    const stat = value<{ type: string }>(
      await app.call('sftp:stat', { sessionId, path: `${dir}/2025` }),
    );
    expect(stat.type).toBe('directory');
    value(await app.call('sftp:delete', { sessionId, path: `${dir}/2025/q1/a.csv`, kind: 'file' }));
    value(await app.call('sftp:delete', { sessionId, path: dir, kind: 'directory' }));
    expect(existsSync(dir)).toBe(false);
  });

  it('deletes a link to a folder (listed as a folder) without touching the folder', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    const folder = `${startPath}/linked-${Date.now()}`;
    mkdirSync(join(folder, 'inner'), { recursive: true });
    writeFileSync(join(folder, 'inner', 'ledger.csv'), 'x,y\n');
    const link = `${folder}-link`;
    symlinkSync(folder, link);
    // Even asked as a folder, as a pane showing the link's target type might ask.
    value(await app.call('sftp:delete', { sessionId, path: link, kind: 'directory' }));
    expect(existsSync(link)).toBe(false);
    expect(readFileSync(join(folder, 'inner', 'ledger.csv'), 'utf8')).toBe('x,y\n');
  });

  it('uploads and downloads as jobs with state events, skipping existing files', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    const local = join(app.home, 'budget.csv');
    writeFileSync(local, 'a,b\n1,2\n');
    const done = (id: string) =>
      app.nextEvent<{ job: { id: string; state: string } }>(
        'transfers:stateChanged',
        (p) => p.job.id === id && ['done', 'failed', 'cancelled'].includes(p.job.state),
      );
    const up = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir: startPath }),
    );
    const upDone = await done(up.jobIds[0] as string);
    expect(upDone.job).toMatchObject({ state: 'done', direction: 'upload', name: 'budget.csv' });
    expect(readFileSync(join(startPath, 'budget.csv'), 'utf8')).toBe('a,b\n1,2\n');

    const target = join(app.home, 'downloads');
    value(await app.call('local:mkdir', { path: target }));
    const down = value<{ jobIds: string[] }>(
      await app.call('transfers:download', {
        sessionId,
        remotePaths: [`${startPath}/budget.csv`],
        localDir: target,
      }),
    );
    expect((await done(down.jobIds[0] as string)).job.state).toBe('done');
    expect(readFileSync(join(target, 'budget.csv'), 'utf8')).toBe('a,b\n1,2\n');

    writeFileSync(local, 'changed');
    const again = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir: startPath }),
    );
    const skipped = await done(again.jobIds[0] as string);
    expect(skipped.job).toMatchObject({ state: 'done', warnings: [{ code: 'SKIPPED_EXISTING' }] });
    expect(readFileSync(join(startPath, 'budget.csv'), 'utf8')).toBe('a,b\n1,2\n');
    const retried = done(again.jobIds[0] as string);
    value(await app.call('transfers:retry', { jobId: again.jobIds[0], conflict: 'overwrite' }));
    expect((await retried).job).toMatchObject({ state: 'done', attempts: 2 });
    expect(readFileSync(join(startPath, 'budget.csv'), 'utf8')).toBe('changed');
    const jobs = value<Array<{ state: string }>>(await app.call('transfers:list'));
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done', 'done']);
    value(await app.call('transfers:clearFinished'));
    expect(value<unknown[]>(await app.call('transfers:list'))).toEqual([]);
  });

  it('fails a missing download with its reason; refuses PGP without recipients', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    const ids = value<{ jobIds: string[] }>(
      await app.call('transfers:download', {
        sessionId,
        remotePaths: [`${startPath}/nope.csv`],
        localDir: app.home,
      }),
    );
    const failed = await app.nextEvent<{ job: { state: string; error?: { code: string } } }>(
      'transfers:stateChanged',
      (p) => p.job.state === 'failed',
    );
    expect(failed.job.error?.code).toBe('NOT_FOUND');
    expect(ids.jobIds).toHaveLength(1);
    const pgp = await app.call('transfers:upload', {
      sessionId,
      localPaths: [join(app.home)],
      remoteDir: startPath,
      encrypt: true,
    });
    expect(pgp).toMatchObject({ ok: false, error: { code: 'PGP_NO_RECIPIENTS' } });
  });

  it('finds taken names with both sides read afresh, files and folders, both ways', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    const remote = `${startPath}/clash-${Date.now()}`;
    const local = join(app.home, 'clash');
    for (const dir of [join(remote, 'Board pack'), join(local, 'Board pack')]) {
      mkdirSync(dir, { recursive: true });
    }
    writeFileSync(join(remote, 'ledger.csv'), 'old on the server');
    writeFileSync(join(local, 'ledger.csv'), 'x');
    writeFileSync(join(local, 'fresh.csv'), 'only here');
    // Changed after any pane could have listed it: the answer has its size now.
    writeFileSync(join(local, 'ledger.csv'), '14 bytes now..');
    type Facts = Array<{
      sourcePath: string;
      source?: { type: string; size: number; modifiedMs: number };
      existing: { type: string; size: number };
    }>;
    const names = ['ledger.csv', 'fresh.csv', 'Board pack'];
    const up = value<Facts>(
      await app.call('transfers:findConflicts', {
        direction: 'upload',
        sessionId,
        sourcePaths: names.map((n) => join(local, n)),
        targetDir: remote,
      }),
    );
    expect(up.map((f) => [f.sourcePath, f.source?.type, f.existing.type])).toEqual([
      [join(local, 'ledger.csv'), 'file', 'file'],
      [join(local, 'Board pack'), 'directory', 'directory'],
    ]);
    expect(up[0]?.source?.size).toBe(14);
    expect(up[0]?.existing.size).toBe(17);

    writeFileSync(join(remote, 'ledger.csv'), 'server, changed again');
    const down = value<Facts>(
      await app.call('transfers:findConflicts', {
        direction: 'download',
        sessionId,
        sourcePaths: [`${remote}/ledger.csv`],
        targetDir: local,
      }),
    );
    expect(down).toMatchObject([{ source: { size: 21 }, existing: { size: 14 } }]);

    // Many sources: both sides are read by listing their folder, with the same answer.
    const target = join(app.home, 'clash-copy');
    mkdirSync(target);
    const many = Array.from({ length: 20 }, (_, i) => join(local, `month-${i}.csv`));
    for (const [i, path] of many.entries()) {
      writeFileSync(path, 'new'.repeat(i + 1));
      if (i % 2 === 0) writeFileSync(join(target, `month-${i}.csv`), 'old');
    }
    const copied = value<Facts>(
      await app.call('transfers:findConflicts', {
        direction: 'copy',
        sourcePaths: many,
        targetDir: target,
      }),
    );
    expect(copied).toHaveLength(10);
    expect(copied[9]).toMatchObject({
      sourcePath: join(local, 'month-18.csv'),
      source: { type: 'file', size: 57 },
      existing: { type: 'file', size: 3 },
    });
  });

  it('drags files and folders out only once every one is complete on disk', async () => {
    const { sessionId, startPath } = await connect(await saveProfile());
    writeFileSync(join(startPath, 'drag-me.txt'), 'drag contents');
    mkdirSync(join(startPath, 'Pack', 'inner'), { recursive: true });
    writeFileSync(join(startPath, 'Pack', 'inner', 'deep.csv'), 'a,b\n');
    const dragged: string[][] = [];
    const ctx = { ...APP_CONTEXT, startDrag: (paths: string[]) => void dragged.push(paths) };
    const result = await app.handlers['files:startDrag'](
      { sessionId, remotePaths: [`${startPath}/drag-me.txt`, `${startPath}/Pack`] },
      ctx,
    );
    expect(result).toEqual({ ok: true, value: null });
    expect(dragged).toHaveLength(1);
    const [file, folder] = dragged[0] as [string, string];
    expect(dirname(file)).toBe(dirname(folder));
    expect(readFileSync(file, 'utf8')).toBe('drag contents');
    expect(readFileSync(join(folder, 'inner', 'deep.csv'), 'utf8')).toBe('a,b\n');
    expect(readdirSync(dirname(file)).sort()).toEqual(['Pack', 'drag-me.txt']);

    // Refused before anything is downloaded: a missing item, two items with one name.
    const missing = await app.handlers['files:startDrag'](
      { sessionId, remotePaths: [`${startPath}/drag-me.txt`, `${startPath}/gone.txt`] },
      ctx,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const twice = await app.handlers['files:startDrag'](
      {
        sessionId,
        remotePaths: [
          `${startPath}/Pack/inner/deep.csv`,
          `${startPath}/drag-me.txt`,
          `${startPath}/Pack/inner/../inner/deep.csv`,
        ],
      },
      ctx,
    );
    expect(twice).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(dragged).toHaveLength(1);
  });

  it('shows how far a drag-out is, under the global limit, and stops it on Cancel', async () => {
    // The real download, recording what it was given.
    const given: Array<{ limit: number | undefined }> = [];
    const dragDownload: DragDownload = (session, remotePaths, dir, options) => {
      given.push({ limit: options.limiter?.bytesPerSecond });
      return download(session, remotePaths, dir, options);
    };
    await app.close();
    app = createTestApp({ overrides: { dragDownload } });
    value(await app.call('settings:update', { bandwidthLimit: 1024 * 1024 }));
    const { sessionId, startPath } = await connect(await saveProfile());
    writeRandomFile(join(startPath, 'big.bin'), 8 * 1024 * 1024);
    writeFileSync(join(startPath, 'small.txt'), 'small');
    const dragged: string[][] = [];
    type Progress = { items: number; bytesDone: number; bytesTotal: number };
    const moving = app.nextEvent<Progress>('files:dragProgress', (p) => p.bytesDone > 0);
    const result = app.handlers['files:startDrag'](
      { sessionId, remotePaths: [`${startPath}/small.txt`, `${startPath}/big.bin`] },
      { ...APP_CONTEXT, startDrag: (paths) => void dragged.push(paths) },
    );
    const progress = await moving;
    expect(progress).toMatchObject({ items: 2, bytesTotal: 8 * 1024 * 1024 + 5 });
    // The same limiter as the queue's: the app-wide limit holds for drag-outs too.
    expect(given[0]).toEqual({ limit: 1024 * 1024 });

    value(await app.call('files:cancelDrag'));
    expect(await result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(dragged).toEqual([]);
    expect(readdirSync(join(app.dataDir, '..', 'tmp'))).toEqual([]);
    // Nothing to cancel any more is no error.
    value(await app.call('files:cancelDrag'));
  });

  it('hands nothing to the OS when one item fails, and removes what was fetched', async () => {
    // The real download, except that one file's reports a failure, as a dropped server or a
    // full disk would.
    const dragDownload: DragDownload = async (session, remotePaths, dir, options) =>
      remotePaths.some((p) => p.endsWith('broken.bin'))
        ? {
            filesDone: 0,
            bytesDone: 0,
            warnings: [],
            failed: [
              { path: remotePaths[0] ?? '', error: { code: 'CONNECTION_LOST', message: 'gone' } },
            ],
          }
        : download(session, remotePaths, dir, options);
    await app.close();
    app = createTestApp({ overrides: { dragDownload } });
    const { sessionId, startPath } = await connect(await saveProfile());
    writeFileSync(join(startPath, 'fine.txt'), 'fine');
    writeFileSync(join(startPath, 'broken.bin'), 'never handed over');
    const dragged: string[][] = [];
    const result = await app.handlers['files:startDrag'](
      { sessionId, remotePaths: [`${startPath}/fine.txt`, `${startPath}/broken.bin`] },
      { ...APP_CONTEXT, startDrag: (paths) => void dragged.push(paths) },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
    expect(dragged).toEqual([]);
    expect(readdirSync(join(app.dataDir, '..', 'tmp'))).toEqual([]);
  });
});
