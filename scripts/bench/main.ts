/**
 * `npm run bench`: times our command line against OpenSSH's sftp on the same local sshd, in
 * the same run, and prints ratios (ours / OpenSSH; below 1.0 means we are faster) and the
 * peak memory of each. Not a test: machines differ, ratios within one run do not.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  rmSync,
  writeFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  readFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshd, type Sshd } from '../../tests/helpers/sshd.ts';
import { tempDir } from '../../tests/helpers/session.ts';
import { writeRandomFile } from '../../tests/helpers/files.ts';
import { cliConnection, opensshSftpArgs } from '../../tests/helpers/cli.ts';

const CLI_SOURCE = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const BUNDLE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/pyplan-bench/', import.meta.url),
);
const CLI_BUNDLE = join(BUNDLE_DIR, 'cli.mjs');
/** BENCH_FROM_SOURCE=1 times `node electron/cli/main.ts` instead of the bundled command line. */
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';
let CLI = CLI_SOURCE;

/**
 * The command line as it ships: one esbuild bundle, as scripts/build-electron.ts makes for the
 * app. Run from source, Node strips types from ~60 modules at every start (about 0.5 s here),
 * which would swamp the small-file cases. ssh2 stays outside (native binding), as in the app.
 * Split in two, as the entry (main.ts) loads the program only after turning on Node's compile
 * cache: in one file, the program would be compiled before the cache is on.
 */
async function bundleCli(): Promise<string> {
  const { build } = await import('esbuild');
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: { cli: CLI_SOURCE },
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    external: ['ssh2', 'cpu-features'],
    logLevel: 'warning',
    banner: {
      js:
        "import { createRequire as __pyplanRequire } from 'node:module';" +
        'const require = __pyplanRequire(import.meta.url);',
    },
  });
  return CLI_BUNDLE;
}

/** Median wall time of `--help`: the fixed cost every case pays before connecting. */
async function startupSeconds(): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    runs.push(
      (await timed(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--help']))
        .seconds,
    );
  }
  return median(runs);
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; load ${load}`;
}
const MiB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIG = Number(process.env.BENCH_BIG_MIB ?? 512) * MiB;
const SMALL_COUNT = Number(process.env.BENCH_SMALL_COUNT ?? 2000);

interface Run {
  seconds: number;
  peakKiB: number;
  /** CPU seconds the whole machine spent meanwhile: client, server and kernel together. */
  machineCpu: number;
}

/**
 * Busy CPU time of the whole machine so far, in seconds (Linux's /proc/stat; 0 elsewhere).
 * Divided by the number of cores, a run's share is the least wall time the same work could
 * take here, however well it were spread: it shows how far a target is within reach.
 */
function machineBusySeconds(): number {
  if (!existsSync('/proc/stat')) return 0;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
  const ticks = fields.slice(1, 9).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  // USER_HZ is 100 on every Linux build we know of.
  return (ticks.reduce((a, b) => a + b, 0) - idle) / 100;
}

/** Runs a command under GNU time-like accounting: wall time and the child's peak RSS. */
function timed(cmd: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const busyBefore = machineBusySeconds();
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input ?? '');
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${cmd} failed (${code}): ${stderr}`));
      const peak = /peakKiB=(\d+)/.exec(stderr);
      const machineCpu = machineBusySeconds() - busyBefore;
      resolve({ seconds, peakKiB: peak ? Number(peak[1]) : 0, machineCpu });
    });
  });
}

/** Wraps a command so its peak RSS is printed by the kernel's accounting via /usr/bin/time. */
function withPeak(cmd: string, args: string[]): [string, string[]] {
  if (!existsSync('/usr/bin/time')) return [cmd, args];
  return ['/usr/bin/time', ['-f', 'peakKiB=%M', cmd, ...args]];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface Case {
  name: string;
  ours: () => Promise<Run>;
  openssh: () => Promise<Run>;
  reset: () => void;
}

async function measure(c: Case): Promise<void> {
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    c.reset();
    theirs.push(await c.openssh());
    c.reset();
    ours.push(await c.ours());
  }
  const o = median(ours.map((r) => r.seconds));
  const t = median(theirs.map((r) => r.seconds));
  const peak = (runs: Run[]) => Math.max(...runs.map((r) => r.peakKiB)) / 1024;
  const cpu = (runs: Run[]) => median(runs.map((r) => r.machineCpu));
  // The least wall time our work could take on this machine's cores, as a ratio.
  const floor = cpu(ours) / cpus().length / t;
  console.log(
    `${c.name.padEnd(28)} ours ${o.toFixed(2)}s  openssh ${t.toFixed(2)}s  ` +
      `ratio ${(o / t).toFixed(2)}  peak MiB ours ${peak(ours).toFixed(0)} ` +
      `openssh ${peak(theirs).toFixed(0)}  machine CPU s ours ${cpu(ours).toFixed(2)} ` +
      `openssh ${cpu(theirs).toFixed(2)}  floor ${floor.toFixed(2)}`,
  );
}

