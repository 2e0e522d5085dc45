import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/session.ts';
import { cliConnection, runCli } from '../helpers/cli.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';

// Issue 3 end to end: the command line encrypts on upload and decrypts on download against
// the suite's sshd, and the real gpg is the other party both ways.
describe('OpenPGP in the transfer path, through the command line', () => {
  let sshd: Sshd;
  let gpg: Gpg;
  let base: string[];
  const env = { PYPLAN_TRANSFER_HOME: tempDir() };

  beforeAll(async () => {
    sshd = await startSshd();
    gpg = createGpg();
    gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
    gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
    base = cliConnection(sshd, sshd.clientKeyPath);
  });
  afterAll(async () => {
    gpg?.dispose();
    await sshd?.stop();
  });

  it('encrypts on upload, signed; gpg decrypts the server copy byte for byte', async () => {
    const work = tempDir();
    const plain = join(work, 'ledger.csv');
    writeFileSync(plain, 'account,amount\n4000,125.50\n'.repeat(20_000));
    mkdirSync(join(sshd.root, 'inbox'));
    const run = await runCli(
      [
        ...base,
        'put',
        plain,
        join(sshd.root, 'inbox'),
        '--encrypt-to',
        join(PGP_KEYS, 'platform-ed25519.pub.asc'),
        '--sign-with',
        join(PGP_KEYS, 'analyst-rsa.sec.asc'),
        '--sign-passphrase-env',
        'ANALYST_PASS',
      ],
      { ...env, ANALYST_PASS: FIXTURE_PASSPHRASE },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Only the encrypted copy reached the server: never the plaintext.
    expect(readdirSync(join(sshd.root, 'inbox'))).toEqual(['ledger.csv.pgp']);
    const remote = join(sshd.root, 'inbox', 'ledger.csv.pgp');
    expect(readFileSync(remote).includes(Buffer.from('account,amount'))).toBe(false);
    const out = gpg.run(['--decrypt', remote]);
    expect(out.status).toBe(0);
    expect(out.stdout.equals(readFileSync(plain))).toBe(true);
    expect(out.stderr).toMatch(/Good signature/);
    const packets = gpg.ok(['--list-packets', remote]).toString();
    expect(packets).toMatch(/mdc_method: 2|encrypted data packet/);
    expect(packets).not.toMatch(/aead/i);
  });

  it('refuses an expired or sign-only key before anything reaches the server', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'a.csv'), 'x\n');
    for (const key of ['expired.pub.asc', 'signonly.pub.asc']) {
      const target = join(sshd.root, `refused-${key}`);
      mkdirSync(target);
      const run = await runCli(
        [...base, 'put', join(work, 'a.csv'), target, '--encrypt-to', join(PGP_KEYS, key)],
        env,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        key.startsWith('expired') ? /has expired/ : /cannot be used for encryption/,
      );
      expect(readdirSync(target)).toEqual([]);
    }
  });

  it('decrypts a gpg-made download into the name without .gpg and names the signer', async () => {
    const work = tempDir();
    const plain = join(work, 'results.csv');
    writeFileSync(plain, 'scenario,value\nbase,1\n');
    const encrypted = join(sshd.root, 'results.csv.gpg');
    gpg.ok(['--encrypt', '--recipient', 'analyst', '--output', encrypted, plain]);
    const down = tempDir();
    const run = await runCli(
      [
        ...base,
        'get',
        encrypted,
        down,
        '--decrypt',
        '--decrypt-key',
        join(PGP_KEYS, 'analyst-rsa.sec.asc'),
        '--decrypt-passphrase-env',
        'ANALYST_PASS',
      ],
      { ...env, ANALYST_PASS: FIXTURE_PASSPHRASE },
    );
    expect(run.code).toBe(0);
    expect(readdirSync(down)).toEqual(['results.csv']);
    expect(readFileSync(join(down, 'results.csv'))).toEqual(readFileSync(plain));
    expect(run.stderr).toContain('not signed');
  });

  it('reports a wrong decryption key plainly and keeps the encrypted download', async () => {
    const encrypted = join(PGP_KEYS, 'report.csv.gpg');
    copyFileSync(encrypted, join(sshd.root, 'report.csv.gpg'));
    const down = tempDir();
    const run = await runCli(
      [
        ...base,
        'get',
        join(sshd.root, 'report.csv.gpg'),
        down,
        '--decrypt',
        '--decrypt-key',
        join(PGP_KEYS, 'analyst-rsa.sec.asc'),
        '--decrypt-passphrase-env',
        'ANALYST_PASS',
      ],
      { ...env, ANALYST_PASS: FIXTURE_PASSPHRASE },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/None of your keys can decrypt this file/);
    expect(existsSync(join(down, 'report.csv.gpg'))).toBe(true);
    expect(existsSync(join(down, 'report.csv'))).toBe(false);
  });
});
