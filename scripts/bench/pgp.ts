/**
 * `npm run bench:pgp`: encrypt-and-upload through our command line against what users do
 * today, `gpg -e` followed by OpenSSH `sftp put`, on the same local sshd in one run. Prints
 * each round, then the ratio of medians (ours / theirs; the target is 0.8 or less) and peak
 * memory. The machine is shared, so the two sides alternate within every round, and the CPU
 * seconds (user + system, all threads) are printed too: they move far less with the load than
 * wall time does. The last upload is decrypted by gpg and compared, so a fast but wrong result
 * cannot pass unnoticed.
 *
 * gpg compresses by default (ZLIB, level 6), which on random data is wasted work and most of
 * its time; `gpg -z 0 -e` (no compression) is timed too, as the stricter comparison.
 *
 * BENCH_PGP_MIB (default 1024), BENCH_ROUNDS (default 3), BENCH_PGP_DATA=random|csv (default
 * random; csv is text that compresses, like an analyst's export), BENCH_FROM_SOURCE=1 runs
 * `node electron/cli/main.ts` instead of the bundle the command line ships as.
 */
import type { Plugin } from 'esbuild';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshd, type Sshd } from '../../tests/helpers/sshd.ts';
import { tempDir } from '../../tests/helpers/session.ts';
import { writeRandomFile } from '../../tests/helpers/files.ts';
import { createGpg, type Gpg } from '../../tests/helpers/gpg.ts';
import { PGP_KEYS } from '../../tests/helpers/fixtures.ts';

const CLI_SOURCE = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const WORKER_SOURCE = fileURLToPath(
  new URL('../../electron/services/pgp/worker.ts', import.meta.url),
);
const BUNDLE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/pyplan-bench/', import.meta.url),
);
const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_PGP_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATA = process.env.BENCH_PGP_DATA === 'csv' ? 'csv' : 'random';
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';

/**
 * The command line as it ships: an esbuild bundle (as `npm run bench` and the app's build make),
 * here with the PGP worker bundled beside it and the pool pointed at it. From source, Node
 * strips types from every module in both threads at each start, which adds about 0.5 s and
 * some 40 MiB of resident memory that a user never pays.
 */
async function bundleCli(): Promise<string> {
  const { build } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    format: 'esm' as const,
    external: ['ssh2', 'cpu-features'],
    logLevel: 'warning' as const,
    banner: {
      js:
        "import { createRequire as __r } from 'node:module';" +
        'const require = __r(import.meta.url);',
    },
  };
  const pointPoolAtBundle: Plugin = {
    name: 'pgp-worker',
    setup(b) {
      b.onLoad({ filter: /pgp[/\\]workerPool\.ts$/ }, async (args) => ({
        contents: (await readFile(args.path, 'utf8')).replace('./worker.ts', './pgp-worker.js'),
        loader: 'ts',
      }));
    },
  };
  const cli = join(BUNDLE_DIR, 'pgp-cli.mjs');
  await build({ ...common, entryPoints: [CLI_SOURCE], outfile: cli, plugins: [pointPoolAtBundle] });
  await build({
    ...common,
    entryPoints: [WORKER_SOURCE],
    outfile: join(BUNDLE_DIR, 'pgp-worker.js'),
  });
  // The command line runs only when started as itself, which it checks by real path.
  return realpathSync(cli);
}

/** Text like a ledger export: dates, codes, names and amounts, which zlib shrinks about 4x. */
function writeCsvFile(path: string, size: number): void {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const centers = ['Finance', 'Operations', 'Sales EMEA', 'Sales LATAM', 'R&D', 'Marketing'];
  writeFileSync(path, 'date,account,cost_center,currency,amount,description\n');
  for (let written = 0; written < size;) {
    const rows: string[] = [];
    for (let i = 0; i < 8192; i += 1) {
      const day = String(1 + (next() % 28)).padStart(2, '0');
      rows.push(
        `2024-${String(1 + (next() % 12)).padStart(2, '0')}-${day},ACC-${next() % 100000},` +
          `${centers[next() % centers.length]},EUR,${(next() % 10_000_000) / 100},` +
          `invoice ${next() % 1_000_000} posted\n`,
      );
    }
    const block = Buffer.from(rows.join('')).subarray(0, size - written);
    writeFileSync(path, block, { flag: 'a' });
    written += block.length;
  }
}

interface Run {
  s: number;
  cpu: number;
  peakMiB: number;
}

