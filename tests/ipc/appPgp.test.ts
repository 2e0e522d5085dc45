import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/session.ts';
import { errorText } from '../../renderer/i18n/translate.ts';
import { createTestApp, type TestApp, value } from './testServices.ts';

// The desktop app's job path with OpenPGP: the same handlers the window calls, the real
// services, the suite's sshd, and the real gpg as Pyplan's side.
let sshd: Sshd;
let gpg: Gpg;
let app: TestApp;
beforeAll(async () => {
  sshd = await startSshd();
  gpg = createGpg();
  gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
  gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
});
afterAll(async () => {
  gpg?.dispose();
  await sshd?.stop();
});
beforeEach(() => {
  app = createTestApp();
});
afterEach(async () => {
  await app.close();
});

async function connectWith(pgp: Record<string, unknown>) {
  const profile = value<{ id: string }>(
    await app.call('profiles:save', {
      name: 'Pyplan',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      key: { kind: 'path', path: sshd.clientKeyPath },
      pgp,
    }),
  );
  const prompt = app
    .nextEvent<{ promptId: string }>('ssh:hostKeyPrompt')
    .then((p) => app.call('ssh:answerHostKey', { promptId: p.promptId, trust: true }));
  const session = value<{ sessionId: string; startPath: string }>(
    await app.call('connection:connect', { profileId: profile.id }),
  );
  await prompt;
  return session;
}

/** A profile that encrypts every upload to the fixture public key `keyFile`, connected. */
async function connectEncryptingTo(keyFile: string) {
  const { fingerprint } = await importKey(keyFile);
  const pgp = { recipients: [fingerprint], encryptOnUpload: true, decryptOnDownload: false };
  return { ...(await connectWith(pgp)), fingerprint };
}

async function importKey(keyFile: string): Promise<{ fingerprint: string }> {
  return value(await app.call('pgp:importKey', { path: join(PGP_KEYS, keyFile) }));
}

const finished = (id: string) =>
  app.nextEvent<{
    job: {
      id: string;
      state: string;
      pgp: unknown;
      error?: { code: string; message: string; details?: Record<string, unknown> };
      progress: { bytesDone: number; bytesTotal: number };
      failed: unknown[];
    };
  }>(
    'transfers:stateChanged',
    (p) => p.job.id === id && ['done', 'failed', 'cancelled'].includes(p.job.state),
  );

