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

/** `get` options that decrypt with the analyst's protected key, its passphrase in ANALYST_PASS. */
const AS_ANALYST = [
  '--decrypt',
  '--decrypt-key',
  join(PGP_KEYS, 'analyst-rsa.sec.asc'),
  '--decrypt-passphrase-env',
  'ANALYST_PASS',
];
/** `get` options that decrypt with the platform's key (no passphrase). */
const AS_PLATFORM = ['--decrypt', '--decrypt-key', join(PGP_KEYS, 'platform-ed25519.sec.asc')];

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
    const run = await runCli([...base, 'get', encrypted, down, ...AS_ANALYST], {
      ...env,
      ANALYST_PASS: FIXTURE_PASSPHRASE,
    });
    expect(run.code).toBe(0);
    expect(readdirSync(down)).toEqual(['results.csv']);
    expect(readFileSync(join(down, 'results.csv'))).toEqual(readFileSync(plain));
    expect(run.stderr).toContain('not signed');
  });

  it('unwraps a signed, not encrypted download (gpg --sign) and checks its signature', async () => {
    const plain = join(tempDir(), 'rates.csv');
    writeFileSync(plain, 'currency,rate\nEUR,1.0832\n'.repeat(5_000));
    const remote = join(sshd.root, 'signed-only');
    mkdirSync(remote);
    const sign = (output: string, flags: string[] = []) =>
      gpg.ok(['--sign', '-u', 'platform', ...flags, '--output', join(remote, output), plain]);
    sign('rates.csv.gpg');
    sign('changed.csv.gpg', ['--compress-algo', 'none']);
    const changed = readFileSync(join(remote, 'changed.csv.gpg'));
    // One byte of the signed data itself, far from any packet header.
    const middle = changed.length >> 1;
    changed[middle] = (changed[middle] ?? 0) ^ 0x01;
    writeFileSync(join(remote, 'changed.csv.gpg'), changed);
    const verifyKey = ['--verify-key', join(PGP_KEYS, 'platform-ed25519.pub.asc')];
    const get = (down: string, name: string) =>
      runCli([...base, 'get', join(remote, name), down, ...AS_PLATFORM, ...verifyKey], env);

    const down = tempDir();
    const good = await get(down, 'rates.csv.gpg');
    expect(good.code, good.stderr).toBe(0);
    expect(readdirSync(down)).toEqual(['rates.csv']);
    expect(readFileSync(join(down, 'rates.csv'))).toEqual(readFileSync(plain));
    expect(good.stderr).toMatch(
      /rates\.csv: decrypted \(from rates\.csv\.gpg\); good signature from [0-9A-F]{40}/,
    );

    const badDown = tempDir();
    const bad = await get(badDown, 'changed.csv.gpg');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The signature does not match the file');
    // As for an encrypted file with a bad signature: the download is kept, no plaintext.
    expect(readdirSync(badDown)).toEqual(['changed.csv.gpg']);
  });

  it('reports a wrong decryption key plainly and keeps the encrypted download', async () => {
    const encrypted = join(PGP_KEYS, 'report.csv.gpg');
    copyFileSync(encrypted, join(sshd.root, 'report.csv.gpg'));
    const down = tempDir();
    const run = await runCli(
      [...base, 'get', join(sshd.root, 'report.csv.gpg'), down, ...AS_ANALYST],
      { ...env, ANALYST_PASS: FIXTURE_PASSPHRASE },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/None of your keys can decrypt this file/);
    // What it says is what is on disk.
    expect(run.stderr).toContain(`Kept the encrypted download at ${join(down, 'report.csv.gpg')}.`);
    expect(existsSync(join(down, 'report.csv.gpg'))).toBe(true);
    expect(existsSync(join(down, 'report.csv'))).toBe(false);
  });

  it('asks for a protected key passphrase before connecting; else names the flag', async () => {
    const work = tempDir();
    mkdirSync(join(work, 'folder'));
    writeFileSync(join(work, 'folder', 'a.csv'), 'x\n');
    const put = await runCli(
      [
        ...base,
        'put',
        '-r',
        join(work, 'folder'),
        join(sshd.root, 'never-made'),
        '--encrypt-to',
        join(PGP_KEYS, 'platform-ed25519.pub.asc'),
        '--sign-with',
        join(PGP_KEYS, 'analyst-rsa.sec.asc'),
      ],
      env,
    );
    expect(put.code).toBe(2);
    expect(put.stderr).toMatch(/protected by a passphrase.*--sign-passphrase-env/);
    expect(existsSync(join(sshd.root, 'never-made'))).toBe(false);

    copyFileSync(join(PGP_KEYS, 'report.csv.gpg'), join(sshd.root, 'locked.csv.gpg'));
    const down = tempDir();
    const get = await runCli(
      [
        ...base,
        'get',
        join(sshd.root, 'locked.csv.gpg'),
        down,
        '--decrypt',
        '--decrypt-key',
        join(PGP_KEYS, 'analyst-rsa.sec.asc'),
      ],
      env,
    );
    expect(get.code).toBe(2);
    expect(get.stderr).toMatch(/--decrypt-passphrase-env/);
    expect(readdirSync(down)).toEqual([]);

    const wrong = await runCli(
      [...base, 'get', join(sshd.root, 'locked.csv.gpg'), down, ...AS_ANALYST],
      { ...env, ANALYST_PASS: 'not it' },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The passphrase for this OpenPGP key is wrong.');
    expect(readdirSync(down)).toEqual([]);
  });

  it('refuses OpenPGP options without the one they belong to, as usage errors', async () => {
    const oneLine = (stderr: string) => {
      expect(stderr).toMatch(/^error: [^\n]+\n$/);
      return stderr;
    };
    copyFileSync(join(PGP_KEYS, 'report.csv.gpg'), join(sshd.root, 'stray.csv.gpg'));
    const down = tempDir();
    const getOptions = [
      ['--decrypt-key', join(PGP_KEYS, 'platform-ed25519.sec.asc')],
      ['--decrypt-passphrase-env', 'P'],
      ['--verify-key', join(PGP_KEYS, 'analyst-rsa.pub.asc')],
      ['--require-signature'],
    ];
    for (const extra of getOptions) {
      const args = [...base, 'get', join(sshd.root, 'stray.csv.gpg'), down, ...extra];
      const run = await runCli(args, { ...env, P: 'x' });
      expect(oneLine(run.stderr)).toContain(`${extra[0]} needs --decrypt`);
      expect(run.code).toBe(2);
    }
    // Nothing came down still encrypted, as if the option had been understood.
    expect(readdirSync(down)).toEqual([]);

    const work = tempDir();
    writeFileSync(join(work, 'a.csv'), 'x\n');
    const target = join(sshd.root, 'stray-put');
    mkdirSync(target);
    const putOptions: Array<[string[], string]> = [
      [['--sign-with', join(PGP_KEYS, 'analyst-rsa.sec.asc')], '--sign-with needs --encrypt-to'],
      [['--sign-passphrase-env', 'P'], '--sign-passphrase-env needs --sign-with'],
      [
        ['--encrypt-to', join(PGP_KEYS, 'platform-ed25519.pub.asc'), '--sign-passphrase-env', 'P'],
        '--sign-passphrase-env needs --sign-with',
      ],
    ];
    for (const [extra, reason] of putOptions) {
      const run = await runCli([...base, 'put', join(work, 'a.csv'), target, ...extra], {
        ...env,
        P: 'x',
      });
      expect(oneLine(run.stderr)).toContain(reason);
      expect(run.code).toBe(2);
    }
    expect(readdirSync(target)).toEqual([]);
  });

  it('says a missing --encrypt-to file does not exist, before connecting', async () => {
    const work = tempDir();
    writeFileSync(join(work, 'a.csv'), 'x\n');
    const run = await runCli(
      [...base, 'put', join(work, 'a.csv'), sshd.root, '--encrypt-to', join(work, 'nosuch.asc')],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`"${join(work, 'nosuch.asc')}" does not exist on this computer.`);
    expect(existsSync(join(sshd.root, 'a.csv.pgp'))).toBe(false);
  });

  it('verifies signers with the pgp keyring and --verify-key; --require-signature', async () => {
    const home = tempDir();
    const remote = join(sshd.root, 'signed');
    mkdirSync(remote);
    copyFileSync(join(PGP_KEYS, 'report.signed.csv.gpg'), join(remote, 'report.csv.gpg'));
    copyFileSync(join(PGP_KEYS, 'report.csv.gpg'), join(remote, 'unsigned.csv.gpg'));
    const get = (down: string, names: string[], extra: string[], home_ = home) =>
      runCli(
        [...base, 'get', ...names.map((n) => join(remote, n)), down, ...AS_PLATFORM, ...extra],
        { PYPLAN_TRANSFER_HOME: home_ },
      );

    const unknown = await get(tempDir(), ['report.csv.gpg'], []);
    expect(unknown.stderr).toMatch(/signed by unknown key/);

    const withFile = await get(
      tempDir(),
      ['report.csv.gpg'],
      ['--verify-key', join(PGP_KEYS, 'analyst-rsa.pub.asc')],
    );
    expect(withFile.stderr).toMatch(/good signature from [0-9A-F]{40}/);

    const imported = await runCli(['pgp', 'import', join(PGP_KEYS, 'analyst-rsa.pub.asc')], {
      PYPLAN_TRANSFER_HOME: home,
    });
    expect(imported.code).toBe(0);
    const down = tempDir();
    const known = await get(down, ['report.csv.gpg', 'unsigned.csv.gpg'], ['--require-signature']);
    // Named by the file that exists: the encrypted download is gone once decrypted.
    expect(known.stderr).toContain(
      `${join(down, 'report.csv')}: decrypted (from report.csv.gpg); good signature from`,
    );
    expect(known.stderr).toContain(
      `Kept the encrypted download at ${join(down, 'unsigned.csv.gpg')}.`,
    );
    expect(known.stderr).toContain('This file is not signed, and a signature from a known key');
    expect(known.code).toBe(1);
    // The signed file is kept; the unsigned one stays encrypted, its plaintext not kept.
    expect(readdirSync(down).sort()).toEqual(['report.csv', 'unsigned.csv.gpg']);

    const jsonDown = tempDir();
    const json = await get(
      jsonDown,
      ['report.csv.gpg', 'unsigned.csv.gpg'],
      ['--require-signature', '--json'],
    );
    const files = (JSON.parse(json.stdout) as { files: Array<{ path: string; pgp: unknown }> })
      .files;
    const pgpOf = (name: string) => files.find((f) => f.path === name)?.pgp;
    expect(pgpOf('report.csv.gpg')).toEqual({
      decrypted: true,
      output: join(jsonDown, 'report.csv'),
      signature: {
        status: 'signed',
        fingerprint: expect.stringMatching(/^[0-9A-F]{40}$/i),
        keyId: expect.any(String),
        userId: expect.stringContaining('analyst'),
      },
    });
    expect(pgpOf('unsigned.csv.gpg')).toEqual({
      decrypted: false,
      output: join(jsonDown, 'unsigned.csv.gpg'),
      signature: { status: 'not-signed' },
    });
  });

  it('refuses files that would end as one local file, before anything moves', async () => {
    const remote = join(sshd.root, 'col');
    mkdirSync(remote);
    copyFileSync(join(PGP_KEYS, 'report.csv'), join(remote, 'report.csv'));
    copyFileSync(join(PGP_KEYS, 'report.csv.gpg'), join(remote, 'report.csv.gpg'));
    copyFileSync(join(PGP_KEYS, 'report.csv.asc'), join(remote, 'report.csv.asc'));
    const down = tempDir();
    writeFileSync(join(down, 'report.csv'), 'mine\n');
    const names = ['report.csv', 'report.csv.gpg', 'report.csv.asc'];
    const run = await runCli(
      [...base, 'get', ...names.map((n) => join(remote, n)), down, ...AS_PLATFORM],
      env,
    );
    // Refused as the command's input, as other invalid arguments are.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(remote, 'report.csv')} and ${join(remote, 'report.csv.gpg')} would both be saved` +
        ` as ${join(down, 'report.csv')}`,
    );
    expect(readdirSync(down)).toEqual(['report.csv']);
    expect(readFileSync(join(down, 'report.csv'), 'utf8')).toBe('mine\n');
  });

  it('replaces an existing decrypted file, as get replaces files', async () => {
    copyFileSync(join(PGP_KEYS, 'report.csv.gpg'), join(sshd.root, 'again.csv.gpg'));
    const down = tempDir();
    writeFileSync(join(down, 'again.csv'), 'old contents\n');
    const run = await runCli(
      [...base, 'get', join(sshd.root, 'again.csv.gpg'), down, ...AS_PLATFORM],
      env,
    );
    expect(run.code).toBe(0);
    expect(readFileSync(join(down, 'again.csv'))).toEqual(
      readFileSync(join(PGP_KEYS, 'report.csv')),
    );
    expect(readdirSync(down)).toEqual(['again.csv']);
  });

  it('names the file passphrase: missing, then wrong', async () => {
    copyFileSync(join(PGP_KEYS, 'report.symmetric.csv.gpg'), join(sshd.root, 'sym.csv.gpg'));
    const args = (down: string) => [...base, 'get', join(sshd.root, 'sym.csv.gpg'), down];
    const keyOnly = await runCli([...args(tempDir()), ...AS_PLATFORM], env);
    // Nobody is asked mid-run: the line says where the passphrase goes, not "Enter" it.
    expect(keyOnly.stderr).toContain(
      'This file is protected by a passphrase, not by a key. Ask whoever sent it for the' +
        ' passphrase it was encrypted with. Put it in an environment variable and name that' +
        ' with --decrypt-passphrase-env.',
    );
    const down = tempDir();
    const wrong = await runCli([...args(down), '--decrypt', '--decrypt-passphrase-env', 'P'], {
      ...env,
      P: 'wrong',
    });
    expect(wrong.stderr).toContain('The passphrase for this file is wrong.');
    expect(readdirSync(down)).toEqual(['sym.csv.gpg']);
  });
});