function casesFor(sshd: Sshd, work: string, key: string): Case[] {
  const conn = cliConnection(sshd, key);
  const env = join(work, 'home');
  process.env.PYPLAN_TRANSFER_HOME = env;
  const node = (args: string[]) =>
    timed(
      ...withPeak(process.execPath, [
        '--disable-warning=ExperimentalWarning',
        CLI,
        ...conn,
        ...args,
      ]),
    );
  const sftp = (script: string) =>
    timed(...withPeak('sftp', ['-q', ...opensshSftpArgs(sshd, key)]), script);
  const big = join(work, 'big.bin');
  const small = join(work, 'small');
  const down = join(work, 'down');
  const fresh = (path: string) => {
    rmSync(path, { recursive: true, force: true });
    mkdirSync(path, { recursive: true });
  };
  return [
    {
      name: `upload ${BIG / MiB} MiB`,
      reset: () => rmSync(join(sshd.root, 'big.bin'), { force: true }),
      ours: () => node(['put', big, `${sshd.root}/big.bin`]),
      openssh: () => sftp(`put ${big} ${sshd.root}/big.bin\n`),
    },
    {
      name: `download ${BIG / MiB} MiB`,
      reset: () => fresh(down),
      ours: () => node(['get', `${sshd.root}/big.bin`, down]),
      openssh: () => sftp(`get ${sshd.root}/big.bin ${down}/\n`),
    },
    {
      name: `upload ${SMALL_COUNT} x 4 KiB`,
      reset: () => rmSync(join(sshd.root, 'small'), { recursive: true, force: true }),
      ours: () => node(['put', '-r', small, sshd.root]),
      openssh: () => sftp(`put -r ${small} ${sshd.root}/\n`),
    },
    {
      name: `download ${SMALL_COUNT} x 4 KiB`,
      reset: () => fresh(down),
      ours: () => node(['get', '-r', `${sshd.root}/small`, down]),
      openssh: () => sftp(`get -r ${sshd.root}/small ${down}/\n`),
    },
  ];
}

async function main(): Promise<void> {
  const work = tempDir('pyplan-bench-');
  const sshd = await startSshd();
  try {
    const key = join(work, 'client.key');
    copyFileSync(sshd.clientKeyPath, key);
    chmodSync(key, 0o600);
    writeRandomFile(join(work, 'big.bin'), BIG);
    mkdirSync(join(work, 'small'));
    for (let i = 0; i < SMALL_COUNT; i += 1) {
      writeFileSync(
        join(work, 'small', `f${String(i).padStart(5, '0')}.csv`),
        Buffer.alloc(4096, i % 251),
      );
    }
    CLI = FROM_SOURCE ? CLI_SOURCE : await bundleCli();
    console.log(
      `Benchmark: median of ${ROUNDS} rounds, loopback OpenSSH sshd, node ${process.version}`,
    );
    console.log(`Machine: ${machine()}`);
    console.log(
      `Our CLI: ${FROM_SOURCE ? 'from source' : 'bundled'}, ` +
        `start-up ${(await startupSeconds()).toFixed(2)}s (--help)`,
    );
    // Each download case reads what the upload before it left; seed it for filtered runs.
    copyFileSync(join(work, 'big.bin'), join(sshd.root, 'big.bin'));
    cpSync(join(work, 'small'), join(sshd.root, 'small'), { recursive: true });
    // BENCH_CASES=download picks the cases whose name contains one of the comma-separated words.
    const only = (process.env.BENCH_CASES ?? '').split(',').filter((w) => w !== '');
    for (const c of casesFor(sshd, work, key)) {
      if (only.length === 0 || only.some((w) => c.name.includes(w))) await measure(c);
    }
  } finally {
    await sshd.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
