import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { AppError, toAppError } from '../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../shared/logger.ts';
import { localFsError } from '../services/pgp/errors.ts';
import { PgpKeyring } from '../services/pgp/keyring.ts';
import { signatureLine } from '../services/pgp/transferPgp.ts';
import { findOneKey } from '../services/pgp/keyQuery.ts';
import { PgpService, type PgpKeyRef } from '../services/pgp/PgpService.ts';
import { createPassphraseSecretBox, type SecretBox } from '../services/pgp/secretBox.ts';
import type { PgpKeyInfo } from '../services/pgp/types.ts';
import { PgpWorkerPool } from '../services/pgp/workerPool.ts';
import { passphraseHint, userMessage } from './messages.ts';
import { askHidden, isInteractive } from './prompt.ts';

export interface PgpCommandDeps {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  setExitCode?: (code: number) => void;
  logger?: Logger;
  /** Bytes for `pgp import -`. */
  readStdin?: () => Promise<Uint8Array>;
}

interface Context {
  service: PgpService;
  out: (line: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<Uint8Array>;
}

type Opts = Record<string, string | boolean | string[] | undefined>;

export const KEYRING_PASSPHRASE_ENV = 'PYPLAN_KEYRING_PASSPHRASE';

/**
 * A box for a keyring used without PYPLAN_KEYRING_PASSPHRASE: public keys work, and touching
 * a secret key says the variable is missing (`unset`), not that its value is wrong. Saving
 * one (`storing`: import, generate) says a passphrase is needed, since none may be saved yet.
 */
export function lockedSecretBox(): SecretBox {
  const fail = (storing: boolean) => async (): Promise<never> => {
    throw new AppError('PGP_KEYRING_LOCKED', `${KEYRING_PASSPHRASE_ENV} is not set`, {
      reason: `${KEYRING_PASSPHRASE_ENV} is not set`,
      unset: true,
      ...(storing ? { storing: true } : {}),
    });
  };
  return { seal: fail(true), open: fail(false) };
}

/** Keyring passphrase box, or one that explains what is missing when secret keys are touched. */
function secretBoxFrom(env: NodeJS.ProcessEnv): SecretBox {
  const passphrase = env[KEYRING_PASSPHRASE_ENV];
  if (passphrase !== undefined && passphrase !== '') return createPassphraseSecretBox(passphrase);
  return lockedSecretBox();
}

/** The `pgp` commands' keyring: $PYPLAN_TRANSFER_HOME/pgp, else ~/.config/pyplan-transfer/pgp. */
export function appKeyringDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const appHome = env.PYPLAN_TRANSFER_HOME;
  return appHome ? join(appHome, 'pgp') : join(home, '.config', 'pyplan-transfer', 'pgp');
}

function keyringDir(opts: Opts, env: NodeJS.ProcessEnv, home: string): string {
  if (typeof opts.keyring === 'string') return opts.keyring;
  return appKeyringDir(env, home);
}

/** A file named on the command line, read; a missing one is LOCAL_NOT_FOUND, not a crash. */
async function readNamedFile(path: string): Promise<Buffer> {
  return readFile(path).catch((err: unknown) => {
    throw localFsError(err, path) ?? err;
  });
}

/** Roughly what OpenPGP user IDs hold: something@something, no spaces or angle brackets. */
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** SECURITY: passphrases come from the environment, never argv (visible in `ps`). */
function passphraseFrom(env: NodeJS.ProcessEnv, variable: unknown): string | undefined {
  if (typeof variable !== 'string') return undefined;
  const value = env[variable];
  if (value === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'passphrase variable unset', {
      reason: `the environment variable ${variable} is not set`,
    });
  }
  return value;
}

function countFrom(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw new AppError('INVALID_ARGUMENT', 'not a count', {
      reason: `${flag} needs a whole number above 0`,
    });
  }
  return count;
}

function day(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toISOString().slice(0, 10);
}

export function describeKeyLine(info: PgpKeyInfo): string {
  const uses = [info.canEncrypt ? 'encrypt' : '', info.canSign ? 'sign' : ''].filter(Boolean);
  const secret = info.hasSecret
    ? info.secretNeedsPassphrase
      ? 'secret+passphrase'
      : 'secret'
    : 'public';
  return [
    info.fingerprint,
    info.algorithm,
    `created ${day(info.createdMs)}`,
    `expires ${day(info.expiresMs)}`,
    info.status,
    uses.join(',') || 'no-use',
    secret,
    info.userIds.join(' / '),
  ].join('  ');
}

async function fingerprintFor(ctx: Context, query: string): Promise<string> {
  return findOneKey(await ctx.service.keyring.list(), query).fingerprint;
}

/** A recipient is a key file when such a file exists, otherwise a keyring query. */
async function recipientRef(ctx: Context, query: string): Promise<PgpKeyRef> {
  if (existsSync(query) && statSync(query).isFile()) return { path: query };
  return { fingerprint: await fingerprintFor(ctx, query) };
}

