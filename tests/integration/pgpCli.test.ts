import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPgpCommands } from '../../electron/cli/pgpCommands.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { fixturePath, FPR, writeRandomFile } from '../helpers/pgpWorld.ts';

const root = mkdtempSync(join(tmpdir(), 'pgp-cli-'));
const home = join(root, 'home');
let gpg: Gpg;

interface Outcome {
  out: string[];
  err: string[];
  code: number;
}

/** Runs `pyplan-transfer pgp ...` in-process, with its own environment. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const outcome: Outcome = { out: [], err: [], code: 0 };
  const program = new Command().exitOverride();
  registerPgpCommands(program, {
    env: { PYPLAN_KEYRING_PASSPHRASE: 'at-rest', KEY_PASS: FIXTURE_PASSPHRASE, ...env },
    homeDir: home,
    out: (line) => outcome.out.push(line),
    err: (line) => outcome.err.push(line),
    setExitCode: (code) => (outcome.code = code),
  });
  await program.parseAsync(['pgp', ...args], { from: 'user' });
  return outcome;
}

beforeAll(async () => {
  gpg = createGpg();
  gpg.ok(['--import', fixturePath('platform-ed25519.sec.asc'), fixturePath('analyst-rsa.pub.asc')]);
  const imported = await cli([
    'import',
    fixturePath('analyst-rsa.sec.asc'),
    fixturePath('platform-ed25519.pub.gpg'),
    fixturePath('expired.pub.asc'),
  ]);
  expect(imported.err).toEqual([]);
  expect(imported.out).toHaveLength(3);
  writeRandomFile(join(root, 'seed.bin'), 1);
});

afterAll(() => {
  gpg.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('pgp command line', () => {
  it('keeps keys in ~/.config/pyplan-transfer/pgp or $PYPLAN_TRANSFER_HOME/pgp', async () => {
    expect(readdirSync(join(home, '.config', 'pyplan-transfer', 'pgp'))).toContain(
      `${FPR.analyst}.sec`,
    );
    const elsewhere = join(root, 'apphome');
    await cli(['import', fixturePath('signonly.pub.asc')], { PYPLAN_TRANSFER_HOME: elsewhere });
    expect(readdirSync(join(elsewhere, 'pgp'))).toEqual([`${FPR.signonly}.pub.asc`]);
    const listed = await cli(['list', '--keyring', join(elsewhere, 'pgp')]);
    expect(listed.out).toEqual([
      expect.stringMatching(new RegExp(`^${FPR.signonly} .* sign  public  Fixture Sign Only`)),
    ]);
  });

  it('lists keys with dates, status and capabilities, also as JSON', async () => {
    const { out } = await cli(['list']);
    expect(out.join('\n')).toContain(
      `${FPR.expired}  ed25519  created 2024-01-01  expires 2024-12-31  expired`,
    );
    expect(out.join('\n')).toMatch(
      new RegExp(`${FPR.analyst}  rsa3072 .* valid  encrypt,sign  secret\\+passphrase`),
    );
    const json = JSON.parse((await cli(['list', '--json'])).out.join('\n')) as Array<{
      fingerprint: string;
    }>;
    expect(json.map((k) => k.fingerprint).sort()).toEqual(
      [FPR.platform, FPR.analyst, FPR.expired].sort(),
    );
  });

  it('encrypts and signs for gpg, naming recipients by email or key file', async () => {
    const plain = writeRandomFile(join(root, 'data.csv'), 10_000);
    const result = await cli([
      'encrypt',
      join(root, 'data.csv'),
      '-r',
      'platform@example.com',
      '-r',
      fixturePath('analyst-rsa.pub.asc'),
      '--sign',
      'analyst@example.com',
      '--passphrase-env',
      'KEY_PASS',
    ]);
    expect(result).toMatchObject({ err: [], code: 0 });
    expect(result.out).toEqual([`encrypted 10000 bytes to ${join(root, 'data.csv.pgp')}`]);
    const run = gpg.run(['--decrypt', join(root, 'data.csv.pgp')]);
    expect(run.stdout.equals(plain)).toBe(true);
    expect(run.stderr).toContain('Good signature');
  });

  it('decrypts gpg output and reports the signer', async () => {
    await cli(['import', fixturePath('platform-ed25519.sec.asc')]);
    const result = await cli([
      'decrypt',
      fixturePath('report.signed.csv.gpg'),
      '-o',
      join(root, 'report.csv'),
      '--passphrase-env',
      'KEY_PASS',
    ]);
    expect(result.err).toEqual([]);
    expect(result.out[0]).toContain(`good signature from ${FPR.analyst}`);
    expect(
      readFileSync(join(root, 'report.csv')).equals(readFileSync(fixturePath('report.csv'))),
    ).toBe(true);
  });

  it('generates a key and exports it for gpg to import', async () => {
    const generated = await cli([
      'generate',
      '--name',
      'Cli User',
      '--email',
      'cli@example.com',
      '--passphrase-env',
      'KEY_PASS',
    ]);
    expect(generated.out[0]).toMatch(
      /^generated [0-9A-F]{40} {2}ed25519 .* secret\+passphrase {2}Cli User <cli@example.com>$/,
    );
    const exported = await cli(['export', 'cli@example.com', '-o', join(root, 'cli.asc')]);
    expect(exported.err).toEqual([]);
    gpg.ok(['--import', join(root, 'cli.asc')]);
    expect(gpg.fingerprint('cli@example.com')).toBe(generated.out[0]?.split(' ')[1]);
    const printed = await cli(['export', 'cli@example.com']);
    expect(printed.out[0]).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });

  it('prints one plain line per error, exits 1 and produces nothing', async () => {
    writeRandomFile(join(root, 'x.bin'), 10);
    const expired = await cli(['encrypt', join(root, 'x.bin'), '-r', 'expired@example.com']);
    expect(expired.err).toEqual([
      `error: ${ERROR_TEXT_EN.PGP_KEY_EXPIRED({
        fingerprint: FPR.expired,
        userId: 'Fixture Expired <expired@example.com>',
      })}`,
    ]);
    expect(expired.code).toBe(1);
    expect(existsSync(join(root, 'x.bin.pgp'))).toBe(false);

    const locked = await cli(
      ['decrypt', fixturePath('report.csv.gpg'), '-o', join(root, 'r2.csv')],
      { PYPLAN_KEYRING_PASSPHRASE: '' },
    );
    expect(locked.err).toEqual([`error: ${ERROR_TEXT_EN.PGP_KEYRING_LOCKED({ unset: true })}`]);
    expect(locked.err[0]).toContain('Set PYPLAN_KEYRING_PASSPHRASE');

    // Storing a secret key in a keyring that holds none yet: nothing is "locked", a keyring
    // passphrase is needed, and nothing is written.
    const fresh = join(root, 'fresh-keyring');
    const storing = await cli(['import', fixturePath('analyst-rsa.sec.asc'), '--keyring', fresh], {
      PYPLAN_KEYRING_PASSPHRASE: '',
    });
    expect(storing.err).toEqual([
      'error: Saving a secret key needs a keyring passphrase, which protects the secret keys' +
        ' kept on this computer. Set PYPLAN_KEYRING_PASSPHRASE to one, and use the same one' +
        ' every time.',
    ]);
    expect(storing.code).toBe(1);
    expect(existsSync(fresh) ? readdirSync(fresh) : []).toEqual([]);

    const unset = await cli(['decrypt', fixturePath('report.csv.gpg'), '--passphrase-env', 'NOPE']);
    expect(unset.err[0]).toBe('error: the environment variable NOPE is not set');

    const noKey = await cli([
      'decrypt',
      fixturePath('report.csv.gpg'),
      '-o',
      join(root, 'r3.csv'),
      '--keyring',
      join(root, 'empty'),
    ]);
    expect(noKey.err[0]).toContain('None of your keys can decrypt this file');
    expect(noKey.code).toBe(1);
  });

  it('takes -r once per recipient, in either order with the file, as gpg does', async () => {
    writeRandomFile(join(root, 'ledger.csv'), 2_000);
    const result = await cli(['encrypt', '-r', 'platform@example.com', join(root, 'ledger.csv')]);
    expect(result).toMatchObject({ err: [], code: 0 });
    expect(gpg.run(['--decrypt', join(root, 'ledger.csv.pgp')]).status).toBe(0);
    const none = await cli(['encrypt', join(root, 'ledger.csv')]);
    expect(none.err[0]).toContain('name a recipient with -r');
    expect(none.code).toBe(2);
  });

  it('says plainly what is wrong with a file or an argument', async () => {
    const missing = await cli(['import', join(root, 'nonexist.asc')]);
    expect(missing.err).toEqual([
      `error: "${join(root, 'nonexist.asc')}" does not exist on this computer.`,
    ]);
    const existing = join(root, 'exists.asc');
    writeRandomFile(existing, 10);
    const exported = await cli(['export', 'platform@example.com', '-o', existing]);
    expect(exported.err).toEqual([
      `error: "${existing}" already exists. Add --overwrite to replace it.`,
    ]);
    const badEmail = await cli(['generate', '--name', 'X', '--email', 'notanemail']);
    expect(badEmail.err[0]).toBe(
      'error: --email needs an email address such as name@example.com, not "notanemail"',
    );
    // A value that cannot work is a usage error, as on the other commands.
    expect(badEmail.code).toBe(2);
  });

  it('asks for the passphrase of a passphrase-only file in the words for a file', async () => {
    const noPass = await cli([
      'decrypt',
      fixturePath('report.symmetric.csv.gpg'),
      '-o',
      join(root, 'sym.csv'),
    ]);
    // Nobody is asked without a terminal: the line says where the passphrase goes instead.
    expect(noPass.err).toEqual([
      'error: This file is protected by a passphrase, not by a key. Ask whoever sent it for the' +
        ' passphrase it was encrypted with. Put it in an environment variable and name that' +
        ' with --passphrase-env.',
    ]);
    const signing = await cli([
      'encrypt',
      join(root, 'seed.bin'),
      '-r',
      'platform@example.com',
      '--sign',
      FPR.analyst,
    ]);
    expect(signing.err).toEqual([
      'error: This OpenPGP key is protected by a passphrase. Put it in an environment variable' +
        ' and name that with --passphrase-env.',
    ]);
    const wrong = await cli(
      ['decrypt', fixturePath('stall.wrong-passphrase.gpg'), '-o', join(root, 'stall.bin')],
      {},
    );
    expect(wrong.err[0]).toContain('This file is protected by a passphrase');
    const wrongPass = await cli(
      [
        'decrypt',
        fixturePath('stall.wrong-passphrase.gpg'),
        '-o',
        join(root, 'stall.bin'),
        '--passphrase-env',
        'FILE_PASS',
      ],
      { FILE_PASS: 'wrong' },
    );
    expect(wrongPass.err).toEqual([
      `error: ${ERROR_TEXT_EN.PGP_PASSPHRASE_WRONG({ symmetric: true })}`,
    ]);
    expect(existsSync(join(root, 'stall.bin'))).toBe(false);
  });
});
