import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EphemeralSecretBox } from '../../electron/services/profiles/secretBox.ts';
import { MemoryKeyValueStore } from '../../electron/services/profiles/stores.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp, value } from './testServices.ts';

// Decrypting downloads with a passphrase-protected secret key: the handlers the window calls,
// the real services and worker, the suite's sshd, and files encrypted by the real gpg.
const ANALYST = 'A8081660973D238342A36E3E6F943E16D8772A1C';
const ANALYST_UID = 'Fixture RSA Analyst <analyst@example.com>';
const WRONG = 'battery-staple';

let sshd: Sshd;
let gpg: Gpg;
let store: MemoryKeyValueStore;
let secrets: EphemeralSecretBox;
let app: TestApp;
const others: TestApp[] = [];
beforeAll(async () => {
  sshd = await startSshd();
  gpg = createGpg();
  gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
});
afterAll(async () => {
  gpg?.dispose();
  await sshd?.stop();
});
beforeEach(() => {
  store = new MemoryKeyValueStore();
  secrets = new EphemeralSecretBox();
  app = createTestApp({ store, secrets });
});
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
  await app.close();
});

interface Job {
  id: string;
  state: string;
  error?: { code: string; details?: Record<string, unknown> };
  pgp: { action: string; state: string };
}
interface Prompt {
  promptId: string;
  fingerprint: string;
  userId?: string;
  fileName?: string;
  wrong: boolean;
}

/** The analyst's secret key in the app's keyring, and a session that decrypts downloads. */
async function setUp(on: TestApp, importKey = true) {
  if (importKey) {
    value(await on.call('pgp:importKey', { path: join(PGP_KEYS, 'analyst-rsa.sec.asc') }));
  }
  const profile = value<{ id: string }>(
    await on.call('profiles:save', {
      name: 'Pyplan',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      key: { kind: 'path', path: sshd.clientKeyPath },
      pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: true },
    }),
  );
  // A later run shares the first one's known_hosts and is not asked.
  void on
    .nextEvent<{ promptId: string }>('ssh:hostKeyPrompt')
    .then((p) => on.call('ssh:answerHostKey', { promptId: p.promptId, trust: true }));
  const session = value<{ sessionId: string; startPath: string }>(
    await on.call('connection:connect', { profileId: profile.id }),
  );
  value(await on.call('local:mkdir', { path: join(on.home, 'in') }));
  return { ...session, target: join(on.home, 'in') };
}

/** A file on the server, encrypted by gpg to the analyst's key. */
function serverFile(dir: string, name: string, text: string): string {
  const plain = join(gpg.home, name);
  writeFileSync(plain, text);
  gpg.ok(['--encrypt', '--recipient', ANALYST, '--output', join(dir, `${name}.gpg`), plain]);
  return `${dir}/${name}.gpg`;
}

async function download(on: TestApp, sessionId: string, remote: string, target: string) {
  const { jobIds } = value<{ jobIds: string[] }>(
    await on.call('transfers:download', { sessionId, remotePaths: [remote], localDir: target }),
  );
  return jobIds[0] as string;
}

const finished = (on: TestApp, id: string) =>
  on
    .nextEvent<{ job: Job }>(
      'transfers:stateChanged',
      (p) => p.job.id === id && ['done', 'failed', 'cancelled'].includes(p.job.state),
    )
    .then((p) => p.job);

const prompts = (on: TestApp) => on.events.filter((e) => e.channel === 'pgp:passphrasePrompt');

/** Starts downloading `remote`; `asked` is the passphrase question it raises. */
async function downloadAsking(on: TestApp, sessionId: string, remote: string, target: string) {
  const asked = on.nextEvent<Prompt & { kind?: string }>('pgp:passphrasePrompt');
  const jobId = await download(on, sessionId, remote, target);
  return { jobId, asked, done: finished(on, jobId) };
}