async function runImport(ctx: Context, files: string[]): Promise<void> {
  for (const file of files) {
    const material = file === '-' ? await ctx.readStdin() : await readNamedFile(file);
    for (const info of await ctx.service.keyring.import(material)) {
      ctx.out(`imported ${describeKeyLine(info)}`);
    }
  }
}

async function runList(ctx: Context, opts: Opts): Promise<void> {
  const keys = await ctx.service.keyring.list();
  if (opts.json === true) ctx.out(JSON.stringify(keys, null, 2));
  else for (const info of keys) ctx.out(describeKeyLine(info));
}

async function runGenerate(ctx: Context, opts: Opts): Promise<void> {
  if (!EMAIL.test(String(opts.email))) {
    throw new AppError('INVALID_ARGUMENT', 'not an email address', {
      reason:
        '--email needs an email address such as name@example.com, ' + `not "${String(opts.email)}"`,
    });
  }
  const algorithm = opts.algorithm === 'rsa4096' ? 'rsa4096' : 'curve25519';
  const info = await ctx.service.keyring.generate({
    name: String(opts.name),
    email: String(opts.email),
    algorithm,
    passphrase: passphraseFrom(ctx.env, opts.passphraseEnv),
    expiresInDays: countFrom(opts.expiresDays, '--expires-days'),
  });
  ctx.out(`generated ${describeKeyLine(info)}`);
}

async function runExport(ctx: Context, query: string, opts: Opts): Promise<void> {
  const armored = await ctx.service.keyring.exportPublic(await fingerprintFor(ctx, query));
  if (typeof opts.output !== 'string') ctx.out(armored.trimEnd());
  else {
    const path = opts.output;
    await writeFile(path, armored, { flag: opts.overwrite === true ? 'w' : 'wx' }).catch(
      (err: unknown) => {
        throw localFsError(err, path) ?? err;
      },
    );
  }
}

async function runEncrypt(ctx: Context, file: string, opts: Opts): Promise<void> {
  const queries = Array.isArray(opts.recipient) ? opts.recipient : [];
  if (queries.length === 0) {
    throw new AppError('INVALID_ARGUMENT', 'no recipient', {
      reason: 'name a recipient with -r KEY (an email, a fingerprint or a key file)',
    });
  }
  const recipients = await Promise.all(queries.map((q) => recipientRef(ctx, q)));
  const signWith =
    typeof opts.sign === 'string'
      ? {
          fingerprint: await fingerprintFor(ctx, opts.sign),
          passphrase: passphraseFrom(ctx.env, opts.passphraseEnv),
        }
      : undefined;
  const result = await ctx.service.encryptFile({
    inputPath: file,
    outputPath: typeof opts.output === 'string' ? opts.output : undefined,
    extension: opts.ext as 'pgp' | 'gpg' | 'asc' | undefined,
    armor: opts.armor === true ? true : undefined,
    compression: opts.compress as 'none' | 'zip' | 'zlib' | undefined,
    recipients,
    signWith,
    overwrite: opts.overwrite === true,
  });
  ctx.out(`encrypted ${result.plaintextBytes} bytes to ${result.outputPath}`);
}

async function runDecrypt(ctx: Context, file: string, opts: Opts): Promise<void> {
  const given = passphraseFrom(ctx.env, opts.passphraseEnv);
  const decrypt = (passphrase: string | undefined) => decryptOnce(ctx, file, opts, passphrase);
  const result = await decrypt(given).catch(async (err: unknown) => {
    // On a terminal, a file or key that needs a passphrase asks for it, once.
    const code = toAppError(err).code;
    if (given !== undefined || code !== 'PGP_PASSPHRASE_REQUIRED' || !isInteractive()) throw err;
    return decrypt(await askHidden('Passphrase: '));
  });
  ctx.out(`decrypted ${result.bytes} bytes to ${result.outputPath}; ${signatureLine(result)}`);
}

function decryptOnce(ctx: Context, file: string, opts: Opts, passphrase: string | undefined) {
  return ctx.service.decryptFile({
    inputPath: file,
    outputPath: typeof opts.output === 'string' ? opts.output : undefined,
    keyPassphrase: passphrase,
    messagePassphrase: passphrase,
    requireSignature: opts.requireSignature === true,
    maxOutputBytes: countFrom(opts.maxSize, '--max-size'),
    overwrite: opts.overwrite === true,
  });
}

/**
 * What to do about an error, where a flag of these commands solves it. A passphrase is
 * asked only by `pgp decrypt` on a terminal; otherwise the hint names where it goes.
 */
function hintFor(code: string): string {
  if (code === 'ALREADY_EXISTS') return ' Add --overwrite to replace it.';
  if (code === 'PGP_PASSPHRASE_REQUIRED' || code === 'KEY_PASSPHRASE_REQUIRED') {
    return passphraseHint('--passphrase-env');
  }
  return '';
}