/** Wall time, CPU seconds and peak RSS of one command, by GNU time. */
function timed(cmd: string, args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'peakKiB=%M cpu=%U+%S', cmd, ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} failed: ${stderr}`));
      const m = /peakKiB=(\d+) cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        s: Number(process.hrtime.bigint() - started) / 1e9,
        cpu: Number(m?.[2] ?? 0) + Number(m?.[3] ?? 0),
        peakMiB: Number(m?.[1] ?? 0) / 1024,
      });
    });
  });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
const fmt = (r: Run) => `${r.s.toFixed(2)}s (cpu ${r.cpu.toFixed(1)}s)`;

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Sides {
  ours: () => Promise<Run>;
  /** gpg -e with its default compression, or with -z 0, then sftp put. */
  theirs: (noCompression: boolean) => Promise<Run>;
  reset: () => void;
}

function sides(sshd: Sshd, gpg: Gpg, work: string, cli: string, plain: string): Sides {
  const key = join(work, 'client.key');
  copyFileSync(sshd.clientKeyPath, key);
  chmodSync(key, 0o600);
  const recipient = join(PGP_KEYS, 'platform-ed25519.pub.asc');
  const encrypted = join(work, 'export.csv.gpg');
  // Temporary paths hold no spaces, so these argument lists can be written as one string.
  const connect = `--host ${sshd.host} --port ${sshd.port} --user ${sshd.user} --key ${key}`;
  const sftp =
    `-q -b - -i ${key} -P ${sshd.port} -o StrictHostKeyChecking=no ` +
    `-o UserKnownHostsFile=/dev/null ${sshd.user}@${sshd.host}`;
  const put = `${connect} --accept-new-host-key put ${plain} ${sshd.root}`;
  const gpgArgs = `--homedir ${gpg.home} --batch --yes --trust-model always -r platform`;
  return {
    ours: () =>
      timed(
        process.execPath,
        `--disable-warning=ExperimentalWarning ${cli} ${put} --encrypt-to ${recipient}`.split(' '),
      ),
    theirs: async (noCompression) => {
      const level = noCompression ? '-z 0 ' : '';
      const e = await timed(
        'gpg',
        `${gpgArgs} ${level}-e --output ${encrypted} ${plain}`.split(' '),
      );
      const p = await timed('sftp', sftp.split(' '), `put ${encrypted} ${sshd.root}/\n`);
      console.log(`  gpg ${level}-e ${fmt(e)} + sftp put ${fmt(p)}`);
      return { s: e.s + p.s, cpu: e.cpu + p.cpu, peakMiB: e.peakMiB };
    },
    reset: () => {
      for (const name of ['export.csv.pgp', 'export.csv.gpg']) {
        rmSync(join(sshd.root, name), { force: true });
      }
      rmSync(encrypted, { force: true });
    },
  };
}

/** gpg decrypts our last upload; the plaintext must be the file we sent. */
async function verifyUpload(sshd: Sshd, gpg: Gpg, plain: string, work: string): Promise<void> {
  gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
  const out = join(work, 'check.csv');
  gpg.ok(['--output', out, '--decrypt', join(sshd.root, 'export.csv.pgp')]);
  const same = (await sha256(out)) === (await sha256(plain));
  rmSync(out, { force: true });
  if (!same) throw new Error('gpg decrypted our upload to something else');
}

interface Results {
  ours: Run[];
  gpg: Run[];
  gpgZ0: Run[];
}

async function rounds(s: Sides): Promise<Results> {
  const results: Results = { ours: [], gpg: [], gpgZ0: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    s.reset();
    const ours = async () => {
      const o = await s.ours();
      console.log(`  round ${round + 1}: ours ${fmt(o)} peak ${o.peakMiB.toFixed(0)} MiB`);
      results.ours.push(o);
    };
    // Alternate who goes first, so a burst of load from elsewhere does not always hit one side.
    if (round % 2 === 0) await ours();
    results.gpg.push(await s.theirs(false));
    results.gpgZ0.push(await s.theirs(true));
    if (round % 2 === 1) await ours();
  }
  return results;
}

function report(r: Results, uploadedMiB: number): void {
  const wall = (runs: Run[]) => median(runs.map((run) => run.s));
  const cpu = (runs: Run[]) => median(runs.map((run) => run.cpu));
  const peak = (runs: Run[]) => Math.max(...runs.map((run) => run.peakMiB)).toFixed(0);
  const versus = (name: string, theirs: Run[]) =>
    `  vs ${name} + sftp put ${wall(theirs).toFixed(2)}s: ratio ` +
    `${(wall(r.ours) / wall(theirs)).toFixed(2)} (cpu ${cpu(r.ours).toFixed(1)}s vs ` +
    `${cpu(theirs).toFixed(1)}s)`;
  console.log(`median: ours ${wall(r.ours).toFixed(2)}s`);
  console.log(versus('gpg -e', r.gpg));
  console.log(versus('gpg -z 0 -e', r.gpgZ0));
  console.log(
    `peak MiB ours ${peak(r.ours)} (whole process) gpg ${peak(r.gpg)}; uploaded ` +
      `${uploadedMiB.toFixed(0)} MiB, which gpg decrypts to the same bytes`,
  );
}

const work = tempDir('pyplan-bench-pgp-');
const sshd = await startSshd();
const gpg = createGpg();
try {
  const cli = FROM_SOURCE ? CLI_SOURCE : await bundleCli();
  gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.pub.asc')]);
  const plain = join(work, 'export.csv');
  if (DATA === 'csv') writeCsvFile(plain, SIZE);
  else writeRandomFile(plain, SIZE);
  console.log(
    `PGP encrypt + upload ${SIZE / MiB} MiB of ${DATA} data, ${ROUNDS} rounds, ` +
      `CLI ${FROM_SOURCE ? 'from source' : 'bundled'}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  const results = await rounds(sides(sshd, gpg, work, cli, plain));
  await verifyUpload(sshd, gpg, plain, work);
  report(results, statSync(join(sshd.root, 'export.csv.pgp')).size / MiB);
} finally {
  gpg.dispose();
  await sshd.stop();
  rmSync(work, { recursive: true, force: true });
}
