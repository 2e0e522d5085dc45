import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  writeFileSync,
  readFileSync,
  rmSync,
  existsSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './fixtures.ts';

/**
 * A real OpenSSH server on 127.0.0.1 for integration tests: random port, throw-away host keys,
 * a temporary root, and authorized_keys built from the fixtures. Nothing touches ~/.ssh.
 */
export interface SshdOptions {
  /** Extra sshd_config lines, e.g. 'MaxSessions 2' or 'KexAlgorithms ...'. */
  config?: string[];
  /** Host key types to generate; the first is what a default client usually negotiates. */
  hostKeyTypes?: Array<'ed25519' | 'rsa' | 'ecdsa'>;
  /** Flags for internal-sftp, e.g. ['-P', 'setstat,fsetstat']. */
  sftpFlags?: string[];
  /** Public key lines allowed to log in; defaults to every fixture key's public half. */
  authorizedKeys?: string[];
}

export interface Sshd {
  host: string;
  port: number;
  user: string;
  /** Folder the SFTP session starts in; tests put and check files here. */
  root: string;
  /** Private key (OpenSSH format) that is authorised, generated for this server. */
  clientKeyPath: string;
  /** `SHA256:...` fingerprints of the host keys, by type name (ssh-ed25519, ...). */
  hostKeys: Record<string, { fingerprint: string; publicLine: string }>;
  /** The listening sshd; every session runs in processes below it. */
  listenerPid: number;
  /**
   * Kills every process of every live session, as a dropped link would, and returns once
   * their TCP connections are gone (throws if they are not): the number of connections it
   * dropped, for a test to check it dropped something. The server keeps listening.
   */
  dropConnections(): number;
  /**
   * Freezes (SIGSTOP) every live session process, so requests already sent wait unanswered
   * until resumeSessions(): a way to hold a listing half-way without timing anything.
   */
  pauseSessions(): void;
  resumeSessions(): void;
  /** Files and folders the session processes hold open (an SFTP handle is an open fd). */
  openPaths(): string[];
  log(): string;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';
const KEY_TYPE_NAMES = {
  ed25519: 'ssh-ed25519',
  rsa: 'rsa-sha2-512',
  ecdsa: 'ecdsa-sha2-nistp256',
};

export function fixturePublicKeys(): string[] {
  const dir = join(FIXTURES, 'keys', 'ssh');
  const names = execFileSync('ls', [dir]).toString().split('\n');
  return names
    .filter((n) => n.endsWith('.key.pub'))
    .map((n) => readFileSync(join(dir, n), 'utf8').trim());
}

/** Every process below `pid` (the listener): one per connection, one per SFTP channel. */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there is no child.
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function openPathsOf(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  try {
    return readdirSync(dir).flatMap((fd) => {
      try {
        return [readlinkSync(join(dir, fd))];
      } catch {
        return [];
      }
    });
  } catch {
    // The process ended while we looked.
    return [];
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Alive: the process exists and is not a zombie (a killed child its parent did not reap). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Client ports of the ESTABLISHED TCP connections to 127.0.0.1:`port`, from /proc/net/tcp
 * (hex `address:port` fields, state 01 is ESTABLISHED).
 */
export function establishedPeers(port: number): string[] {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === local && f[3] === '01')
    .map((f) => f[2] ?? '');
}

/**
 * Waits until the killed processes are dead and the connections they served are closed, and
 * throws if not: a test that says "the server drops the connection" must really have done so.
 * New connections (a client reconnecting at once) are not counted.
 */
function awaitDrop(port: number, pids: number[], peers: string[]): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let tries = 0; tries < 200; tries += 1) {
    const alive = pids.filter(isAlive);
    const open = establishedPeers(port).filter((peer) => peers.includes(peer));
    if (alive.length === 0 && open.length === 0) return;
    Atomics.wait(sleeper, 0, 0, 25);
  }
  throw new Error(`dropConnections: sessions ${pids.filter(isAlive).join(',')} still alive`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`sshd exited: ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not start listening in time');
}

function keygen(path: string, type: string): { fingerprint: string; publicLine: string } {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-f', path]);
  const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path]).toString();
  return {
    fingerprint: fp.split(' ')[1] ?? '',
    publicLine: readFileSync(`${path}.pub`, 'utf8').trim(),
  };
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const base = mkdtempSync(join(tmpdir(), 'pyplan-sshd-'));
  const root = join(base, 'root');
  mkdirSync(root);
  // Privilege separation needs this folder when sshd runs as root; Debian creates it only
  // when the service is started by systemd.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const hostKeys: Sshd['hostKeys'] = {};
  const hostKeyLines: string[] = [];
  for (const type of options.hostKeyTypes ?? ['ed25519']) {
    const path = join(base, `host_${type}`);
    const info = keygen(path, type);
    hostKeys[KEY_TYPE_NAMES[type]] = info;
    if (type === 'rsa') hostKeys['ssh-rsa'] = info;
    hostKeyLines.push(`HostKey ${path}`);
  }
  const clientKeyPath = join(base, 'client_ed25519');
  const client = keygen(clientKeyPath, 'ed25519');
  const authorized = [client.publicLine, ...(options.authorizedKeys ?? fixturePublicKeys())];
  writeFileSync(join(base, 'authorized_keys'), authorized.join('\n') + '\n', { mode: 0o600 });

  const port = await freePort();
  const user = userInfo().username;
  const sftp = ['internal-sftp', '-d', root, ...(options.sftpFlags ?? [])].join(' ');
  const config = [
    `ListenAddress 127.0.0.1:${port}`,
    ...hostKeyLines,
    `PidFile ${join(base, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(base, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    'LogLevel VERBOSE',
    `AllowUsers ${user}`,
    `Subsystem sftp ${sftp}`,
    `ForceCommand ${sftp}`,
    ...(options.config ?? []),
  ];
  const configPath = join(base, 'sshd_config');
  writeFileSync(configPath, config.join('\n') + '\n');

  const logFile = join(base, 'sshd.log');
  const child = spawn(SSHD, ['-D', '-f', configPath, '-E', logFile], { stdio: 'ignore' });
  await waitForPort(port, child, logFile);
  const sessions = (): number[] => (child.pid === undefined ? [] : descendants(child.pid));

  return {
    host: '127.0.0.1',
    port,
    user,
    root,
    clientKeyPath,
    hostKeys,
    listenerPid: child.pid ?? 0,
    dropConnections() {
      // Every process of every session, not only the listener's children: with privilege
      // separation the socket is held a level or two below, and a session child that lived
      // on would keep the TCP connection (and the transfer) going.
      const pids = sessions();
      const peers = establishedPeers(port);
      for (const pid of pids) killQuietly(pid);
      awaitDrop(port, pids, peers);
      return peers.length;
    },
    pauseSessions() {
      for (const pid of sessions()) process.kill(pid, 'SIGSTOP');
    },
    resumeSessions() {
      for (const pid of sessions()) process.kill(pid, 'SIGCONT');
    },
    openPaths: () => sessions().flatMap(openPathsOf),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        for (const pid of sessions()) killQuietly(pid);
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
