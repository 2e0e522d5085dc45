import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startQuirkServer, type QuirkServer } from '../helpers/quirkServer.ts';

describe('command line: remote files, links, wildcards and messages (real sshd)', () => {
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
      `error: "${join(world.sshd.root, 'm1', 'm2')}" does not exist.` +
        ' To create the missing folders too, use mkdir -p.\n',
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

  it('mv onto itself does nothing; --overwrite keeps the data (OpenSSH)', async () => {
    const inbox = join(world.sshd.root, 'self-in');
    mkdirSync(inbox);
    writeFileSync(join(inbox, 'ledger.csv'), 'ledger');
    const intoOwn = await cli('mv', '--overwrite', join(inbox, 'ledger.csv'), `${inbox}/`);
    expect(intoOwn.code, intoOwn.stderr).toBe(0);
    const same = await cli(
      'mv',
      '--overwrite',
      join(inbox, 'ledger.csv'),
      join(inbox, 'ledger.csv'),
    );
    expect(same.code, same.stderr).toBe(0);
    expect(readFileSync(join(inbox, 'ledger.csv'), 'utf8')).toBe('ledger');
    const missing = await cli('mv', join(inbox, 'gone.csv'), join(inbox, 'gone.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('does not exist');
  });

  it('mv unescapes a backslash and refuses a wildcard it cannot name exactly', async () => {
    const dir = join(world.sshd.root, 'mvw');
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in', '*.csv'), 'star');
    writeFileSync(join(dir, 'in', 'a.csv'), 'a');
    const escaped = await cli('mv', `${dir}/in/\\*.csv`, join(dir, 'star.csv'));
    expect(escaped.code, escaped.stderr).toBe(0);
    expect(readFileSync(join(dir, 'star.csv'), 'utf8')).toBe('star');
    expect(readFileSync(join(dir, 'in', 'a.csv'), 'utf8')).toBe('a');

    const wild = await cli('mv', `${dir}/in/*.csv`, `${dir}/`);
    expect(wild.code).toBe(2);
    expect(wild.stderr).toBe('error: mv takes one path, no wildcards; use get/put or several mv\n');
    expect(readdirSync(join(dir, 'in'))).toEqual(['a.csv']);

    writeFileSync(join(dir, 'in', '*.txt'), 'literal');
    const literal = await cli('mv', `${dir}/in/*.txt`, join(dir, 'lit.txt'));
    expect(literal.code, literal.stderr).toBe(0);
    expect(readFileSync(join(dir, 'lit.txt'), 'utf8')).toBe('literal');

    const ls = await cli('ls', `${dir}/in/\\*.csv`);
    expect(ls.code).toBe(1);
    expect(ls.stderr).toBe(`error: "${dir}/in/*.csv" does not exist.\n`);
    writeFileSync(join(dir, 'in', '*.csv'), 'again');
    const listed = await cli('ls', `${dir}/in/\\*.csv`);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('ls escapes control characters in names; --json gives them as they are', async () => {
    const dir = join(world.sshd.root, 'hostile-names');
    mkdirSync(dir);
    writeFileSync(join(dir, 'red\x1b[31mtext'), 'x');
    writeFileSync(join(dir, 'two\nlines'), 'x');
    writeFileSync(join(dir, 'c1\u009bname'), 'x');
    const ls = await cli('ls', dir);
    expect(ls.code, ls.stderr).toBe(0);
    const lines = ls.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    // eslint-disable-next-line no-control-regex -- control characters are what is tested
    expect(ls.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(lines.map((l) => l.split('  ').pop())).toEqual([
      'c1\\x9bname',
      'red\\x1b[31mtext',
      'two\\nlines',
    ]);
    const json = await cli('ls', dir, '--json');
    const names = (JSON.parse(json.stdout) as { name: string }[]).map((e) => e.name).sort();
    expect(names).toEqual(['c1\u009bname', 'red\x1b[31mtext', 'two\nlines']);
    const missing = await cli('ls', join(dir, 'no\x1b[2Jsuch'));
    expect(missing.stderr).toBe(`error: "${dir}/no\\x1b[2Jsuch" does not exist.\n`);
  });

  it('rm with a wildcard checks every match first: a folder without -r stops it all', async () => {
    const dir = join(world.sshd.root, 'rm-check');
    mkdirSync(join(dir, 'b-folder'), { recursive: true });
    mkdirSync(join(dir, 'd-folder'));
    writeFileSync(join(dir, 'a.csv'), 'a');
    writeFileSync(join(dir, 'c.csv'), 'c');
    const refused = await cli('rm', `${dir}/*`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: These are folders: "${dir}/b-folder", "${dir}/d-folder". Nothing was deleted.` +
        ' To delete folders with everything inside, use rm -r.\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b-folder', 'c.csv', 'd-folder']);
    expect((await cli('rm', '-r', `${dir}/*`)).code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('mkdir under a file says it is not a folder; an empty name is a usage error', async () => {
    const dir = join(world.sshd.root, 'mk-file');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.csv'), 'a');
    const under = await cli('mkdir', join(dir, 'a.csv', 'x'));
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(`error: "${join(dir, 'a.csv')}" is not a folder.\n`);
    const deeper = await cli('mkdir', join(dir, 'a.csv', 'x', 'y'));
    expect(deeper.stderr).toBe(`error: "${join(dir, 'a.csv')}" is not a folder.\n`);
    const empty = await cli('mkdir', '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: mkdir needs a name\n');
  });

  it('an unknown option is one line (JSON with --json), exit 2; a huge --timeout too', async () => {
    const bogus = await cli('ls', '--json', '--bogus');
    expect(bogus.code).toBe(2);
    expect(JSON.parse(bogus.stdout)).toEqual({
      error: {
        code: 'INVALID_ARGUMENT',
        message: "unknown option '--bogus' (see --help)",
        detail: "error: unknown option '--bogus'",
        context: { reason: "unknown option '--bogus' (see --help)" },
      },
    });
    const plain = await cli('ls', '--bogus');
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toBe("error: unknown option '--bogus' (see --help)\n");
    const timeout = await cli('--timeout', '99999999999', 'ls', world.sshd.root);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout needs seconds above 0, at most 3600');
  });

  it("get 'dir/*' skips folders without -r, links to folders with -r, and warns", async () => {
    const dir = join(world.sshd.root, 'get-mixed');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.csv'), 'a');
    writeFileSync(join(dir, 'sub', 'deep.csv'), 'deep');
    const { folder } = linkedFolder('get-mixed-target');
    symlinkSync(folder, join(dir, 'z-link'));

    const flat = tempDir();
    const get = await cli('get', `${dir}/*`, `${flat}/`);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stderr).toContain(`warning: skipped folder ${dir}/sub (use -r)\n`);
    expect(get.stderr).toContain(`warning: skipped link to folder ${dir}/z-link\n`);
    expect(readdirSync(flat)).toEqual(['a.csv']);

    const deep = tempDir();
    const getR = await cli('get', '-r', `${dir}/*`, `${deep}/`);
    expect(getR.code, getR.stderr).toBe(0);
    expect(getR.stderr).toContain(`warning: skipped link to folder ${dir}/z-link\n`);
    expect(readdirSync(deep).sort()).toEqual(['a.csv', 'sub']);
    expect(readFileSync(join(deep, 'sub', 'deep.csv'), 'utf8')).toBe('deep');

    const onlyFolders = await cli('get', `${dir}/s*`, `${tempDir()}/`);
    expect(onlyFolders.code).toBe(1);
    expect(onlyFolders.stderr).toContain(
      `error: These are folders: "${dir}/sub". To download folders, use get -r.\n`,
    );
  });

  it('get fails a server name holding a backslash, walked, matched or named (exit 1)', async () => {
    const dir = join(world.sshd.root, 'weird');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ok.csv'), 'ok');
    writeFileSync(join(dir, 'back\\slash.txt'), 'back');
    writeFileSync(join(dir, 'ctl\x1b[2J\\x.txt'), 'ctl');
    // Shown as ls shows names: a backslash as it is, a control character escaped, once.
    const refused = (label: string, name = 'back\\slash.txt') =>
      `failed: ${label}: The server's name "${name}" cannot be saved safely on this computer`;

    const walked = tempDir();
    const walk = await cli('get', '-r', dir, walked);
    expect(walk.code).toBe(1);
    expect(walk.stderr).toContain(refused('weird/back\\slash.txt'));
    const escaped = 'ctl\\x1b[2J\\x.txt';
    expect(walk.stderr).toContain(refused(`weird/${escaped}`, escaped));
    expect(walk.stderr).not.toContain('\x1b');
    expect(walk.stderr).not.toContain('warning');
    expect(walk.stdout).toBe('1 file downloaded (2 B), 2 failed\n');
    expect(readdirSync(join(walked, 'weird'))).toEqual(['ok.csv']);

    const json = await cli('get', '-r', dir, tempDir(), '--json');
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as {
      failed: Array<{ path: string; error: { code: string } }>;
      files: Array<{ path: string; state: string }>;
    };
    expect(result.failed.map((f) => [f.path, f.error.code]).sort()).toEqual([
      ['weird/back\\slash.txt', 'UNSAFE_NAME'],
      ['weird/ctl\x1b[2J\\x.txt', 'UNSAFE_NAME'],
    ]);
    expect(result.files.find((f) => f.path === 'weird/back\\slash.txt')?.state).toBe('failed');

    const matchedDir = tempDir();
    const matched = await cli('get', `${dir}/back*`, `${matchedDir}/`);
    expect(matched.code).toBe(1);
    expect(matched.stderr).toContain(refused('back\\slash.txt'));
    expect(readdirSync(matchedDir)).toEqual([]);

    // Named directly: the backslash is escaped, as in sftp, so the name is the file's own.
    const namedDir = tempDir();
    const named = await cli('get', `${dir}/back\\\\slash.txt`, `${namedDir}/`);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain(refused('back\\slash.txt'));
    expect(readdirSync(namedDir)).toEqual([]);
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
      'error: --user is missing (connection options: see pyplan-transfer --help)\n',
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

  it('refuses a known_hosts file in a missing folder; expands ~ in --key=', async () => {
    const nowhere = join(tempDir(), 'no-such-folder', 'known_hosts');
    const refused = await cli('--known-hosts', nowhere, 'ls', world.sshd.root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: the folder of --known-hosts "${nowhere}" does not exist on this computer\n`,
    );
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

describe('command line: mv --overwrite on a server without posix-rename (AWS look-alike)', () => {
  const world = useCliWorld();
  let server: QuirkServer;
  let conn: string[];

  beforeAll(async () => {
    server = await startQuirkServer({ aws: true });
    conn = cliConnection({ ...server, user: server.username }, server.clientKeyPath);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const cli = (...args: string[]) => runCli([...conn, ...args], world.env());

  it('never deletes a file moved onto itself, and replaces a real target safely', async () => {
    mkdirSync(join(server.root, 'in'));
    writeFileSync(join(server.root, 'in', 'ledger.csv'), 'ledger');
    writeFileSync(join(server.root, 'p2.csv'), 'p2');
    const intoOwn = await cli('mv', '--overwrite', 'in/ledger.csv', 'in/');
    expect(intoOwn.code, intoOwn.stderr).toBe(0);
    const same = await cli('mv', '--overwrite', 'p2.csv', 'p2.csv');
    expect(same.code, same.stderr).toBe(0);
    const dotted = await cli('mv', '--overwrite', './p2.csv', '/p2.csv');
    expect(dotted.code, dotted.stderr).toBe(0);
    expect(readFileSync(join(server.root, 'in', 'ledger.csv'), 'utf8')).toBe('ledger');
    expect(readFileSync(join(server.root, 'p2.csv'), 'utf8')).toBe('p2');

    const replaced = await cli('mv', '--overwrite', 'p2.csv', 'in/ledger.csv');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(readFileSync(join(server.root, 'in', 'ledger.csv'), 'utf8')).toBe('p2');
    expect(readdirSync(server.root).sort()).toEqual(['in']);
    expect(readdirSync(join(server.root, 'in'))).toEqual(['ledger.csv']);

    // A source that is not there: the target is put back untouched, no backup left behind.
    const gone = await cli('mv', '--overwrite', 'nothing.csv', 'in/ledger.csv');
    expect(gone.code).toBe(1);
    expect(readFileSync(join(server.root, 'in', 'ledger.csv'), 'utf8')).toBe('p2');
    expect(readdirSync(join(server.root, 'in'))).toEqual(['ledger.csv']);
  });
});
