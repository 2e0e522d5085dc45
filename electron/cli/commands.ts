import { resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AppError, toAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { formatMode } from '../../shared/format.ts';
import type { FileEntry } from '../../shared/types/remote.ts';
import type { QueuePgp } from '../services/queue/pgpSteps.ts';
import type { JobSpec } from '../services/queue/types.ts';
import type { SftpSession } from '../services/sftp/SftpSession.ts';
import {
  connectorFromFlags,
  knownHostsFrom,
  parsePort,
  type ConnectionFlags,
} from './connection.ts';
import { createProgressBar } from './progressBar.ts';
import { runQueued, type QueuedResult } from './queuedTransfer.ts';
import { reportTransfer } from './report.ts';

export interface CliContext {
  logger: Logger;
  /** Set by a command to say how the process should exit. */
  exitCode: number;
  signal: AbortSignal;
  /** Run when the command ends, whatever happened (e.g. stopping PGP workers). */
  cleanups: Array<() => Promise<void>>;
  /** Hooks the PGP feature uses to add encryption and decryption to put and get. */
  transferHooks?: TransferHooks;
}

/** OpenPGP for one put or get: what the job records, and what does the work. */
export interface TransferPgp {
  spec: NonNullable<JobSpec['pgp']>;
  provider: QueuePgp;
  /** What else makes two runs the same job (the signing key). */
  identity?: string;
}

export interface TransferHooks {
  /** OpenPGP asked for by the command's flags; undefined when none was. */
  pgp?(
    flags: Record<string, unknown>,
    direction: 'upload' | 'download',
  ): Promise<TransferPgp | undefined>;
}

type Flags = ConnectionFlags & Record<string, unknown>;

/** Transfers may open this many connections in all, counting reconnections after a drop. */
const MAX_CONNECTIONS = 2;

async function withSession<T>(
  flags: Flags,
  ctx: CliContext,
  run: (session: SftpSession) => Promise<T>,
): Promise<T> {
  const connect = await connectorFromFlags(flags, ctx.logger);
  const connection = await connect();
  try {
    const session = await connection.sftp();
    return await run(session);
  } finally {
    await connection.close();
  }
}

function formatEntry(entry: FileEntry): string {
  const when = entry.modifiedMs ? new Date(entry.modifiedMs).toISOString().slice(0, 16) : '';
  const suffix = entry.type === 'directory' ? '/' : '';
  const broken = entry.target && 'broken' in entry.target ? '  (broken link)' : '';
  return (
    `${formatMode(entry.mode, entry.type)} ${String(entry.size).padStart(12)} ` +
    `${when.replace('T', ' ')}  ${entry.name}${suffix}${broken}`
  );
}

export function registerFileCommands(program: Command, ctx: CliContext): void {
  const flagsOf = (cmd: Command): Flags => cmd.optsWithGlobals() as Flags;

  program
    .command('ls')
    .argument('[remote_dir]', 'remote folder', '.')
    .option('--json', 'machine-readable output')
    .description('list a remote folder')
    .action(async (dir: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      const entries = await withSession(flags, ctx, (s) => s.list(dir));
      entries.sort((a, b) => a.name.localeCompare(b.name));
      if (flags.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) process.stdout.write(`${formatEntry(e)}\n`);
    });

  program
    .command('put')
    .argument('<paths...>', 'local files, then the remote target')
    .option('-r, --recursive', 'copy folders')
    .option('-p, --preserve-times', 'set modification times on the server')
    .option('--in-place', 'write the final name directly (no temporary name and rename)')
    .option('--encrypt-to <keyfile>', 'encrypt each file to this OpenPGP public key', collect)
    .option('--sign-with <keyfile>', 'also sign with this OpenPGP secret key')
    .option('--sign-passphrase-env <var>', 'environment variable holding its passphrase')
    .option('-l, --limit <kbit/s>', 'bandwidth limit in Kbit/s, as with sftp -l')
    .option('--json', 'machine-readable output')
    .description('upload files or folders')
    .action(async (paths: string[], _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      const { sources, target } = splitTarget(paths);
      const pgp = await ctx.transferHooks?.pgp?.(flags, 'upload');
      const spec: JobSpec = {
        direction: 'upload',
        // Absolute, so the same command from another folder is still the same job.
        sources: sources.map((path) => resolve(path)),
        target,
        ...commonSpec(flags, pgp),
        // Unset lets the server profile decide: AWS Transfer Family writes in place, since a
        // rename on S3 is a slow copy.
        ...(flags.inPlace ? { inPlace: true } : {}),
      };
      const result = await runJob(flags, ctx, spec, pgp);
      ctx.exitCode = reportTransfer(result, Boolean(flags.json), 'uploaded');
    });

  program
    .command('get')
    .argument('<paths...>', 'remote files, then the local target')
    .option('-r, --recursive', 'copy folders')
    .option('-p, --preserve-times', "keep the server's modification times")
    .option('--decrypt', 'decrypt downloaded .pgp, .gpg and .asc files')
    .option('--decrypt-key <keyfile>', 'OpenPGP secret key to decrypt with', collect)
    .option('--decrypt-passphrase-env <var>', 'environment variable holding its passphrase')
    .option('-l, --limit <kbit/s>', 'bandwidth limit in Kbit/s, as with sftp -l')
    .option('--json', 'machine-readable output')
    .description('download files or folders')
    .action(async (paths: string[], _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      const { sources, target } = splitTarget(paths);
      const pgp = await ctx.transferHooks?.pgp?.(flags, 'download');
      const spec: JobSpec = {
        direction: 'download',
        sources,
        target: absoluteLocal(target),
        ...commonSpec(flags, pgp),
      };
      const result = await runJob(flags, ctx, spec, pgp);
      ctx.exitCode = reportTransfer(result, Boolean(flags.json), 'downloaded');
    });

  registerSimpleCommands(program, ctx, flagsOf);
}

function registerSimpleCommands(
  program: Command,
  ctx: CliContext,
  flagsOf: (cmd: Command) => Flags,
): void {
  program
    .command('mkdir')
    .argument('<remote_dir>')
    .option('-p, --parents', 'create parents')
    .description('create a remote folder')
    .action(async (dir: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      await withSession(flags, ctx, (s) => s.mkdir(dir, { parents: Boolean(flags.parents) }));
    });

  program
    .command('rm')
    .argument('<remote>')
    .option('-r, --recursive', 'delete a folder and its contents')
    .description('delete a remote file or folder')
    .action(async (path: string, _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      refuseDangerousDelete(path);
      await withSession(flags, ctx, async (s) => {
        const entry = await s.stat(path).catch(() => undefined);
        if (entry?.type !== 'directory') return s.removeFile(path);
        await s.removeDir(path, { recursive: Boolean(flags.recursive) }).catch((err: unknown) => {
          const e = toAppError(err);
          if (e.code !== 'DIRECTORY_NOT_EMPTY' || flags.recursive) throw e;
          throw new AppError(e.code, e.message, { ...e.details, cliSuggest: 'rm -r' }, e);
        });
      });
    });

  program
    .command('forget-host-key')
    .description(
      "forget the saved identity of --host (and --port), only once Pyplan confirms the server's" +
        ' key changed; the next connection then asks as for a new server',
    )
    .action(async (_o, cmd: Command) => {
      const flags = flagsOf(cmd);
      if (!flags.host) cmd.error('error: missing required option --host');
      const removed = await knownHostsFrom(flags).forget(flags.host, parsePort(flags.port));
      process.stdout.write(
        removed > 0
          ? `Forgot the saved identity of ${flags.host}:${flags.port}.\n`
          : `No identity was saved for ${flags.host}:${flags.port}.\n`,
      );
    });

  program
    .command('mv')
    .argument('<from>')
    .argument('<to>')
    .description('rename or move a remote file or folder')
    .action(async (from: string, to: string, _o, cmd: Command) => {
      await withSession(flagsOf(cmd), ctx, (s) => s.rename(from, to));
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Like GNU rm: '.', '..' and '/' are never deleted, since they mean "everything here". */
function refuseDangerousDelete(path: string): void {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last === '' || last === '.' || last === '..') {
    throw new AppError('INVALID_ARGUMENT', 'refusing to delete . or .. or /', {
      reason: `refusing to delete "${path}": name the folder itself`,
    });
  }
}

function splitTarget(paths: string[]): { sources: string[]; target: string } {
  if (paths.length < 2) {
    const only = paths[0] ?? '';
    return { sources: [only], target: '.' };
  }
  return { sources: paths.slice(0, -1), target: paths[paths.length - 1] as string };
}

function commonSpec(flags: Flags, pgp: TransferPgp | undefined) {
  return {
    recursive: Boolean(flags.recursive),
    preserveTimes: Boolean(flags.preserveTimes),
    ...(pgp ? { pgp: pgp.spec } : {}),
  };
}

/** An absolute local target that keeps a trailing separator ("this must be a folder"). */
function absoluteLocal(path: string): string {
  const trailing = path.endsWith('/') || path.endsWith(sep);
  const absolute = resolve(path);
  return trailing && !absolute.endsWith(sep) ? `${absolute}${sep}` : absolute;
}

/** sftp's -l: Kbit/s (1024 bits), as bytes per second. */
function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const kbits = Number(value);
  if (!Number.isInteger(kbits) || kbits <= 0) throw usageError('--limit needs a whole number');
  return (kbits * 1024) / 8;
}

function usageError(reason: string): AppError {
  return new AppError('INVALID_ARGUMENT', reason, { reason });
}

/**
 * Runs a put or get as a job of the persistent queue (see runQueued): an interrupted run
 * continues on the next identical one.
 */
async function runJob(
  flags: Flags,
  ctx: CliContext,
  spec: JobSpec,
  pgp: TransferPgp | undefined,
): Promise<QueuedResult> {
  const bandwidthLimit = parseLimit(flags.limit);
  const connect = await connectorFromFlags(flags, ctx.logger);
  const bar = process.stderr.isTTY && !flags.json ? createProgressBar() : undefined;
  const server = `${flags.user}@${flags.host}:${parsePort(flags.port)}`;
  try {
    return await runQueued({
      spec,
      identity: JSON.stringify([server, pgp?.identity ?? null]),
      server,
      connect,
      ...(pgp ? { pgp: pgp.provider } : {}),
      logger: ctx.logger,
      signal: ctx.signal,
      ...(bandwidthLimit ? { bandwidthLimit } : {}),
      maxConnections: MAX_CONNECTIONS,
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      onResume: (job) => {
        process.stderr.write(
          `continuing an interrupted run (${job.files.done} of ${job.files.total} files ` +
            'already there)\n',
        );
      },
    });
  } finally {
    bar?.done();
  }
}
