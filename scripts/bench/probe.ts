/**
 * Times one engine operation in-process against a local sshd, for profiling:
 * `node scripts/bench/probe.ts <case>`, cases up-big, down-big, up-small, down-small. Sizes
 * follow BENCH_BIG_MIB and BENCH_SMALL_COUNT like main.ts. PROBE_PROFILE=out.cpuprofile
 * profiles the transfer alone (not the setup); PROBE_CORK=1 tries batching socket writes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { startSshd } from '../../tests/helpers/sshd.ts';
import { connectTo, sessionTo, tempDir } from '../../tests/helpers/session.ts';
import { writeRandomFile } from '../../tests/helpers/files.ts';
import { download, upload } from '../../electron/services/transfer/transfer.ts';

const MiB = 1024 * 1024;
const BIG = Number(process.env.BENCH_BIG_MIB ?? 256) * MiB;
const SMALL_COUNT = Number(process.env.BENCH_SMALL_COUNT ?? 1000);
const which = process.argv[2] ?? 'down-big';

/** Experiment: gathers the socket writes of one tick into one system call. */
function corkPerTick(session: { raw: unknown }): void {
  const sock = (session.raw as { _client: { _sock: Socket } })._client._sock;
  const write = sock.write.bind(sock) as (...args: unknown[]) => boolean;
  let corked = false;
  sock.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      sock.cork();
      process.nextTick(() => {
        corked = false;
        sock.uncork();
      });
    }
    return write(...args);
  }) as typeof sock.write;
}

/** With PROBE_PROFILE=file, profiles only the transfer (not the setup) into that file. */
async function startProfiler(): Promise<(() => Promise<void>) | undefined> {
  const out = process.env.PROBE_PROFILE;
  if (!out) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(out, JSON.stringify(profile));
  };
}

const sshd = await startSshd();
const work = tempDir('pyplan-probe-');
try {
  const { connection, session } = await sessionTo(sshd);
  if (process.env.PROBE_CORK) corkPerTick(session);
  const big = join(work, 'big.bin');
  const small = join(work, 'small');
  if (which.endsWith('big'))
    writeRandomFile(which === 'up-big' ? big : join(sshd.root, 'big.bin'), BIG);
  else {
    const dir = which === 'up-small' ? small : join(sshd.root, 'small');
    mkdirSync(dir);
    for (let i = 0; i < SMALL_COUNT; i += 1)
      writeFileSync(join(dir, `f${i}.csv`), Buffer.alloc(4096, i));
  }
  const profiler = await startProfiler();
  const started = performance.now();
  // PROBE_CONNS=2 lets the engine open a second connection (a second sshd process).
  const conns = Number(process.env.PROBE_CONNS ?? 1);
  const options = {
    connection,
    recursive: true,
    // PROBE_REQUESTS sets the requests in flight per file (default 64).
    requests: Number(process.env.PROBE_REQUESTS ?? 0) || undefined,
    ...(conns > 1 ? { connect: () => connectTo(sshd), maxConnections: conns } : {}),
  };
  if (which === 'up-big') await upload(session, [big], `${sshd.root}/big.bin`, options);
  if (which === 'down-big') await download(session, [`${sshd.root}/big.bin`], work, options);
  if (which === 'up-small') await upload(session, [small], sshd.root, options);
  if (which === 'down-small') {
    rmSync(small, { recursive: true, force: true });
    await download(session, [`${sshd.root}/small`], work, options);
  }
  console.log(`${which}: ${((performance.now() - started) / 1000).toFixed(2)}s`);
  await profiler?.();
  await connection.close();
} finally {
  await sshd.stop();
  rmSync(work, { recursive: true, force: true });
}