describe("OpenPGP in the app's transfer queue", () => {
  it("encrypts an upload to the profile's recipient; gpg reads the server copy", async () => {
    const { sessionId, startPath, fingerprint } = await connectEncryptingTo(
      'platform-ed25519.pub.asc',
    );
    const local = join(app.home, 'forecast.csv');
    writeFileSync(local, 'month,revenue\n2027-01,1000\n');
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', {
        sessionId,
        localPaths: [local],
        remoteDir: startPath,
        encrypt: true,
      }),
    );
    const job = (await finished(jobIds[0] as string)).job;
    expect(job.state).toBe('done');
    // The queue says whom it encrypted for, by the key's fingerprint.
    expect(job.pgp).toEqual({ action: 'encrypt', state: 'done', recipients: [fingerprint] });
    // Progress is about the user's file, not the ciphertext the server received.
    const size = readFileSync(local).length;
    expect(job.progress).toMatchObject({ bytesDone: size, bytesTotal: size });
    expect(readdirSync(startPath)).toContain('forecast.csv.pgp');
    expect(readdirSync(startPath)).not.toContain('forecast.csv');
    const out = gpg.ok(['--decrypt', join(startPath, 'forecast.csv.pgp')]);
    expect(out.equals(readFileSync(local))).toBe(true);
  });

  it("decrypts a download with the user's secret key and reports the signature", async () => {
    await importKey('platform-ed25519.sec.asc');
    const { sessionId, startPath } = await connectWith({
      recipients: [],
      encryptOnUpload: false,
      decryptOnDownload: true,
    });
    const plain = join(app.home, 'plain.csv');
    writeFileSync(plain, 'result,1\n');
    gpg.ok([
      '--encrypt',
      '--recipient',
      'platform',
      '--output',
      join(startPath, 'result.csv.gpg'),
      plain,
    ]);
    const target = join(app.home, 'down');
    value(await app.call('local:mkdir', { path: target }));
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:download', {
        sessionId,
        remotePaths: [`${startPath}/result.csv.gpg`],
        localDir: target,
        decrypt: true,
      }),
    );
    const job = (await finished(jobIds[0] as string)).job;
    expect(job.state).toBe('done');
    expect(job.pgp).toMatchObject({ action: 'decrypt', signature: 'unsigned' });
    expect(readdirSync(target)).toEqual(['result.csv']);
    expect(readFileSync(join(target, 'result.csv'), 'utf8')).toBe('result,1\n');
  });

  it('names who signed a download, by key ID until the signer is in the keyring', async () => {
    await importKey('platform-ed25519.sec.asc');
    const { sessionId, startPath } = await connectWith({
      recipients: [],
      encryptOnUpload: false,
      decryptOnDownload: true,
    });
    const remote = join(startPath, 'report.signed.csv.gpg');
    copyFileSync(join(PGP_KEYS, 'report.signed.csv.gpg'), remote);
    const target = join(app.home, 'signed');
    value(await app.call('local:mkdir', { path: target }));
    const download = async (): Promise<unknown> => {
      const { jobIds } = value<{ jobIds: string[] }>(
        await app.call('transfers:download', {
          sessionId,
          remotePaths: [remote],
          localDir: target,
          conflict: 'overwrite',
        }),
      );
      return (await finished(jobIds[0] as string)).job.pgp;
    };
    const analystKeyId = gpg.fingerprint('analyst').slice(-16);

    // The analyst's public key is not kept yet: the signature cannot be checked.
    expect(await download()).toEqual({
      action: 'decrypt',
      state: 'done',
      signature: 'unknownKey',
      signer: expect.stringMatching(new RegExp(`^${analystKeyId}$`, 'i')),
    });
    await importKey('analyst-rsa.pub.asc');
    expect(await download()).toEqual({
      action: 'decrypt',
      state: 'done',
      signature: 'valid',
      signer: 'Fixture RSA Analyst <analyst@example.com>',
    });
    expect(readFileSync(join(target, 'report.signed.csv'))).toEqual(
      readFileSync(join(PGP_KEYS, 'report.csv')),
    );
  });

  it('keeps a download it could not decrypt; a retry only decrypts it', async () => {
    const { sessionId, startPath } = await connectWith({
      recipients: [],
      encryptOnUpload: false,
      decryptOnDownload: true,
    });
    const plain = join(app.home, 'plain.csv');
    writeFileSync(plain, 'result,2\n');
    const remote = join(startPath, 'locked.csv.gpg');
    gpg.ok(['--encrypt', '--recipient', 'platform', '--output', remote, plain]);
    const target = join(app.home, 'locked');
    value(await app.call('local:mkdir', { path: target }));
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:download', { sessionId, remotePaths: [remote], localDir: target }),
    );
    const jobId = jobIds[0] as string;
    const failed = (await finished(jobId)).job;
    expect(failed).toMatchObject({ state: 'failed', pgp: { action: 'decrypt', state: 'failed' } });
    expect(readdirSync(target)).toEqual(['locked.csv.gpg']);
    // The job says the file is there, encrypted, rather than that it was not copied.
    expect(failed.failed).toEqual([
      {
        path: 'locked.csv.gpg',
        error: expect.objectContaining({ code: expect.stringMatching(/^PGP_/) }),
        kept: join(target, 'locked.csv.gpg'),
      },
    ]);

    // The user adds their key. The server copy is gone by now: only decryption is repeated.
    await importKey('platform-ed25519.sec.asc');
    rmSync(remote);
    const done = finished(jobId);
    value(await app.call('transfers:retry', { jobId }));
    expect((await done).job).toMatchObject({ state: 'done', pgp: { state: 'done' } });
    expect(readdirSync(target)).toEqual(['locked.csv']);
    expect(readFileSync(join(target, 'locked.csv'), 'utf8')).toBe('result,2\n');
  });

  it('resumes an encrypted upload after a restart, never sending plaintext', async () => {
    const { sessionId, startPath } = await connectEncryptingTo('platform-ed25519.pub.asc');
    value(await app.call('settings:update', { bandwidthLimit: 1024 * 1024 }));
    const local = join(tempDir(), 'payroll.bin');
    writeFileSync(local, randomBytes(3 * 1024 * 1024));
    const target = join(startPath, `restart-${Date.now()}`);
    mkdirSync(target);
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir: target }),
    );
    const jobId = jobIds[0] as string;
    await app.nextEvent<{ jobId: string; progress: { bytesDone: number } }>(
      'transfers:progress',
      (p) => p.jobId === jobId && p.progress.bytesDone > 512 * 1024,
    );
    const restart = { dataDir: app.dataDir, store: app.store };
    await app.quit();

    // The app starts again (the same data folder): the job waits for its profile.
    app = createTestApp(restart);
    value(await app.call('settings:update', { bandwidthLimit: 0 }));
    const [waiting] = value<Array<{ id: string; state: string; profileId: string }>>(
      await app.call('transfers:list'),
    );
    expect(waiting).toMatchObject({ id: jobId, state: 'waiting' });
    const temp = `.pgp.${jobId.slice(0, 8)}.pyplan-upload`;
    expect(readdirSync(target).filter((n) => !n.endsWith(temp))).toEqual([]);
    const done = finished(jobId);
    value(await app.call('connection:connect', { profileId: waiting?.profileId }));
    const job = (await done).job;
    expect(job).toMatchObject({ state: 'done', pgp: { action: 'encrypt', state: 'done' } });
    expect(readdirSync(target)).toEqual(['payroll.bin.pgp']);
    const out = gpg.ok(['--decrypt', join(target, 'payroll.bin.pgp')]);
    expect(out.equals(readFileSync(local))).toBe(true);
  });

  it('fails an upload to an expired recipient before anything reaches the server', async () => {
    const { sessionId, startPath } = await connectEncryptingTo('expired.pub.asc');
    const local = join(app.home, 'secret.csv');
    writeFileSync(local, 'do not leak\n');
    const before = readdirSync(startPath);
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', {
        sessionId,
        localPaths: [local],
        remoteDir: startPath,
        encrypt: true,
      }),
    );
    const job = (await finished(jobIds[0] as string)).job;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('PGP_KEY_EXPIRED');
    expect(readdirSync(startPath)).toEqual(before);
    // Named as the key list names it: user ID and the short fingerprint, not 40 hex digits.
    const error = job.error as { code: 'PGP_KEY_EXPIRED'; message: string };
    expect(errorText('en', error)).toBe(
      'The OpenPGP key “Fixture Expired <expired@example.com>” (28C6 A6D2 D582 6C72) has' +
        ' expired.',
    );
    expect(errorText('es', error)).toBe(
      'La clave OpenPGP «Fixture Expired <expired@example.com>» (28C6 A6D2 D582 6C72) está' +
        ' vencida.',
    );
  });

  it('refuses a sign-only recipient by its name, before anything reaches the server', async () => {
    const { sessionId, startPath } = await connectEncryptingTo('signonly.pub.asc');
    const local = join(app.home, 'secret.csv');
    writeFileSync(local, 'do not leak\n');
    const before = readdirSync(startPath);
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir: startPath }),
    );
    const job = (await finished(jobIds[0] as string)).job;
    expect(job.error).toMatchObject({
      code: 'PGP_KEY_CANNOT_ENCRYPT',
      details: { userId: 'Fixture Sign Only <signonly@example.com>' },
    });
    expect(errorText('en', job.error as { code: 'PGP_KEY_CANNOT_ENCRYPT'; message: '' })).toBe(
      'The OpenPGP key “Fixture Sign Only <signonly@example.com>” (5527 9688 D17B DCAF)' +
        ' cannot be used for encryption (it can only sign).',
    );
    expect(readdirSync(startPath)).toEqual(before);
  });

  it('refuses uploads to a deleted key plainly, never sending plaintext', async () => {
    const { sessionId, startPath, fingerprint } = await connectEncryptingTo(
      'platform-ed25519.pub.asc',
    );
    value(await app.call('pgp:deleteKey', { fingerprint }));
    // The connection keeps naming the key: nothing switches it to unencrypted uploads.
    const [profile] = value<Array<{ pgp: unknown }>>(await app.call('profiles:list'));
    expect(profile?.pgp).toEqual({
      recipients: [fingerprint],
      encryptOnUpload: true,
      decryptOnDownload: false,
    });
    const local = join(app.home, 'payroll.csv');
    writeFileSync(local, 'name,salary\n');
    const before = readdirSync(startPath);
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:upload', { sessionId, localPaths: [local], remoteDir: startPath }),
    );
    const job = (await finished(jobIds[0] as string)).job;
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'PGP_KEY_NOT_FOUND', details: { fingerprint } });
    expect(readdirSync(startPath)).toEqual(before);
    const error = job.error as { code: 'PGP_KEY_NOT_FOUND'; message: string };
    expect(errorText('en', error)).toBe(
      'The OpenPGP key 7145 0356 B1A4 31CF was deleted from this app, so nothing can be' +
        ' encrypted to it. Uploads of a connection that encrypts to it are refused: choose' +
        " another key under the connection's Encryption settings.",
    );
    expect(errorText('es', error)).toContain('7145 0356 B1A4 31CF se eliminó');
  });

  it('decrypts a download encrypted by gpg to a key made in the app and exported', async () => {
    const key = value<{ fingerprint: string }>(
      await app.call('pgp:generateKey', { name: 'Ana Lyst', email: 'ana@example.com' }),
    );
    const { armored } = value<{ armored: string }>(
      await app.call('pgp:exportPublicKey', { fingerprint: key.fingerprint }),
    );
    const pyplan = createGpg();
    try {
      // Pyplan's side: imports the key the analyst sent, encrypts a result to it.
      pyplan.ok(['--import'], { input: armored });
      const { sessionId, startPath } = await connectWith({
        recipients: [],
        encryptOnUpload: false,
        decryptOnDownload: true,
      });
      const plain = join(pyplan.home, 'result.csv');
      writeFileSync(plain, 'result,3\n');
      const remote = join(startPath, 'result.csv.gpg');
      pyplan.ok(['--encrypt', '--recipient', 'ana@example.com', '--output', remote, plain]);
      const target = join(app.home, 'generated');
      value(await app.call('local:mkdir', { path: target }));
      const { jobIds } = value<{ jobIds: string[] }>(
        await app.call('transfers:download', {
          sessionId,
          remotePaths: [remote],
          localDir: target,
        }),
      );
      const job = (await finished(jobIds[0] as string)).job;
      expect(job).toMatchObject({ state: 'done', pgp: { action: 'decrypt', state: 'done' } });
      expect(readFileSync(join(target, 'result.csv'), 'utf8')).toBe('result,3\n');
    } finally {
      pyplan.dispose();
    }
  });
});