/** Retries a failed job and gives the right passphrase when it asks again; answers its end. */
async function retryAnswering(on: TestApp, jobId: string) {
  const asked = on.nextEvent<Prompt>('pgp:passphrasePrompt');
  const done = finished(on, jobId);
  value(await on.call('transfers:retry', { jobId, conflict: 'overwrite' }));
  value(await answer(on, (await asked).promptId, FIXTURE_PASSPHRASE));
  return done;
}

/** Answers a question: with the passphrase given, or as Cancel does when none is. */
function answer(on: TestApp, promptId: string, passphrase?: string, remember?: boolean) {
  return on.call('pgp:answerPassphrase', {
    promptId,
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(remember === undefined ? {} : { remember }),
  });
}

describe('decrypting downloads with a passphrase-protected key', () => {
  it('asks once, naming the key, refuses a wrong answer, then decrypts', async () => {
    const { sessionId, startPath, target } = await setUp(app);
    const remote = serverFile(startPath, 'q3.csv', 'month,revenue\n2026-09,1250000\n');
    const { jobId, asked, done } = await downloadAsking(app, sessionId, remote, target);

    const prompt = await asked;
    expect(prompt).toMatchObject({
      fingerprint: ANALYST,
      userId: ANALYST_UID,
      fileName: 'q3.csv.gpg',
      wrong: false,
    });
    const job = value<Job[]>(await app.call('transfers:list')).find((j) => j.id === jobId);
    expect(job).toMatchObject({ state: 'running', pgp: { state: 'pending' } });

    // Wrong: refused, and the same prompt stays open for another try.
    const wrong = await answer(app, prompt.promptId, WRONG);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PGP_PASSPHRASE_WRONG' } });
    const right = await answer(app, prompt.promptId, FIXTURE_PASSPHRASE);
    expect(right).toEqual({ ok: true, value: { remembered: false } });
    expect(await done).toMatchObject({ state: 'done', pgp: { state: 'done' } });
    expect(readdirSync(target)).toEqual(['q3.csv']);
    expect(readFileSync(join(target, 'q3.csv'), 'utf8')).toBe('month,revenue\n2026-09,1250000\n');

    // The key stays unlocked for this run: the next file needs no question.
    const next = serverFile(startPath, 'q4.csv', 'month,revenue\n2026-12,990000\n');
    expect(await finished(app, await download(app, sessionId, next, target))).toMatchObject({
      state: 'done',
    });
    expect(readFileSync(join(target, 'q4.csv'), 'utf8')).toBe('month,revenue\n2026-12,990000\n');
    expect(prompts(app)).toHaveLength(1);

    // Not remembered, and never written to the logs.
    expect(store.get('pgpPassphrases')).toBeUndefined();
    const logs = app.logger.lines.join('\n');
    expect(logs).not.toContain(FIXTURE_PASSPHRASE);
    expect(logs).not.toContain(WRONG);
  });

  it('leaves the file encrypted when the user cancels, and asks again on retry', async () => {
    const { sessionId, startPath, target } = await setUp(app);
    const remote = serverFile(startPath, 'payroll.csv', 'id,amount\n7,100\n');
    const started = await downloadAsking(app, sessionId, remote, target);
    const { jobId } = started;
    value(await answer(app, (await started.asked).promptId));
    expect(await started.done).toMatchObject({
      state: 'failed',
      error: { code: 'PGP_PASSPHRASE_REQUIRED' },
      pgp: { state: 'failed' },
    });
    expect(readdirSync(target)).toEqual(['payroll.csv.gpg']);

    expect(await retryAnswering(app, jobId)).toMatchObject({ state: 'done' });
    expect(readdirSync(target)).toEqual(['payroll.csv']);
  });

  it('withdraws the question when its job is cancelled', async () => {
    const { sessionId, startPath, target } = await setUp(app);
    const remote = serverFile(startPath, 'cancel-me.csv', 'x\n');
    const { jobId, asked, done } = await downloadAsking(app, sessionId, remote, target);
    const prompt = await asked;
    const closed = app.nextEvent<{ promptId: string }>('pgp:passphraseClosed');
    value(await app.call('transfers:cancel', { jobId }));
    expect(await closed).toEqual({ promptId: prompt.promptId });
    expect(await done).toMatchObject({ state: 'cancelled' });
    const late = await answer(app, prompt.promptId, FIXTURE_PASSPHRASE);
    expect(late).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lets the other jobs run while two wait for the same question', async () => {
    const { sessionId, startPath, target } = await setUp(app);
    const first = serverFile(startPath, 'jan.csv', 'month\n2026-01\n');
    const second = serverFile(startPath, 'feb.csv', 'month\n2026-02\n');
    writeFileSync(join(startPath, 'plain.csv'), 'not encrypted\n');
    const asked = app.nextEvent<Prompt>('pgp:passphrasePrompt');
    // Two jobs run at once in the app: both encrypted downloads start first, then wait.
    const { jobIds } = value<{ jobIds: string[] }>(
      await app.call('transfers:download', {
        sessionId,
        remotePaths: [first, second, `${startPath}/plain.csv`],
        localDir: target,
      }),
    );
    const [jan, feb, plain] = jobIds as [string, string, string];
    const ended = [jan, feb].map((id) => finished(app, id));
    const prompt = await asked;

    // The plain file goes through while the question is open.
    expect(await finished(app, plain)).toMatchObject({ state: 'done' });
    const waiting = value<Job[]>(await app.call('transfers:list'));
    expect(waiting.filter((j) => j.state === 'running').map((j) => j.id)).toEqual(
      expect.arrayContaining([jan, feb]),
    );
    value(await answer(app, prompt.promptId, FIXTURE_PASSPHRASE));
    for (const job of await Promise.all(ended)) expect(job).toMatchObject({ state: 'done' });
    expect(readdirSync(target).sort()).toEqual(['feb.csv', 'jan.csv', 'plain.csv']);
    expect(prompts(app)).toHaveLength(1);
  });

  it('keeps a job waiting for its passphrase over a quit, and asks after restart', async () => {
    const { sessionId, startPath } = await setUp(app);
    // Beside the data folder: quitting removes the app's home, a restart keeps this.
    const target = join(dirname(app.dataDir), 'kept');
    mkdirSync(target);
    const remote = serverFile(startPath, 'quit.csv', 'q\n');
    const { jobId, asked } = await downloadAsking(app, sessionId, remote, target);
    await asked;
    await app.quit();
    const later = createTestApp({ store, secrets, dataDir: app.dataDir });
    app = later;
    expect(value<Job[]>(await later.call('transfers:list'))).toMatchObject([
      { id: jobId, state: 'waiting', pgp: { state: 'pending' } },
    ]);

    const again = later.nextEvent<Prompt>('pgp:passphrasePrompt');
    const done = finished(later, jobId);
    // The same profile as before: its jobs go only to its own server.
    const [profile] = value<Array<{ id: string }>>(await later.call('profiles:list'));
    value(await later.call('connection:connect', { profileId: profile?.id }));
    value(await answer(later, (await again).promptId, FIXTURE_PASSPHRASE));
    expect(await done).toMatchObject({ state: 'done' });
    expect(readFileSync(join(target, 'quit.csv'), 'utf8')).toBe('q\n');
  });

  it('remembers it sealed only when asked, across runs, until the key goes', async () => {
    const { sessionId, startPath, target } = await setUp(app);
    const remote = serverFile(startPath, 'keep.csv', 'a\n');
    const { asked, done } = await downloadAsking(app, sessionId, remote, target);
    const answered = await answer(app, (await asked).promptId, FIXTURE_PASSPHRASE, true);
    expect(answered).toEqual({ ok: true, value: { remembered: true } });
    expect(await done).toMatchObject({ state: 'done' });
    const saved = store.get('pgpPassphrases') as Record<string, string>;
    expect(Object.keys(saved)).toEqual([ANALYST]);
    expect(store.toJSON()).not.toContain(FIXTURE_PASSPHRASE);

    // A later run of the app: same settings, keychain and keyring, nothing in memory.
    const later = createTestApp({ store, secrets, overrides: { dataDir: app.dataDir } });
    others.push(later);
    const run = await setUp(later, false);
    const again = serverFile(run.startPath, 'again.csv', 'b\n');
    const job = await finished(later, await download(later, run.sessionId, again, run.target));
    expect(job).toMatchObject({ state: 'done' });
    expect(prompts(later)).toHaveLength(0);

    // Deleting the key forgets its passphrase.
    value(await later.call('pgp:deleteKey', { fingerprint: ANALYST }));
    expect(store.get('pgpPassphrases')).toEqual({});
    expect(existsSync(join(run.target, 'again.csv'))).toBe(true);
  });
});

