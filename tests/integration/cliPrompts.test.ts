import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/session.ts';
import { cliConnection, useCliWorld } from '../helpers/cli.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS, SSH_KEYS } from '../helpers/fixtures.ts';
import { CTRL_C, CTRL_D, runOnTerminal } from '../helpers/terminal.ts';

const TRUST = 'continue connecting (yes/no)? ';
const PASSPHRASE = 'Passphrase for ';

describe('command line at a terminal: host key and passphrase questions (real sshd)', () => {
  const world = useCliWorld();
  const { env } = world;
  let encryptedKey: string;

  beforeAll(async () => {
    encryptedKey = join(world.home, 'cert.pem');
    copyFileSync(join(SSH_KEYS, 'rsa-pem-encrypted.key'), encryptedKey);
    chmodSync(encryptedKey, 0o600);
  });

  /** A fresh known_hosts each time, so the server is new and the question is asked. */
  function asking(key = world.sshd.clientKeyPath): { args: string[]; knownHosts: string } {
    const knownHosts = join(tempDir(), 'known_hosts');
    const conn = cliConnection(world.sshd, key, { acceptNewHostKey: false });
    return { args: [...conn, '--known-hosts', knownHosts], knownHosts };
  }

  it('Ctrl-C at the host key question exits 130 and trusts nothing', async () => {
    const { args, knownHosts } = asking();
    const run = await runOnTerminal(
      [...args, 'ls', world.sshd.root],
      [{ after: TRUST, type: CTRL_C }],
      env(),
    );
    expect(run.code).toBe(130);
    expect(run.screen).toContain('error: Cancelled.');
    expect(existsSync(knownHosts)).toBe(false);
  });

  it('Ctrl-D at the host key question is a no', async () => {
    const { args, knownHosts } = asking();
    const run = await runOnTerminal(
      [...args, 'ls', world.sshd.root],
      [{ after: TRUST, type: CTRL_D }],
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.screen).toContain('This is the first connection to');
    expect(existsSync(knownHosts)).toBe(false);
  });

  it('waits for a slow answer beyond the connect timeout, then connects and saves', async () => {
    const { args, knownHosts } = asking();
    // The answer comes a second after the whole one-second connect timeout would have ended.
    const run = await runOnTerminal(
      [...args, '--timeout', '1', 'ls', world.sshd.root],
      [{ after: TRUST, type: 'yes\r', delayMs: 2000 }],
      env(),
    );
    expect(run.screen).not.toContain('did not answer in time');
    expect(run.code).toBe(0);
    expect(readFileSync(knownHosts, 'utf8')).toContain(
      `[127.0.0.1]:${world.sshd.port} ssh-ed25519 `,
    );
  });

  it('asks a mistyped passphrase again, up to three times, as ssh does', async () => {
    const { args } = asking(encryptedKey);
    const run = await runOnTerminal(
      [...args, '--accept-new-host-key', 'ls', world.sshd.root],
      [
        { after: PASSPHRASE, type: 'wrong-1\r' },
        { after: PASSPHRASE, type: 'correct-horse\r' },
      ],
      env(),
    );
    expect(run.code).toBe(0);
    expect(run.screen).toContain('Wrong passphrase, try again.');

    const thrice = await runOnTerminal(
      [...args, '--accept-new-host-key', 'ls', world.sshd.root],
      [1, 2, 3].map((n) => ({ after: PASSPHRASE, type: `wrong-${n}\r` })),
      env(),
    );
    expect(thrice.code).toBe(1);
    expect(thrice.screen).toContain('The passphrase for this key is wrong.');
  });

  it('Ctrl-C at the passphrase exits 130; Ctrl-D says no passphrase was given', async () => {
    const { args } = asking(encryptedKey);
    const cancelled = await runOnTerminal(
      [...args, 'ls', world.sshd.root],
      [{ after: PASSPHRASE, type: CTRL_C }],
      env(),
    );
    expect(cancelled.code).toBe(130);
    expect(cancelled.screen).toContain('error: Cancelled.');

    const ended = await runOnTerminal(
      [...args, 'ls', world.sshd.root],
      [{ after: PASSPHRASE, type: CTRL_D }],
      env(),
    );
    expect(ended.code).toBe(1);
    expect(ended.screen).toContain(
      'error: No passphrase was given for this key. Put it in an environment variable and' +
        ' name that with --passphrase-env.',
    );
  });

  it("Ctrl-D at an OpenPGP key's passphrase names that key's flag, not the SSH key's", async () => {
    const file = join(tempDir(), 'ledger.csv');
    writeFileSync(file, 'a\n');
    const run = await runOnTerminal(
      [
        ...cliConnection(world.sshd, world.sshd.clientKeyPath),
        'put',
        ...['--encrypt-to', join(PGP_KEYS, 'platform-ed25519.pub.asc')],
        ...['--sign-with', join(PGP_KEYS, 'analyst-rsa.sec.asc')],
        file,
        world.sshd.root,
      ],
      [{ after: 'Passphrase for the OpenPGP key: ', type: CTRL_D }],
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.screen).toContain(
      'error: No passphrase was given for this key. Put it in an environment variable and' +
        ' name that with --sign-passphrase-env.',
    );
  });

  it("pgp decrypt asks for a passphrase-only file's passphrase on a terminal", async () => {
    const output = join(tempDir(), 'report.csv');
    const run = await runOnTerminal(
      ['pgp', 'decrypt', join(PGP_KEYS, 'report.symmetric.csv.gpg'), '-o', output],
      [{ after: 'Passphrase: ', type: `${FIXTURE_PASSPHRASE}\r` }],
      env(),
    );
    expect(run.code, run.screen).toBe(0);
    expect(run.screen).not.toContain(FIXTURE_PASSPHRASE);
    expect(readFileSync(output)).toEqual(readFileSync(join(PGP_KEYS, 'report.csv')));
  });
});
