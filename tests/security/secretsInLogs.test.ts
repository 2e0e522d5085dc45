import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../electron/platform/fileLogger.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { FIXTURE_PASSPHRASE, SSH_KEYS } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../ipc/testServices.ts';

const ENCRYPTED_KEY = join(SSH_KEYS, 'ed25519-openssh-encrypted.key');
const PLAIN_KEY = join(SSH_KEYS, 'rsa-pem.key');

/** Lines of a private key file long enough to be recognisable if they leaked. */
function keyLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 30 && !line.startsWith('-----'));
}

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

describe('secrets never reach the logs or the renderer', () => {
  it('keeps passphrases and key text out of every log line and answer', async () => {
    const answers: unknown[] = [];
    const call = async (channel: Parameters<TestApp['call']>[0], args?: unknown) => {
      answers.push(await app.call(channel, args));
    };
    await call('profiles:importKey', { path: ENCRYPTED_KEY, passphrase: 'not-the-passphrase' });
    await call('profiles:importKey', {
      path: ENCRYPTED_KEY,
      passphrase: FIXTURE_PASSPHRASE,
      savePassphrase: true,
    });
    await call('profiles:importKey', { path: PLAIN_KEY });
    await call('profiles:importKey', { path: 12, passphrase: FIXTURE_PASSPHRASE });
    await call('profiles:save', {
      name: 'wrong port',
      host: sshd.host,
      port: 1,
      user: sshd.user,
      key: { kind: 'path', path: ENCRYPTED_KEY },
    });
    const profileId = (answers.at(-1) as { value: { id: string } }).value.id;
    await call('connection:connect', { profileId, passphrase: FIXTURE_PASSPHRASE });
    await call('connection:test', { profileId, passphrase: 'wrong-one' });
    await call('profiles:listKeys');

    const everything = [...app.logger.lines, JSON.stringify(answers), app.store.toJSON()].join(
      '\n',
    );
    expect(app.logger.lines.length).toBeGreaterThan(3);
    for (const secret of [FIXTURE_PASSPHRASE, 'not-the-passphrase', 'wrong-one']) {
      expect(everything).not.toContain(secret);
    }
    for (const line of [...keyLines(ENCRYPTED_KEY), ...keyLines(PLAIN_KEY)]) {
      expect(everything).not.toContain(line);
    }
  });
});

describe('the main log file', () => {
  it('redacts secret-named fields, key blobs and user names in home paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyplan-log-'));
    try {
      const logger = createFileLogger(dir).child('test');
      const keyText = readFileSync(PLAIN_KEY, 'utf8');
      logger.warn(`importKey: failed for ${keyText}`, {
        passphrase: FIXTURE_PASSPHRASE,
        privateKey: keyText,
        path: '/home/ana.lyst/keys/cert.pem',
      });
      logger.debug('not written at info level', { passphrase: FIXTURE_PASSPHRASE });
      const written = readFileSync(join(dir, 'main.log'), 'utf8');
      expect(written.trim().split('\n')).toHaveLength(1);
      expect(written).not.toContain(FIXTURE_PASSPHRASE);
      for (const line of keyLines(PLAIN_KEY)) expect(written).not.toContain(line);
      expect(written).not.toContain('ana.lyst');
      expect(JSON.parse(written)).toMatchObject({ level: 'warn', subsystem: 'test' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