describe('decrypting a download encrypted with a passphrase only', () => {
  /** The fixture encrypted to no key (AES-256, the fixtures' passphrase), on the server. */
  function symmetricFile(dir: string, name: string): string {
    writeFileSync(join(dir, name), readFileSync(join(PGP_KEYS, 'report.symmetric.csv.gpg')));
    return `${dir}/${name}`;
  }

  it('asks for the file’s passphrase, says so plainly when wrong, then decrypts', async () => {
    // No secret key in the keyring at all: only the file's passphrase can open it.
    const { sessionId, startPath, target } = await setUp(app, false);
    const remote = symmetricFile(startPath, 'report.csv.gpg');
    const started = await downloadAsking(app, sessionId, remote, target);
    const { done } = started;

    const first = await started.asked;
    expect(first).toEqual({
      promptId: first.promptId,
      kind: 'file',
      fileName: 'report.csv.gpg',
      wrong: false,
    });
    // A wrong passphrase cannot be checked before decrypting: the decryption says so by
    // asking again, for the same file, marked wrong. The file stays as it was.
    const asked = app.nextEvent<Prompt & { kind: string }>('pgp:passphrasePrompt');
    value(await answer(app, first.promptId, WRONG));
    const second = await asked;
    expect(second).toMatchObject({ kind: 'file', fileName: 'report.csv.gpg', wrong: true });
    expect(readdirSync(target)).toEqual(['report.csv.gpg']);

    const right = await answer(app, second.promptId, FIXTURE_PASSPHRASE, true);
    // A file's passphrase is never stored, even when asked to.
    expect(right).toEqual({ ok: true, value: { remembered: false } });
    expect(await done).toMatchObject({ state: 'done', pgp: { state: 'done' } });
    expect(readdirSync(target)).toEqual(['report.csv']);
    expect(readFileSync(join(target, 'report.csv'))).toEqual(
      readFileSync(join(PGP_KEYS, 'report.csv')),
    );
    expect(store.get('pgpPassphrases')).toBeUndefined();

    // Another file under the same passphrase opens with it, without a question.
    const other = symmetricFile(startPath, 'again.csv.gpg');
    const next = await finished(app, await download(app, sessionId, other, target));
    expect(next).toMatchObject({ state: 'done' });
    expect(prompts(app)).toHaveLength(2);
    const logs = app.logger.lines.join('\n');
    expect(logs).not.toContain(FIXTURE_PASSPHRASE);
    expect(logs).not.toContain(WRONG);
  });

  it('fails as the file’s passphrase missing when refused, and asks again on retry', async () => {
    const { sessionId, startPath, target } = await setUp(app, false);
    const remote = symmetricFile(startPath, 'refused.csv.gpg');
    const started = await downloadAsking(app, sessionId, remote, target);
    const { jobId } = started;
    value(await answer(app, (await started.asked).promptId));
    expect(await started.done).toMatchObject({
      state: 'failed',
      error: { code: 'PGP_PASSPHRASE_REQUIRED', details: { symmetric: true } },
    });
    expect(readdirSync(target)).toEqual(['refused.csv.gpg']);

    expect(await retryAnswering(app, jobId)).toMatchObject({ state: 'done' });
    expect(readdirSync(target)).toEqual(['refused.csv']);
  });
});
