import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/session.ts';
import { cliConnection, opensshSftpArgs, runCli, startCli, useCliWorld } from '../helpers/cli.ts';
import { SSH_KEYS } from '../helpers/fixtures.ts';
import { sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';

const MiB = 1024 * 1024;

describe("command line against OpenSSH, as the users' sftp script", () => {
  const world = useCliWorld();
  const { env } = world;
  let certPem: string;
  let base: string[];

  beforeAll(async () => {
    // The key as Pyplan emails it: an RSA PKCS#1 PEM file called cert.pem.
    certPem = join(world.home, 'cert.pem');
    copyFileSync(join(SSH_KEYS, 'rsa-pem.key'), certPem);
    chmodSync(certPem, 0o600);
    base = cliConnection(world.sshd, certPem, { acceptNewHostKey: false });
  });

  it('refuses an unknown server without a terminal, then trusts it when told', async () => {
    const refused = await runCli([...base, 'ls', '.'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('first connection');
    expect(refused.stderr).toContain(world.sshd.hostKeys['ssh-ed25519']?.fingerprint);

    const trusted = await runCli([...base, '--accept-new-host-key', 'ls', '.'], env());
    expect(trusted.code).toBe(0);
    const knownHosts = readFileSync(join(world.home, 'app', 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(`[127.0.0.1]:${world.sshd.port} ssh-ed25519 `);
  });

  it('refuses a changed server key until forget-host-key, then asks as for a new one', async () => {
    const stale = readFileSync(join(SSH_KEYS, 'ed25519-openssh.key.pub'), 'utf8');
    const knownHosts = join(tempDir(), 'known_hosts');
    writeFileSync(
      knownHosts,
      `[127.0.0.1]:${world.sshd.port} ${stale.split(' ').slice(0, 2).join(' ')}\n`,
    );
    const args = [...base, '--known-hosts', knownHosts];

    const refused = await runCli([...args, '--accept-new-host-key', 'ls', '.'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has changed');
    // The hint repeats --known-hosts: without it, forget-host-key would edit the app's file.
    expect(refused.stderr).toContain(
      `run forget-host-key with the same --host, --port and --known-hosts ${knownHosts},`,
    );
    const json = await runCli([...args, 'ls', '.', '--json'], env());
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'HOST_KEY_MISMATCH', context: { knownHosts } },
    });

    const forgot = await runCli([...args, 'forget-host-key'], env());
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toContain('Forgot the saved identity');
    const unknown = await runCli([...args, 'ls', '.'], env());
    expect(unknown.stderr).toContain(world.sshd.hostKeys['ssh-ed25519']?.fingerprint);
    expect((await runCli([...args, '--accept-new-host-key', 'ls', '.'], env())).code).toBe(0);
  });

  it('puts, lists and gets back byte-identical, like sftp -i cert.pem', async () => {
    const work = tempDir();
    const file = join(work, 'ledger 2026.csv');
    writeFileSync(file, 'date,amount\n2026-12-01,1500.25\n'.repeat(5000));
    const put = await runCli(
      [...base, '--accept-new-host-key', 'put', file, world.sshd.root],
      env(),
    );
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(/1 file uploaded/);

    const ls = await runCli([...base, 'ls', world.sshd.root], env());
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain('ledger 2026.csv');
    // The same listing through OpenSSH's own client agrees on the size.
    const sftpLs = execFileSync('sftp', opensshSftpArgs(world.sshd, certPem), {
      input: `ls -l "${world.sshd.root}"\n`,
    }).toString();
    const size = String(readFileSync(file).length);
    expect(sftpLs).toContain(size);
    expect(ls.stdout).toContain(size);

    const json = await runCli([...base, 'ls', world.sshd.root, '--json'], env());
    const entries = JSON.parse(json.stdout) as Array<{ name: string; size: number }>;
    expect(entries.find((e) => e.name === 'ledger 2026.csv')?.size).toBe(Number(size));

    const back = join(work, 'back');
    mkdirSync(back);
    const get = await runCli(
      [...base, 'get', join(world.sshd.root, 'ledger 2026.csv'), back],
      env(),
    );
    expect(get.code).toBe(0);
    expect(await sha256File(join(back, 'ledger 2026.csv'))).toBe(await sha256File(file));
  });

  it('continues a killed run on the next identical run, without duplicates', async () => {
    const local = join(tempDir(), 'month-end');
    mkdirSync(local);
    for (let i = 0; i < 8; i += 1) writeRandomFile(join(local, `ledger-${i}.bin`), 1.2 * MiB);
    const target = join(world.sshd.root, 'scheduled');
    mkdirSync(target);
    const landed = join(target, 'month-end');
    const arrived = () =>
      existsSync(landed) ? readdirSync(landed).filter((n) => !n.includes('.pyplan-')) : [];
    const run = [...base, '--accept-new-host-key', 'put', '-r', local, target];
    // 16384 Kbit/s is 2 MiB/s: about five seconds for the whole folder.
    const first = startCli([...run, '--limit', '16384'], env());
    let ended = false;
    void first.done.then(() => (ended = true));
    while (arrived().length < 2 && !ended) await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);

    // Meanwhile the same command again (a scheduler starting the next run early) is refused.
    const twin = await runCli(run, env());
    expect(twin.code).toBe(1);
    expect(twin.stderr).toMatch(/^error: The same transfer is already running \(process \d+\)/);

    first.child.kill('SIGKILL');
    await first.done;
    expect(arrived().length).toBeLessThan(8);
    const second = await runCli(run, env());
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^continuing an interrupted run/);
    expect(await treeDigest(landed)).toEqual(await treeDigest(local));
    expect(readdirSync(landed).sort()).toEqual(readdirSync(local).sort());
    // A finished run forgets its job: the next one plans afresh.
    expect(readdirSync(join(env().PYPLAN_TRANSFER_HOME, 'queue'))).toEqual([]);
  });

  it('on Ctrl-C says the same command continues the run, and it does', async () => {
    const local = join(tempDir(), 'quarter');
    mkdirSync(local);
    for (let i = 0; i < 4; i += 1) writeRandomFile(join(local, `export-${i}.bin`), 1.5 * MiB);
    const target = join(world.sshd.root, 'interrupted');
    mkdirSync(target);
    const partial = () => readdirSync(target, { recursive: true }).length;
    const run = [...base, '--accept-new-host-key', 'put', '-r', local, target];
    // 16384 Kbit/s is 2 MiB/s: about three seconds for the whole folder.
    const first = startCli([...run, '--limit', '16384'], env());
    while (partial() < 2) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Run the same command again to continue where it left off\.\n$/);

    const second = await runCli(run, env());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/^continuing an interrupted run/);
    expect(await treeDigest(join(target, 'quarter'))).toEqual(await treeDigest(local));
  });

  it('mkdir -p, mv and rm -r work and failures are one plain line', async () => {
    const dir = join(world.sshd.root, 'cli', 'deep');
    const args = [...base, '--accept-new-host-key'];
    expect((await runCli([...args, 'mkdir', '-p', dir], env())).code).toBe(0);
    expect(existsSync(dir)).toBe(true);
    expect((await runCli([...args, 'mv', dir, `${dir}2`], env())).code).toBe(0);
    expect(existsSync(`${dir}2`)).toBe(true);
    const rmPlain = await runCli([...args, 'rm', join(world.sshd.root, 'cli')], env());
    expect(rmPlain.code).toBe(1);
    expect(rmPlain.stderr).toMatch(/^error: The folder .* is not empty\. .*use rm -r\.\n$/);
    expect((await runCli([...args, 'rm', '-r', join(world.sshd.root, 'cli')], env())).code).toBe(0);
    expect(existsSync(join(world.sshd.root, 'cli'))).toBe(false);

    const missing = await runCli(
      [...args, 'get', join(world.sshd.root, 'nope.csv'), tempDir()],
      env(),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nope\.csv.* does not exist\.\n$/);
  });

  it('reads a key passphrase only from the named environment variable', async () => {
    const key = join(SSH_KEYS, 'rsa-pem-encrypted.key');
    const args = cliConnection(world.sshd, key);
    const without = await runCli([...args, 'ls', world.sshd.root], env());
    expect(without.code).toBe(1);
    // No terminal, so nobody can be asked: the line says only where the passphrase goes.
    expect(without.stderr).toBe(
      'error: This key is protected by a passphrase. Put it in an environment variable and' +
        ' name that with --passphrase-env.\n',
    );
    const withEnv = await runCli(
      [...args, '--passphrase-env', 'MY_KEY_PASS', 'ls', world.sshd.root],
      {
        ...env(),
        MY_KEY_PASS: 'correct-horse',
      },
    );
    expect(withEnv.stderr).toBe('');
    expect(withEnv.code).toBe(0);
  });

  it('names a wrong user plainly and exits non-zero without a stack trace', async () => {
    const args = cliConnection(world.sshd, certPem, { user: 'nobody-here' });
    const run = await runCli([...args, 'ls', '.'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did not accept this key for user "nobody-here"');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('prints the negotiated algorithms with --verbose', async () => {
    const run = await runCli([...base, '--accept-new-host-key', '--verbose', 'ls', '.'], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/key exchange: \S+/);
    expect(run.stderr).toMatch(/cipher: \S+/);
  });

  it('answers usage errors with exit status 2', async () => {
    const run = await runCli(['ls'], env());
    expect(run.code).toBe(2);
  });
});

describe('command line: mistakes an analyst makes', () => {
  const world = useCliWorld();
  let base: string[];
  // A new app folder for every run: no run here depends on one before it.
  const env = () => ({ PYPLAN_TRANSFER_HOME: join(tempDir(), 'app') });

  beforeAll(() => {
    base = cliConnection(world.sshd, world.sshd.clientKeyPath);
  });

  it('names the missing folder, not a temporary file, and leaves nothing behind', async () => {
    const file = join(tempDir(), 'ledger.csv');
    writeFileSync(file, 'a\n');
    const up = await runCli([...base, 'put', file, join(world.sshd.root, 'inbox/')], env());
    expect(up.code).toBe(1);
    expect(up.stderr).toBe(
      `error: The folder "${join(world.sshd.root, 'inbox/')}" does not exist on the server.\n`,
    );
    const deep = await runCli(
      [...base, 'put', file, join(world.sshd.root, 'no', 'such.csv')],
      env(),
    );
    expect(deep.stderr).toBe(
      `error: The folder "${join(world.sshd.root, 'no')}" does not exist on the server.\n`,
    );
    expect(readdirSync(world.sshd.root)).toEqual([]);

    writeFileSync(join(world.sshd.root, 'r.csv'), 'r');
    const down = tempDir();
    const get = await runCli(
      [...base, 'get', join(world.sshd.root, 'r.csv'), join(down, 'x', 'y/')],
      env(),
    );
    expect(get.stderr).toBe(`error: "${join(down, 'x', 'y/')}" does not exist on this computer.\n`);
    expect(readdirSync(down)).toEqual([]);
  });

  it('says on which side a folder for several files is missing or is a file', async () => {
    const remote = join(world.sshd.root, 'several');
    mkdirSync(remote);
    writeFileSync(join(remote, 'a.csv'), 'a');
    writeFileSync(join(remote, 'b.csv'), 'b');
    mkdirSync(join(remote, 'sub'));
    const down = tempDir();
    const mine = join(down, 'mine.csv');
    writeFileSync(mine, 'mine');
    const get = async (...args: string[]) =>
      (await runCli([...base, 'get', ...args], env())).stderr;
    expect(await get(`${remote}/*.csv`, join(down, 'x'))).toBe(
      `error: "${join(down, 'x')}" does not exist on this computer.\n`,
    );
    expect(await get('-r', `${remote}/*`, join(down, 'g'))).toBe(
      `error: "${join(down, 'g')}" does not exist on this computer.\n`,
    );
    expect(await get(`${remote}/*.csv`, mine)).toBe(`error: "${mine}" is not a folder.\n`);
    expect(readdirSync(down)).toEqual(['mine.csv']);

    const work = tempDir();
    const files = ['ledger.csv', 'empty.txt'].map((name) => join(work, name));
    for (const file of files) writeFileSync(file, '');
    const put = async (target: string) =>
      (await runCli([...base, 'put', ...files, target], env())).stderr;
    // As `put -r folder a.csv` says: the file is in the way, it is not missing.
    expect(await put(join(remote, 'a.csv'))).toBe(
      `error: "${join(remote, 'a.csv')}" is not a folder.\n`,
    );
    expect(await put(join(remote, 'nope'))).toBe(
      `error: "${join(remote, 'nope')}" does not exist.\n`,
    );
    expect(readdirSync(remote).sort()).toEqual(['a.csv', 'b.csv', 'sub']);
    rmSync(remote, { recursive: true });
  });

  it('refuses to delete . or .. and exits with usage status 2', async () => {
    mkdirSync(join(world.sshd.root, 'keep'));
    const run = await runCli([...base, 'rm', '-r', `${world.sshd.root}/.`], env());
    expect(run.code).toBe(2);
    expect(existsSync(join(world.sshd.root, 'keep'))).toBe(true);
  });

  it('lists the policies when given an unknown one, with usage status 2', async () => {
    const run = await runCli([...base, '--policy', 'nope', 'ls', '.'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TransferSecurityPolicy-2024-01');
  });

  it('says how to trust a new server in an unattended run', async () => {
    const args = base.filter((a) => a !== '--accept-new-host-key');
    const run = await runCli([...args, 'ls', '.'], env());
    expect(run.stderr).toContain('--accept-new-host-key');
  });

  it('prints failures as JSON with --json', async () => {
    const run = await runCli([...base, 'ls', join(world.sshd.root, 'missing'), '--json'], env());
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses two files that would be uploaded under one name, before anything moves', async () => {
    const work = tempDir();
    for (const month of ['jan', 'feb']) {
      mkdirSync(join(work, month, 'close'), { recursive: true });
      writeRandomFile(join(work, month, 'same.bin'), 2 * MiB);
      writeFileSync(join(work, month, 'close', 'ledger.csv'), `${month}\n`);
    }
    const inbox = join(world.sshd.root, 'dup-inbox');
    mkdirSync(inbox);
    const files = ['jan', 'feb'].map((month) => join(work, month, 'same.bin'));
    const put = await runCli([...base, 'put', ...files, `${inbox}/`], env());
    expect(put.code).toBe(2);
    expect(put.stderr).toContain(
      `${files[0]} and ${files[1]} would both be uploaded as ${join(inbox, 'same.bin')}`,
    );
    // Folders of one name merge, as with sftp; files of one name inside them are refused.
    const folders = ['jan', 'feb'].map((month) => join(work, month, 'close'));
    const putR = await runCli([...base, 'put', '-r', ...folders, `${inbox}/`], env());
    expect(putR.code).toBe(2);
    expect(putR.stderr).toContain(
      `would both be uploaded as ${join(inbox, 'close', 'ledger.csv')}`,
    );
    expect(readdirSync(inbox)).toEqual([]);
  });

  it('refuses --parallel outside 1 to 10 before connecting, with usage status 2', async () => {
    const file = join(tempDir(), 'ledger.csv');
    writeFileSync(file, 'a\n');
    // Port 1 refuses connections: a run that tried to connect would fail on that instead.
    const closed = cliConnection({ ...world.sshd, port: 1 }, world.sshd.clientKeyPath);
    for (const bad of ['0', '11', '2.5', 'two']) {
      const run = await runCli([...closed, 'put', '--parallel', bad, file, '/inbox'], env());
      expect(run.code, bad).toBe(2);
      expect(run.stderr, bad).toBe(
        `error: --parallel needs a whole number of files from 1 to 10, not "${bad}"\n`,
      );
    }
  });

  it('moves a folder one file at a time with --parallel 1, byte-identical both ways', async () => {
    const local = join(tempDir(), 'close');
    mkdirSync(join(local, 'q4'), { recursive: true });
    for (const name of ['a.bin', 'b.bin', join('q4', 'c.bin')]) {
      writeRandomFile(join(local, name), 2 * MiB);
    }
    const put = await runCli(
      [...base, 'put', '-r', '--parallel', '1', local, world.sshd.root],
      env(),
    );
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    expect(await treeDigest(join(world.sshd.root, 'close'))).toEqual(await treeDigest(local));

    const back = tempDir();
    const get = await runCli(
      [...base, 'get', '-r', '--parallel', '1', join(world.sshd.root, 'close'), back],
      env(),
    );
    expect(get.code).toBe(0);
    expect(await treeDigest(join(back, 'close'))).toEqual(await treeDigest(local));
  });
});
