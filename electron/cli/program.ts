import { Command, CommanderError } from 'commander';
import { registerFileCommands, type CliContext } from './commands.ts';
import { createStderrLogger } from './logger.ts';
import { cliHint, jsonError, userMessage } from './messages.ts';
import { AppError, toAppError } from '../../shared/errors.ts';
import { registerExtensions } from './extensions.ts';
import { registerRunCommands } from './runs.ts';
import { expandHome } from './paths.ts';
import { hoistConnectionOptions, MAIN_HELP_AFTER, programVersion } from './usage.ts';

/** Exit codes: 0 success, 1 the operation failed, 2 the command was written wrong. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
/** What shells report for a command stopped by Ctrl-C (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;
const SERVER_COMMANDS = new Set(['ls', 'put', 'get', 'mkdir', 'rm', 'mv']);

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('pyplan-transfer')
    .description('Move files between this computer and Pyplan Cloud over SFTP.')
    .option('--host <host>', 'server name or address')
    .option('--port <port>', 'server port', '22')
    .option('--user <user>', 'user name Pyplan gave you')
    .option('--key <file>', 'private key file (e.g. cert.pem)', expandHome)
    .option('--passphrase-env <var>', 'environment variable holding the key passphrase')
    .option('--known-hosts <file>', "known_hosts file (default: the app's own)", expandHome)
    .option('--accept-new-host-key', 'trust a server seen for the first time without asking')
    .option('--policy <name>', 'algorithm policy, e.g. TransferSecurityPolicy-2024-01')
    .option('--timeout <seconds>', 'time allowed to reach the server and log in (default 20)')
    .option('--verbose', 'show connection details and protocol messages')
    .version(programVersion(), '--version', 'print the version')
    .addHelpText('after', MAIN_HELP_AFTER)
    // Commander's own error text is replaced by one line of ours (JSON with --json).
    .configureOutput({ outputError: () => undefined })
    // Connection options come before the command, as with sftp; after it, options belong to
    // the command (`pgp decrypt --passphrase-env` is the file's, not the SSH key's).
    .enablePositionalOptions()
    .exitOverride();
  program.hook('preAction', (_root, action) => {
    const flags = action.optsWithGlobals() as Record<string, unknown>;
    if (!SERVER_COMMANDS.has(action.name()) || action.parent !== program) return;
    const missing = ['host', 'user', 'key'].find((name) => !flags[name]);
    if (missing) {
      // One plain line: the command's own help would not list the connection options.
      throw new AppError('INVALID_ARGUMENT', 'missing connection option', {
        reason: `--${missing} is missing (connection options: see pyplan-transfer --help)`,
      });
    }
  });
  registerFileCommands(program, ctx);
  registerRunCommands(program, ctx);
  ctx.cleanups.push(registerExtensions(program, ctx));
  return program;
}

/** Prints one plain line (or a JSON object with --json) and picks the exit status. */
function reportFailure(err: unknown, json: boolean, verbose: boolean, interrupted: boolean) {
  const error = toAppError(err);
  if (json) process.stdout.write(`${JSON.stringify({ error: jsonError(error) }, null, 2)}\n`);
  process.stderr.write(`error: ${userMessage(error)}${cliHint(error.code, error.details)}\n`);
  if (verbose) process.stderr.write(`  (${error.message})\n`);
  // Ctrl-C at a question (host key, passphrase) stops the command as Ctrl-C anywhere does.
  if (interrupted || error.details.interrupted === true) return EXIT_INTERRUPTED;
  return error.code === 'INVALID_ARGUMENT' ? EXIT_USAGE : EXIT_FAILURE;
}

/** Commander errors that have already printed what the user needs (help, version). */
const HELP_CODES = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** A command written wrong, as one plain line: "unknown option '--bogus' (see --help)". */
function usageError(err: CommanderError): AppError {
  const text = err.message.replace(/^error:\s*/, '').trim();
  return new AppError('INVALID_ARGUMENT', err.message, { reason: `${text} (see --help)` });
}

export async function runCli(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const verbose = argv.includes('--verbose');
  const ctx: CliContext = {
    logger: createStderrLogger(verbose),
    exitCode: 0,
    signal: controller.signal,
    cleanups: [],
  };
  try {
    await buildProgram(ctx).parseAsync(hoistConnectionOptions(argv), { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError && (err.exitCode === 0 || HELP_CODES.has(err.code))) {
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const failure = err instanceof CommanderError ? usageError(err) : err;
    return reportFailure(failure, argv.includes('--json'), verbose, controller.signal.aborted);
  } finally {
    await Promise.all(ctx.cleanups.map((cleanup) => cleanup().catch(() => undefined)));
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Runs the command line in this process: what `node electron/cli/main.ts ...` does. */
export function main(): void {
  // `npm run cli` runs in the project folder; relative paths mean the user's own folder.
  if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD) {
    process.chdir(process.env.INIT_CWD);
  }
  // A reader that stops early (`| head`) is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
