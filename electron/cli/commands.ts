import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors.ts';
import {
  DEFAULT_SIMULTANEOUS_TRANSFERS,
  MAX_SIMULTANEOUS_TRANSFERS,
} from '../../shared/schemas/settings.ts';
import type { Logger } from '../../shared/logger.ts';
import { mapNodeError } from '../services/fs/mapNodeError.ts';
import type { Connector } from '../services/queue/JobQueue.ts';
import type { QueuePgp } from '../services/queue/pgpSteps.ts';
import type { JobSpec } from '../services/queue/types.ts';
import {
  connectorFromFlags,
  knownHostsFrom,
  parsePort,
  type ConnectionFlags,
} from './connection.ts';
import { createProgressBar } from './progressBar.ts';
import { runQueued, type QueuedResult } from './queuedTransfer.ts';
import { reportTransfer } from './report.ts';
import { expandHome } from './paths.ts';
import { registerRemoteCommands } from './remoteCommands.ts';
import { expandRemote, hasWildcard } from './remoteGlob.ts';
import { printable } from './printable.ts';
import type { SftpSession } from '../services/sftp/SftpSession.ts';

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

const PARALLEL_HELP =
  `files of 1 MiB or more moved at once, 1 to ${MAX_SIMULTANEOUS_TRANSFERS} ` +
  '(smaller ones always move several at a time)';

export function registerFileCommands(program: Command, ctx: CliContext): void {
  const flagsOf = (cmd: Command): Flags => cmd.optsWithGlobals() as Flags;

  program
    .command('put')
    .argument('<paths...>', 'local files, then the remote target')
    .option('-r, --recursive', 'copy folders')
    .option('-p, --preserve-times', 'set modification times on the server')
    .option('--in-place', 'write the final name directly (no temporary name and rename)')
    .option('--encrypt-to <keyfile>', 'encrypt each file to this OpenPGP public key', collect)
    .option('--sign-with <keyfile>', 'also sign with this OpenPGP secret key', expandHome)
    .option('--sign-passphrase-env <var>', 'environment variable holding its passphrase')
    .option('-l, --limit <kbit/s>', 'bandwidth limit in Kbit/s, as with sftp -l')
    .option('--parallel <files>', PARALLEL_HELP, parseParallel, DEFAULT_SIMULTANEOUS_TRANSFERS)
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
    .option('--verify-key <keyfile>', 'also trust signatures by this OpenPGP public key', collect)
    .option('--require-signature', 'keep only decrypted files signed by a known key')
    .option('-l, --limit <kbit/s>', 'bandwidth limit in Kbit/s, as with sftp -l')
    .option('--parallel <files>', PARALLEL_HELP, parseParallel, DEFAULT_SIMULTANEOUS_TRANSFERS)
    .option('--json', 'machine-readable output')
    .description("download files or folders; remote wildcards work when quoted: '*.pgp'")
    .action(async (paths: string[], _o, cmd: Command) => {
      const flags = flagsOf(cmd);
      const { sources, target } = splitTarget(paths);
      const pgp = await ctx.transferHooks?.pgp?.(flags, 'download');
      const connect = await connectorFromFlags(flags, ctx.logger);
      const remotePaths = await expandSources(connect, sources, Boolean(flags.recursive));
      if (remotePaths.length > 1) await requireLocalFolder(absoluteLocal(target));
      const spec: JobSpec = {
        direction: 'download',
        sources: remotePaths,
        target: absoluteLocal(target),
        ...commonSpec(flags, pgp),
      };
      const result = await runJob(flags, ctx, spec, pgp, connect);
      ctx.exitCode = reportTransfer(result, Boolean(flags.json), 'downloaded');
    });

  registerSimpleCommands(program, ctx, flagsOf);
}

function registerSimpleCommands(
  program: Command,
  ctx: CliContext,
  flagsOf: (cmd: Command) => Flags,
): void {
  registerRemoteCommands(program, ctx, flagsOf);

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
}

