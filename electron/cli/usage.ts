// Imported, not read from disk at run time: the bundled command line (benchmarks, the packaged
// app) has no package.json beside it, while a bundler inlines what is imported.
import manifest from '../../package.json' with { type: 'json' };

/** The program's version, from package.json. */
export function programVersion(): string {
  return manifest.version;
}

/** Shown after the main help: what scripts need beyond the options. */
export const MAIN_HELP_AFTER = `
Connection options go before the command, as with sftp (given after put, get, ls, mkdir, rm,
mv, forget-host-key or runs, they are moved before it).

Remote paths may hold wildcards, quoted so the shell leaves them alone: get '*.pgp' inbox/

Examples:
  pyplan-transfer --host s-1234.server.transfer.us-east-1.amazonaws.com --user analyst \\
    --key ~/cert.pem put ledger.csv /pyplan-inbox/
  pyplan-transfer --host s-1234.server.transfer.us-east-1.amazonaws.com --user analyst \\
    --key ~/cert.pem get '/pyplan-outbox/*.csv' reports/

Exit status:
  0    success
  1    the operation failed (one plain line on stderr says why)
  2    the command was written wrong (unknown option, missing or invalid value)
  130  stopped with Ctrl-C (an interrupted put or get continues when run again)

Environment:
  PYPLAN_TRANSFER_HOME        folder for known_hosts, the keyring and interrupted runs
  PYPLAN_KEYRING_PASSPHRASE   passphrase that seals the secret keys of the pgp keyring
`;

/** Connection options, by name, and whether each takes a value. */
const CONNECTION_OPTIONS = new Map<string, boolean>([
  ['--host', true],
  ['--port', true],
  ['--user', true],
  ['--key', true],
  ['--passphrase-env', true],
  ['--known-hosts', true],
  ['--accept-new-host-key', false],
  ['--policy', true],
  ['--timeout', true],
  ['--verbose', false],
]);

/** Commands whose own options never share a name with a connection option. */
const HOISTING_COMMANDS = new Set(['ls', 'put', 'get', 'mkdir', 'rm', 'mv', 'forget-host-key']);
const HOISTING_WITH_SUBCOMMANDS = new Set(['runs']);

/**
 * Moves connection options written after the command to before it, where the parser wants
 * them (`ls --host h` works like `--host h ls`). Not for `pgp`, whose commands have options
 * of the same name (`pgp decrypt --passphrase-env` is the file's). `--` ends the moving.
 */
export function hoistConnectionOptions(argv: string[]): string[] {
  const at = commandIndex(argv);
  const command = at === -1 ? undefined : argv[at];
  if (command === undefined) return argv;
  if (!HOISTING_COMMANDS.has(command) && !HOISTING_WITH_SUBCOMMANDS.has(command)) return argv;
  const moved: string[] = [];
  const kept: string[] = [];
  for (let i = at + 1; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (token === '--') {
      kept.push(...argv.slice(i));
      break;
    }
    const name = token.split('=')[0] as string;
    const takesValue = CONNECTION_OPTIONS.get(name);
    if (takesValue === undefined) {
      kept.push(token);
      continue;
    }
    moved.push(token);
    if (takesValue && !token.includes('=') && i + 1 < argv.length) {
      moved.push(argv[i + 1] as string);
      i += 1;
    }
  }
  return [...argv.slice(0, at), ...moved, command, ...kept];
}

/** Where the command is: the first word that is neither a main option nor its value. */
function commandIndex(argv: string[]): number {
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (!token.startsWith('-')) return i;
    if (token === '--') return -1;
    if (CONNECTION_OPTIONS.get(token) === true) i += 1;
  }
  return -1;
}
