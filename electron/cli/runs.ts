import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { DEFAULT_SERVER, JobQueue, type Connector } from '../services/queue/JobQueue.ts';
import { JobStore } from '../services/queue/JobStore.ts';
import type { JobSnapshot } from '../services/queue/types.ts';
import { snapshotOf } from '../services/queue/types.ts';
import type { CliContext } from './commands.ts';
import { connectorFromFlags, type ConnectionFlags } from './connection.ts';
import { lockRun, readRunInfo, runsFolder } from './queuedTransfer.ts';

/** An interrupted put or get, waiting in the queue folder for the same command again. */
export interface StoredRun {
  id: string;
  command: 'put' | 'get';
  server?: string;
  startedMs?: number;
  sources: string[];
  target: string;
  files: JobSnapshot['files'];
}

/** Every run's folder, those killed before their job was first saved included. */
async function runIds(): Promise<string[]> {
  return (await readdir(runsFolder()).catch(() => [] as string[])).sort();
}

export async function listRuns(logger: Logger): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  for (const id of await runIds()) {
    const dir = join(runsFolder(), id);
    const { jobs } = await new JobStore(dir, logger).load();
    const job = jobs[0];
    if (!job || job.spec.direction === 'copy') continue;
    const info = await readRunInfo(dir);
    runs.push({
      id,
      command: job.spec.direction === 'upload' ? 'put' : 'get',
      server: info?.server,
      startedMs: info?.startedMs ?? job.createdMs,
      sources: job.spec.sources,
      target: job.spec.target,
      files: snapshotOf(job).files,
    });
  }
  return runs;
}

/**
 * Forgets an interrupted run for good: its half-downloaded `.pyplan-part` files go, and its
 * half-sent temporary uploads on the server too when `connect` reaches that server (the
 * queue's own clean-up: cancel, then attach). Returns the server files it could not remove.
 * A run going on in another process is refused (its lock), as the same command would be.
 */
export async function forgetRun(
  id: string,
  logger: Logger,
  connect?: Connector,
): Promise<string[]> {
  const dir = join(runsFolder(), id);
  const unlock = await lockRun(dir);
  try {
    const first = new JobQueue({ storeDir: dir, logger });
    await first.start();
    for (const job of first.list()) {
      // A run that gave up on a server that stayed down is kept failed; made active again
      // (with no server attached, so it only waits), its cancel discards its partial files.
      if (job.state === 'failed') first.retry(job.id);
      first.cancel(job.id);
    }
    await first.close();
    if (connect) {
      const second = new JobQueue({ storeDir: dir, logger });
      await second.start();
      second.attach(DEFAULT_SERVER, connect);
      await second.close();
    }
    const { leftovers } = await new JobStore(dir, logger).load();
    return leftovers.flatMap((l) => l.paths);
  } finally {
    await unlock();
    await rm(dir, { recursive: true, force: true });
  }
}

function describeRun(run: StoredRun): string {
  const when = run.startedMs ? new Date(run.startedMs).toISOString().slice(0, 16) : '?';
  const files = `${run.files.done} of ${run.files.total} files done`;
  return (
    `${run.id}  ${run.command}  ${files}  ${run.server ?? 'server not recorded'}  ` +
    `since ${when.replace('T', ' ')}\n    ${run.sources.join(', ')} -> ${run.target}\n`
  );
}

function hasConnection(flags: Partial<ConnectionFlags>): flags is ConnectionFlags {
  return Boolean(flags.host && flags.user && flags.key);
}

/** `runs` lists interrupted runs; `runs forget ID|--all` gives them up. */
export function registerRunCommands(program: Command, ctx: CliContext): void {
  const runs = program
    .command('runs')
    .description('list interrupted put and get runs that the same command would continue')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const found = await listRuns(ctx.logger);
      if (options.json) process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      else if (found.length === 0) process.stdout.write('No interrupted runs.\n');
      else for (const run of found) process.stdout.write(describeRun(run));
    });

  runs
    .command('forget')
    .argument('[id]', 'the run, as `runs` lists it')
    .option('--all', 'every interrupted run')
    .description(
      'give up interrupted runs; with the connection options, also delete their half-sent' +
        ' uploads on that server',
    )
    .action(async (id: string | undefined, options: { all?: boolean }, cmd: Command) => {
      const ids = options.all ? await runIds() : [id];
      if (ids.some((i) => i === undefined) || (id !== undefined && options.all)) {
        throw new AppError('INVALID_ARGUMENT', 'name one run or --all', {
          reason: 'name one run (as `runs` lists it) or give --all',
        });
      }
      const flags = cmd.optsWithGlobals() as Partial<ConnectionFlags>;
      const connect = hasConnection(flags)
        ? await connectorFromFlags(flags, ctx.logger)
        : undefined;
      for (const runId of ids as string[]) await forgetOne(runId, ctx, connect);
    });
}

async function forgetOne(id: string, ctx: CliContext, connect: Connector | undefined) {
  if (!(await runIds()).includes(id)) {
    throw new AppError('NOT_FOUND', 'no such run', { path: id, what: 'run' });
  }
  const left = await forgetRun(id, ctx.logger, connect);
  process.stdout.write(`Forgot run ${id}.\n`);
  if (left.length > 0) {
    process.stdout.write(
      'These half-sent copies stay on the server (hidden names); give the connection options' +
        ' to delete them too, or delete them by hand:\n' +
        left.map((path) => `  ${path}\n`).join(''),
    );
  }
}