/** A repeatable file option; `--encrypt-to=~/k.asc` reaches us with `~` unexpanded. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), expandHome(value)];
}

/**
 * Remote wildcards (`get '*.pgp' in/`) become the files they match before the job is made:
 * one short connection to list, only when a source has a wildcard.
 */
async function expandSources(
  connect: Connector,
  sources: string[],
  recursive: boolean,
): Promise<string[]> {
  // A backslash makes the next character plain, as in sftp, so it needs the same reading.
  if (!sources.some((path) => hasWildcard(path) || path.includes('\\'))) return sources;
  const connection = await connect();
  try {
    const session = await connection.sftp();
    const out: string[] = [];
    const skipped: string[] = [];
    for (const source of sources) {
      const matches = await expandRemote(session, source);
      if (!hasWildcard(source)) out.push(...matches);
      else out.push(...(await downloadable(session, matches, recursive, skipped)));
    }
    if (out.length === 0) {
      throw new AppError('IS_A_DIRECTORY', 'only folders matched', {
        folders: skipped.map((f) => `"${f}"`).join(', '),
        ...(recursive ? {} : { cliSuggest: 'get -r' }),
      });
    }
    return out;
  } finally {
    await connection.close();
  }
}

/**
 * What a wildcard's matches download, as sftp does: without -r a folder is skipped with a
 * warning and the files still come; with -r a link to a folder is skipped, as the walk of a
 * folder skips one, so `get -r 'dir/*'` takes what `get -r dir` takes.
 */
async function downloadable(
  session: SftpSession,
  matches: string[],
  recursive: boolean,
  skipped: string[],
): Promise<string[]> {
  const kept: string[] = [];
  for (const path of matches) {
    const own = await session.lstat(path);
    const link = own.type === 'symlink';
    const type = link ? (await session.exists(path).catch(() => undefined))?.type : own.type;
    if (type !== 'directory' || (recursive && !link)) {
      kept.push(path);
      continue;
    }
    skipped.push(path);
    const why = link
      ? `skipped link to folder ${printable(path)}`
      : `skipped folder ${printable(path)} (use -r)`;
    process.stderr.write(`warning: ${why}\n`);
  }
  return kept;
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

/**
 * Several downloads go into a folder, which must exist on this computer (as with sftp).
 * Checked here, where the target is known to be local, so a missing one is said to be
 * missing on this computer and not taken for a server path.
 */
async function requireLocalFolder(path: string): Promise<void> {
  const info = await stat(path).catch((err: unknown) => {
    throw mapNodeError(err, path);
  });
  if (!info.isDirectory()) {
    throw new AppError('NOT_A_DIRECTORY', 'several sources need a target folder', { path });
  }
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

/**
 * --parallel: files of 1 MiB or more moved at once, 1 to 10 (AWS allows 10 channels per
 * connection); smaller files move many at a time regardless. Commander calls this while it
 * parses the command line, so a bad value is refused before anything connects.
 */
export function parseParallel(value: string): number {
  const files = /^\d+$/.test(value) ? Number(value) : NaN;
  if (files >= 1 && files <= MAX_SIMULTANEOUS_TRANSFERS) return files;
  throw usageError(
    `--parallel needs a whole number of files from 1 to ${MAX_SIMULTANEOUS_TRANSFERS}, ` +
      `not "${value}"`,
  );
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
  connector?: Connector,
): Promise<QueuedResult> {
  const bandwidthLimit = parseLimit(flags.limit);
  const connect = connector ?? (await connectorFromFlags(flags, ctx.logger));
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
      concurrency: Number(flags.parallel ?? DEFAULT_SIMULTANEOUS_TRANSFERS),
      maxConnections: MAX_CONNECTIONS,
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      // One line, on stderr only: --json output on stdout stays one document.
      onReconnecting: () => {
        process.stderr.write(`${bar ? '\n' : ''}Connection to the server lost; reconnecting...\n`);
      },
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
