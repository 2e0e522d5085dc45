import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { establishedPeers, startSshd, type Sshd } from '../helpers/sshd.ts';
import { opensshSftpArgs } from '../helpers/cli.ts';

// Proves the test server itself is what we think it is, using OpenSSH's own client.
describe('test sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd.stop();
  });

  it('serves SFTP to the OpenSSH client with the generated key', () => {
    writeFileSync(join(sshd.root, 'hello.txt'), 'hi');
    const out = execFileSync('sftp', opensshSftpArgs(sshd, sshd.clientKeyPath), {
      input: 'ls\n',
    }).toString();
    expect(out).toContain('hello.txt');
  });

  it('drops a session for real: its processes die and its TCP connection closes', async () => {
    // An interactive OpenSSH sftp client keeps its session open until told otherwise.
    const client = spawn('sftp', opensshSftpArgs(sshd, sshd.clientKeyPath), {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => client.once('exit', resolve));
    // Logged in with the SFTP server running: the connection's process and the SFTP one.
    await expect
      .poll(() => sessionProcesses(sshd).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    const before = sessionProcesses(sshd);
    expect(establishedPeers(sshd.port)).toHaveLength(1);

    sshd.dropConnections();

    expect(establishedPeers(sshd.port)).toEqual([]);
    expect(before.filter(isLive)).toEqual([]);
    // The client sees the link go without being told to quit (its stdin is still open).
    expect(await exited).not.toBe(0);
  });
});

/** Still running by `ps` (a zombie is dead: only its exit status is left to collect). */
function isLive(pid: string): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', pid]).toString().trim().startsWith('Z');
  } catch {
    // ps exits 1 when there is no such process.
    return false;
  }
}

/** Live (non-zombie) processes below the sshd listener, as `ps` shows them. */
function sessionProcesses(sshd: Sshd): string[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,args=']).toString();
  const rows = table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4);
  const listener = String(sshd.listenerPid);
  const below = new Set<string>([listener]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of rows) {
      if (below.has(f[1] ?? '') && !below.has(f[0] ?? '')) {
        below.add(f[0] ?? '');
        grew = true;
      }
    }
  }
  return rows
    .filter((f) => below.has(f[0] ?? '') && f[0] !== listener && !f[2]?.startsWith('Z'))
    .map((f) => f[0] ?? '');
}
