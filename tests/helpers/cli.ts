import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './session.ts';
import { startSshd, type Sshd } from './sshd.ts';

const CLI = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line as a user's script would: a separate Node process, no terminal. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Like runCli, with the process at hand (to kill it, as a scheduler or a crash would). */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, done };
}

interface Server {
  host: string;
  port: number;
  user: string;
}

/**
 * The connection flags a user's script passes to our command line. Trusts the test server's
 * new host key unless `acceptNewHostKey` is false (tests of the trust prompt itself).
 */
export function cliConnection(
  server: Server,
  key: string,
  { user = server.user, acceptNewHostKey = true } = {},
): string[] {
  const args = ['--host', server.host, '--port', String(server.port), '--user', user];
  return [...args, '--key', key, ...(acceptNewHostKey ? ['--accept-new-host-key'] : [])];
}

/** Arguments for OpenSSH's `sftp` reading a batch script from stdin, host key unchecked. */
export function opensshSftpArgs(server: Server, key: string): string[] {
  return [
    ...['-b', '-', '-i', key, '-P', String(server.port)],
    ...['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'],
    `${server.user}@${server.host}`,
  ];
}

/**
 * What the command-line test files share: one real sshd for the file and a home folder whose
 * `app` subfolder is the command line's own (known_hosts, keyring, interrupted runs). Fields
 * are filled in by the beforeAll this registers.
 */
export interface CliWorld {
  sshd: Sshd;
  home: string;
  /** The environment that points the command line at this world's app folder. */
  env(): { PYPLAN_TRANSFER_HOME: string };
}

export function useCliWorld(): CliWorld {
  const world = {} as CliWorld;
  world.env = () => ({ PYPLAN_TRANSFER_HOME: join(world.home, 'app') });
  beforeAll(async () => {
    world.sshd = await startSshd();
    world.home = tempDir();
  });
  afterAll(async () => {
    await world.sshd?.stop();
  });
  return world;
}
