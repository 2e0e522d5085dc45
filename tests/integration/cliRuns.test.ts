import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd } from '../helpers/sshd.ts';
import { tempDir } from '../helpers/session.ts';
import { cliConnection, runCli, startCli, useCliWorld } from '../helpers/cli.ts';
import { writeRandomFile } from '../helpers/files.ts';

const MiB = 1024 * 1024;

interface ListedRun {
  id: string;
  command: string;
  server: string;
  files: { total: number; done: number };
}

describe('command line: interrupted runs that are never repeated', () => {
  const world = useCliWorld();
  const { env } = world;
  let conn: string[];

  beforeAll(async () => {
    conn = cliConnection(world.sshd, world.sshd.clientKeyPath);
  });

  const queueDirs = () => readdirSync(join(world.home, 'app', 'queue'));
  /** The run's job is on disk with `marker` in it: what a later run would know. */
  const saved = (marker: string) =>
    queueDirs().some((dir) => {
      const file = join(world.home, 'app', 'queue', dir, 'transfer-queue.json');
      return existsSync(file) && readFileSync(file, 'utf8').includes(marker);
    });

  /** The tagged temporary upload of `name` in `dir`, once there. */
  const tempOf = (dir: string, name: string): string | undefined => {
    const found = readdirSync(dir).find(
      (n) => n.startsWith(`.${name}.`) && /^\.[^/]+\.[0-9a-f]{8}\.pyplan-upload$/.test(n),
    );
    return found === undefined ? undefined : join(dir, found);
  };

  /** Starts a slow run (2 MiB/s) and kills it once `ready` says enough has moved. */
  async function killedRun(args: string[], ready: () => boolean): Promise<void> {
    const run = startCli([...conn, ...args, '--limit', '16384'], env());
    while (!ready()) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGKILL');
    await run.done;
  }

  it('lists a killed upload, and forgetting it deletes its half-sent copies too', async () => {
    const local = join(tempDir(), 'month-end');
    mkdirSync(local);
    for (const name of ['a.bin', 'b.bin']) writeRandomFile(join(local, name), 6 * MiB);
    const target = join(world.sshd.root, 'runs-up');
    mkdirSync(target);
    const landed = join(target, 'month-end');
    const temps = () =>
      existsSync(landed) ? readdirSync(landed).filter((n) => n.endsWith('.pyplan-upload')) : [];
    await killedRun(
      ['put', '-r', local, target],
      () => temps().length === 2 && saved('"resumeAt"'),
    );

    const listed = await runCli(['runs'], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      `put  0 of 2 files done  ${world.sshd.user}@${world.sshd.host}`,
    );
    expect(listed.stdout).toContain(`${local} -> ${target}`);
    const json = await runCli(['runs', '--json'], env());
    const [run] = JSON.parse(json.stdout) as ListedRun[];
    expect(run).toMatchObject({ command: 'put', files: { total: 2, done: 0 } });

    const forgot = await runCli([...conn, 'runs', 'forget', run?.id ?? ''], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toBe(`Forgot run ${run?.id}.\n`);
    expect(queueDirs()).toEqual([]);
    expect(temps()).toEqual([]);
    expect((await runCli(['runs'], env())).stdout).toBe('No interrupted runs.\n');
  });

  it('forgets a killed download without a connection, removing its part files', async () => {
    const remote = join(world.sshd.root, 'runs-down.bin');
    writeRandomFile(remote, 12 * MiB);
    const local = tempDir();
    const parts = () => readdirSync(local).filter((n) => n.includes('.pyplan-part'));
    await killedRun(['get', remote, local], () => parts().length > 0 && saved('"items"'));
    expect(queueDirs()).toHaveLength(1);

    const forgot = await runCli(['runs', 'forget', '--all'], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(parts()).toEqual([]);
    expect(readdirSync(local)).toEqual([]);
    expect(queueDirs()).toEqual([]);
  });

  it('names what it cannot delete without a connection, and refuses an unknown run', async () => {
    const source = join(tempDir(), 'ledger.bin');
    writeRandomFile(source, 12 * MiB);
    await killedRun(
      ['put', source, world.sshd.root],
      () => tempOf(world.sshd.root, 'ledger.bin') !== undefined && saved('"resumeAt"'),
    );
    const temp = tempOf(world.sshd.root, 'ledger.bin') as string;

    const unknown = await runCli(['runs', 'forget', 'no-such-run'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no interrupted run "no-such-run"');
    const forgot = await runCli(['runs', 'forget', '--all'], env());
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stdout).toContain(`These half-sent copies stay on the server`);
    expect(forgot.stdout).toContain(`  ${temp}\n`);
    expect(existsSync(temp)).toBe(true);
    expect(queueDirs()).toEqual([]);
  });

  it('keeps a run whose server stayed down; the same command finishes it', async () => {
    const down = await startSshd();
    try {
      const source = join(tempDir(), 'quarter.bin');
      writeRandomFile(source, 12 * MiB);
      const run = [...cliConnection(down, down.clientKeyPath), '--timeout', '1', 'put', source];
      const first = startCli([...run, down.root, '--limit', '16384'], env());
      while (!(tempOf(down.root, 'quarter.bin') && saved('"resumeAt"'))) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const temp = tempOf(down.root, 'quarter.bin') as string;
      // The server stops answering: new connections hang unanswered, live ones are cut.
      process.kill(down.listenerPid, 'SIGSTOP');
      down.dropConnections();
      const gaveUp = await first.done;
      expect(gaveUp.code).toBe(1);
      expect(gaveUp.stderr).toMatch(/^Connection to the server lost; reconnecting\.\.\.$/m);
      expect(gaveUp.stderr).toContain('Run the same command again to continue where it left off.');
      expect(existsSync(temp)).toBe(true);
      const listed = await runCli(['runs'], env());
      expect(listed.stdout).toContain(`put  0 of 1 files done  ${down.user}@${down.host}`);

      process.kill(down.listenerPid, 'SIGCONT');
      const again = await runCli([...run, down.root], env());
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/^continuing an interrupted run/);
      expect(readFileSync(join(down.root, 'quarter.bin')).equals(readFileSync(source))).toBe(true);
      expect(existsSync(temp)).toBe(false);
      expect((await runCli(['runs'], env())).stdout).toBe('No interrupted runs.\n');
    } finally {
      process.kill(down.listenerPid, 'SIGCONT');
      await down.stop();
    }
  });
});
