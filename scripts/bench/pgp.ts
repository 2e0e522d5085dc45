/**
 * `npm run bench:pgp`: encrypt-and-upload through our command line against what users do
 * today, `gpg -e` followed by OpenSSH `sftp put`, on the same local sshd in one run. Prints
 * the ratio (ours / theirs; the target is 0.8 or less) and peak memory.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshd } from '../../tests/helpers/sshd.ts';
import { tempDir } from '../../tests/helpers/session.ts';
import { writeRandomFile } from '../../tests/helpers/files.ts';
import { createGpg } from '../../tests/helpers/gpg.ts';
import { PGP_KEYS } from '../../tests/helpers/fixtures.ts';

const CLI = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const SIZE = Number(process.env.BENCH_PGP_MIB ?? 1024) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

function timed(cmd: string, args: string[], input = ''): Promise<{ s: number; peakMiB: number }> {
  const wrapped: [string, string[]] = existsSync('/usr/bin/time')
    ? ['/usr/bin/time', ['-f', 'peakKiB=%M', cmd, ...args]]
    : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(wrapped[0], wrapped[1], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} failed: ${stderr}`));
      const peak = Number(/peakKiB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
      resolve({ s: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: peak });
    });
  });
}

const work = tempDir('pyplan-bench-pgp-');
const sshd = await startSshd();
const gpg = createGpg();
try {
  const key = join(work, 'client.key');
  copyFileSync(sshd.clientKeyPath, key);
  chmodSync(key, 0o600);
  const recipient = join(PGP_KEYS, 'platform-ed25519.pub.asc');
  gpg.ok(['--import', recipient]);
  const plain = join(work, 'export.csv');
  writeRandomFile(plain, SIZE);
  const sftp = ['-q', '-b', '-', '-i', key, '-P', String(sshd.port), '-o',
    'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', `${sshd.user}@${sshd.host}`];
  const ours: number[] = [];
  const theirs: number[] = [];
  let peaks = { ours: 0, gpg: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    rmSync(join(sshd.root, 'export.csv.pgp'), { force: true });
    rmSync(join(sshd.root, 'export.csv.gpg'), { force: true });
    const encrypted = join(work, 'export.csv.gpg');
    rmSync(encrypted, { force: true });
    const started = process.hrtime.bigint();
    const e = await timed('gpg', ['--homedir', gpg.home, '--batch', '--yes', '--trust-model',
      'always', '-e', '-r', 'platform', '--output', encrypted, plain]);
    await timed('sftp', sftp, `put ${encrypted} ${sshd.root}/\n`);
    theirs.push(Number(process.hrtime.bigint() - started) / 1e9);
    const o = await timed(process.execPath, ['--disable-warning=ExperimentalWarning', CLI,
      '--host', sshd.host, '--port', String(sshd.port), '--user', sshd.user, '--key', key,
      '--accept-new-host-key', 'put', plain, sshd.root, '--encrypt-to', recipient]);
    ours.push(o.s);
    peaks = { ours: Math.max(peaks.ours, o.peakMiB), gpg: Math.max(peaks.gpg, e.peakMiB) };
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  const [o, t] = [median(ours), median(theirs)];
  console.log(`PGP encrypt + upload ${SIZE / 1024 / 1024} MiB, median of ${ROUNDS}:`);
  console.log(`  ours ${o.toFixed(2)}s  gpg -e + sftp put ${t.toFixed(2)}s  ratio ` +
    `${(o / t).toFixed(2)}  peak MiB ours ${peaks.ours.toFixed(0)} gpg ${peaks.gpg.toFixed(0)}`);
} finally {
  gpg.dispose();
  await sshd.stop();
  rmSync(work, { recursive: true, force: true });
}
