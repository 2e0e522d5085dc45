import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/session.ts';
import { cliConnection, runCli, useCliWorld } from '../helpers/cli.ts';

describe('command line: remote files, links, wildcards and messages (real world.sshd)', () => {
  const world = useCliWorld();
  const { env } = world;
  let conn: string[];

  beforeAll(async () => {
    conn = cliConnection(world.sshd, world.sshd.clientKeyPath);
  });

  const cli = (...args: string[]) => runCli([...conn, ...args], env());
  /** A folder on the server with files, and a link to it beside it. */
  function linkedFolder(name: string): { folder: string; link: string } {
    const folder = join(world.sshd.root, name);
    mkdirSync(join(folder, 'inner'), { recursive: true });
    writeFileSync(join(folder, 'keep.csv'), 'keep');
    writeFileSync(join(folder, 'inner', 'deep.csv'), 'deep');
    const link = join(world.sshd.root, `${name}-link`);
    symlinkSync(folder, link);
    return { folder, link };
  }

  it('rm -r on a link to a folder removes the link only, never what it points to', async () => {
    const { folder, link } = linkedFolder('precious');
    const removed = await cli('rm', '-r', link);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(existsSync(link)).toBe(false);
    expect(readdirSync(folder).sort()).toEqual(['inner', 'keep.csv']);
    expect(readFileSync(join(folder, 'inner', 'deep.csv'), 'utf8')).toBe('deep');

    // Without -r, and written with a trailing slash, the link goes as well, alone.
    symlinkSync(folder, link);
    expect((await cli('rm', `${link}/`)).code).toBe(0);
    expect(existsSync(link)).toBe(false);
    expect(readdirSync(folder).sort()).toEqual(['inner', 'keep.csv']);
  });

  it('rm -r of a folder removes links inside it without following them', async () => {
    const { folder } = linkedFolder('target-kept');
    const doomed = join(world.sshd.root, 'doomed');
    mkdirSync(doomed);
    symlinkSync(folder, join(doomed, 'to-folder'));
    writeFileSync(join(doomed, 'x.tmp'), 'x');
    expect((await cli('rm', '-r', doomed)).code).toBe(0);
    expect(existsSync(doomed)).toBe(false);
    expect(readdirSync(folder).sort()).toEqual(['inner', 'keep.csv']);
  });

  it('ls lists a single file as sftp does, and a link as a link', async () => {
    const file = join(world.sshd.root, 'single.csv');
    writeFileSync(file, '12345');
    const ls = await cli('ls', file);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split('\n')).toHaveLength(1);
    expect(ls.stdout).toMatch(/^-rw.* 5 .*single\.csv$/m);
    symlinkSync(file, join(world.sshd.root, 'single-link'));
    const link = await cli('ls', join(world.sshd.root, 'single-link'), '--json');
    expect(JSON.parse(link.stdout)).toMatchObject([
      { type: 'symlink', target: { type: 'file', size: 5 } },
    ]);
  });

  it('expands quoted remote wildcards in ls, get and rm; no match is an error', async () => {
    const out = join(world.sshd.root, 'outbox');
    mkdirSync(join(out, 'sub'), { recursive: true });
    for (const name of ['a.pgp', 'b.pgp', 'c.csv', '.hidden.pgp', 'x.tmp', 'y.tmp']) {
      writeFileSync(join(out, name), name);
    }
    writeFileSync(join(out, 'sub', 'd.pgp'), 'd');

    const ls = await cli('ls', `${out}/*.pgp`);
    expect(ls.code, ls.stderr).toBe(0);
    expect(
      ls.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('  ').pop()),
    ).toEqual([`${out}/a.pgp`, `${out}/b.pgp`]);
    const deep = await cli('ls', `${out}/*/*.pgp`);
    expect(deep.stdout).toContain(`${out}/sub/d.pgp`);

    const local = tempDir();
    const get = await cli('get', `${out}/*.pgp`, `${local}/`);
    expect(get.code, get.stderr).toBe(0);
    expect(readdirSync(local).sort()).toEqual(['a.pgp', 'b.pgp']);

    const rm = await cli('rm', `${out}/*.tmp`);
    expect(rm.code, rm.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.hidden.pgp', 'a.pgp', 'b.pgp', 'c.csv', 'sub']);

    const none = await cli('get', `${out}/*.zip`, local);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`error: Nothing matches "${out}/*.zip".\n`);
    // A backslash makes a wildcard character plain, as in sftp.
    writeFileSync(join(out, 'odd*.csv'), 'odd');
    const plain = await cli('rm', `${out}/odd\\*.csv`);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(out, 'c.csv'))).toBe(true);
    expect(existsSync(join(out, 'odd*.csv'))).toBe(false);
  });

  it('mkdir without -p names the missing parent and suggests -p', async () => {
    const made = await cli('mkdir', join(world.sshd.root, 'm1', 'm2', 'm3'));
    expect(made.code).toBe(1);
    expect(made.stderr).toBe(
      `error: "${join(world.sshd.root, 'm1', 'm2')}" does not exist. To create the missing folders` +
        ' too, use mkdir -p.\n',
    );
  });

  it('mv moves into an existing folder; an existing file needs --overwrite', async () => {
    const folder = join(world.sshd.root, 'mv-into');
    mkdirSync(folder);
    writeFileSync(join(world.sshd.root, 'mv-me.txt'), 'first');
    const into = await cli('mv', join(world.sshd.root, 'mv-me.txt'), `${folder}/`);
    expect(into.code, into.stderr).toBe(0);
    expect(readFileSync(join(folder, 'mv-me.txt'), 'utf8')).toBe('first');

    writeFileSync(join(world.sshd.root, 'mv-me.txt'), 'second');
    const refused = await cli('mv', join(world.sshd.root, 'mv-me.txt'), folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists. To replace it, add --overwrite.');
    expect(readFileSync(join(folder, 'mv-me.txt'), 'utf8')).toBe('first');
    const replaced = await cli('mv', '--overwrite', join(world.sshd.root, 'mv-me.txt'), folder);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readFileSync(join(folder, 'mv-me.txt'), 'utf8')).toBe('second');
    expect(existsSync(join(world.sshd.root, 'mv-me.txt'))).toBe(false);
  });

  it('--json errors carry the plain message, the code, and the raw text apart', async () => {
    const missing = await cli('ls', join(world.sshd.root, 'nope'), '--json');
    expect(missing.code).toBe(1);
    const { error } = JSON.parse(missing.stdout) as {
      error: { code: string; message: string; detail: string };
    };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`"${join(world.sshd.root, 'nope')}" does not exist.`);
    expect(error.detail).toBe('No such file');
  });

  it('usage: one line for a missing option, options after the command, --version', async () => {
    const missing = await runCli(['--host', world.sshd.host, 'ls'], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'error: Invalid input: --user is missing (connection options: see pyplan-transfer' +
        ' --help).\n',
    );
    const file = join(world.sshd.root, 'after.txt');
    writeFileSync(file, 'after');
    const after = await runCli(['ls', file, ...conn], env());
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('after.txt');

    const version = await runCli(['--version'], env());
    expect(version.code).toBe(0);
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(manifest.version);
    const help = await runCli(['--help'], env());
    expect(help.stdout).toContain('Exit status:');
    expect(help.stdout).toContain('PYPLAN_KEYRING_PASSPHRASE');
  });

  it('refuses a known_hosts file in a folder that does not exist; expands ~ in --key=', async () => {
    const nowhere = join(tempDir(), 'no-such-folder', 'known_hosts');
    const refused = await cli('--known-hosts', nowhere, 'ls', world.sshd.root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the folder of --known-hosts');
    expect(existsSync(join(nowhere, '..'))).toBe(false);

    const fakeHome = tempDir();
    copyFileSync(world.sshd.clientKeyPath, join(fakeHome, 'cert.pem'));
    const args = [
      '--host',
      world.sshd.host,
      '--port',
      String(world.sshd.port),
      '--user',
      world.sshd.user,
    ];
    const tilde = await runCli(
      [...args, '--key=~/cert.pem', '--accept-new-host-key', 'ls', world.sshd.root],
      { ...env(), HOME: fakeHome },
    );
    expect(tilde.code, tilde.stderr).toBe(0);
    expect(lstatSync(join(fakeHome, 'cert.pem')).isFile()).toBe(true);
  });

  it('runs forget of an unknown run is "not found" (exit 1), not a usage error', async () => {
    const unknown = await runCli(['runs', 'forget', 'no-such-run'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'error: There is no interrupted run "no-such-run" (the command "runs" lists them).\n',
    );
  });
});