/** One plain line, in the command line's words; the developer message only for bugs. */
export function errorLine(err: unknown): string {
  const appError = toAppError(err);
  const text = userMessage(appError) + hintFor(appError.code);
  return appError.code === 'INTERNAL' ? `error: ${text} (${appError.message})` : `error: ${text}`;
}

type Action = (
  run: (ctx: Context, ...rest: unknown[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

/**
 * Wraps a command: builds the pool, keyring and service for this one run, prints a failure as
 * one plain line with exit code 1, and always ends the worker threads.
 */
function actionFactory(deps: PgpCommandDeps): Action {
  const env = deps.env ?? process.env;
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const setExitCode = deps.setExitCode ?? ((code: number) => void (process.exitCode = code));
  const readStdin = deps.readStdin ?? (async () => new Uint8Array(await readAll(process.stdin)));
  const logger = deps.logger ?? NULL_LOGGER;

  return (run) =>
    async (...args) => {
      // commander passes the arguments, then the options, then the command itself.
      const opts = (args[args.length - 1] as Command).opts<Opts>();
      const pool = new PgpWorkerPool({ logger });
      const dir = keyringDir(opts, env, deps.homeDir ?? homedir());
      const keyring = new PgpKeyring({ dir, secretBox: secretBoxFrom(env), pool, logger });
      const service = new PgpService({ keyring, pool, logger });
      try {
        await run({ service, out, env, readStdin }, ...args.slice(0, -2), opts);
      } catch (error) {
        err(errorLine(error));
        // As for the other commands: a value that names nothing usable is a usage error (2).
        setExitCode(toAppError(error).code === 'INVALID_ARGUMENT' ? 2 : 1);
      } finally {
        await pool.close();
      }
    };
}

const choice = (flags: string, summary: string, choices: string[]) =>
  new Option(flags, summary).choices(choices);

function defineKeyCommands(sub: (spec: string, summary: string) => Command, action: Action) {
  sub('import <files...>', 'import public or secret keys (- reads standard input)').action(
    action((ctx, files) => runImport(ctx, files as string[])),
  );
  sub('list', 'list keys')
    .option('--json', 'machine-readable output')
    .action(action((ctx, opts) => runList(ctx, opts as Opts)));
  sub('generate', 'create a key pair')
    .requiredOption('--name <name>')
    .requiredOption('--email <email>')
    .addOption(choice('--algorithm <alg>', 'default curve25519', ['curve25519', 'rsa4096']))
    .option('--expires-days <days>', 'expiry in days (default: never)')
    .option('--passphrase-env <var>', 'variable holding a passphrase for the new key')
    .action(action((ctx, opts) => runGenerate(ctx, opts as Opts)));
  sub('export <key>', 'print a public key (armored), to send to Pyplan')
    .option('-o, --output <file>')
    .option('--overwrite')
    .action(action((ctx, key, opts) => runExport(ctx, key as string, opts as Opts)));
}

function defineFileCommands(sub: (spec: string, summary: string) => Command, action: Action) {
  sub('encrypt <file>', 'encrypt a file')
    // One value per -r, repeated for more, as gpg does: `-r a -r b file`, also `-r a file`.
    .option('-r, --recipient <key>', 'fingerprint, email or key file (repeatable)', collect)
    .option('--sign <key>', 'sign with this secret key')
    .option('--passphrase-env <var>', 'variable holding the signing key passphrase')
    .option('--armor', 'ASCII armor (.asc)')
    .addOption(choice('--ext <ext>', 'default pgp', ['pgp', 'gpg', 'asc']))
    .addOption(choice('--compress <alg>', 'default none', ['none', 'zip', 'zlib']))
    .option('-o, --output <file>')
    .option('--overwrite')
    .action(action((ctx, file, opts) => runEncrypt(ctx, file as string, opts as Opts)));
  sub('decrypt <file>', 'decrypt a file')
    .option('-o, --output <file>')
    .option('--passphrase-env <var>', 'variable holding the key or file passphrase')
    .option('--require-signature', 'refuse files not signed by a known key')
    .option('--max-size <bytes>', 'largest plaintext accepted')
    .option('--overwrite')
    .action(action((ctx, file, opts) => runDecrypt(ctx, file as string, opts as Opts)));
}

/**
 * Adds `pgp import|list|generate|export|encrypt|decrypt` to the program. The keyring folder is
 * --keyring, else $PYPLAN_TRANSFER_HOME/pgp, else ~/.config/pyplan-transfer/pgp; secret keys
 * in it are sealed with the passphrase in PYPLAN_KEYRING_PASSPHRASE.
 */
export function registerPgpCommands(program: Command, deps: PgpCommandDeps = {}): Command {
  const pgp = program.command('pgp').description('OpenPGP keys and files');
  const sub = (spec: string, summary: string) =>
    pgp.command(spec).description(summary).option('--keyring <dir>', 'keyring folder');
  const action = actionFactory(deps);
  defineKeyCommands(sub, action);
  defineFileCommands(sub, action);

  return pgp;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
