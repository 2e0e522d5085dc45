import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../../shared/logger.ts';
import { AppError, toAppError } from '../../shared/errors.ts';
import { openConnection, type SshConnection, type HostKeyInfo } from '../services/ssh/connect.ts';
import { readPrivateKeyFile, keyNeedsPassphrase, type LoadedKey } from '../services/ssh/keys.ts';
import { KnownHostsFile } from '../services/ssh/knownHosts.ts';
import { readFile } from 'node:fs/promises';
import { appHome, expandHome } from './paths.ts';
import { askHidden, askLine, isInteractive } from './prompt.ts';

export interface ConnectionFlags {
  host: string;
  port: string;
  user: string;
  key: string;
  passphraseEnv?: string;
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  policy?: string;
  verbose?: boolean;
  /** Seconds to reach the server and log in (--timeout). */
  timeout?: string;
}

/** As ssh asks: a mistyped passphrase may be typed again, this many times in all. */
const PASSPHRASE_TRIES = 3;

/**
 * SECURITY: a passphrase never comes from the command line itself (it would sit in shell
 * history and in the process list): only from a named environment variable or a hidden prompt.
 */
async function loadKey(flags: ConnectionFlags): Promise<LoadedKey> {
  const path = expandHome(flags.key);
  if (flags.passphraseEnv) {
    const value = process.env[flags.passphraseEnv];
    if (value === undefined) {
      throw new AppError('INVALID_ARGUMENT', 'passphrase variable not set', {
        reason: `the environment variable ${flags.passphraseEnv} is not set`,
      });
    }
    return readPrivateKeyFile(path, value);
  }
  const data = await readFile(path).catch(() => undefined);
  if (!(data && keyNeedsPassphrase(data) && isInteractive())) return readPrivateKeyFile(path);
  for (let attempt = 1; ; attempt += 1) {
    const passphrase = await askHidden(`Passphrase for ${flags.key}: `);
    try {
      return await readPrivateKeyFile(path, passphrase);
    } catch (err) {
      if (toAppError(err).code !== 'KEY_PASSPHRASE_WRONG' || attempt >= PASSPHRASE_TRIES) {
        throw err;
      }
      process.stderr.write('Wrong passphrase, try again.\n');
    }
  }
}

/** Ctrl-D (no answer) is no; Ctrl-C rejects and stops the command. */
async function confirmOnTerminal(info: HostKeyInfo, signal: AbortSignal): Promise<boolean> {
  process.stderr.write(
    `The authenticity of host '${info.host}' (port ${info.port}) can't be established.\n` +
      `${info.keyType} key fingerprint is ${info.fingerprint}.\n`,
  );
  const answer = await askLine('Trust this host and continue connecting (yes/no)? ', signal);
  return answer?.trim().toLowerCase() === 'yes';
}

/** Node's timers hold at most about 24.8 days; an hour is already far past any real login. */
const MAX_TIMEOUT_SECONDS = 3600;

/** --timeout in seconds, as milliseconds; undefined keeps the default (20 s). */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new AppError('INVALID_ARGUMENT', 'bad timeout', {
      reason: `--timeout needs seconds above 0, at most ${MAX_TIMEOUT_SECONDS}, not "${value}"`,
    });
  }
  return Math.round(seconds * 1000);
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AppError('INVALID_ARGUMENT', 'bad port', { reason: `"${value}" is not a port` });
  }
  return port;
}

/** --known-hosts, or the app's own file (shared with the desktop app's data folder). */
export function knownHostsFrom(flags: Pick<ConnectionFlags, 'knownHosts'>): KnownHostsFile {
  if (flags.knownHosts === undefined) return new KnownHostsFile(join(appHome(), 'known_hosts'));
  const path = expandHome(flags.knownHosts);
  // A mistyped folder would otherwise be created, and trust saved where nothing reads it.
  if (!existsSync(dirname(path))) {
    throw new AppError('INVALID_ARGUMENT', 'known_hosts folder missing', {
      reason: `the folder of --known-hosts "${flags.knownHosts}" does not exist on this computer`,
    });
  }
  return new KnownHostsFile(path);
}

/**
 * Reads the key once and returns a function that opens connections with it: the first for
 * the command, later ones when a transfer reconnects after a lost link (the host key is
 * checked again every time).
 */
export async function connectorFromFlags(
  flags: ConnectionFlags,
  logger: Logger,
): Promise<() => Promise<SshConnection>> {
  const knownHosts = knownHostsFrom(flags);
  const port = parsePort(flags.port);
  const readyTimeoutMs = parseTimeout(flags.timeout);
  const key = await loadKey(flags);
  let first = true;
  return async () => {
    const connection = await openConnection({
      host: flags.host,
      port,
      username: flags.user,
      key,
      policy: flags.policy,
      knownHosts,
      confirmHostKey: flags.acceptNewHostKey
        ? async () => true
        : isInteractive()
          ? confirmOnTerminal
          : undefined,
      logger,
      verbose: flags.verbose,
      ...(readyTimeoutMs ? { readyTimeoutMs } : {}),
    }).catch((err: unknown) => {
      throw withKnownHostsFile(err, flags.knownHosts);
    });
    if (flags.verbose && first) printNegotiated(flags, connection);
    first = false;
    return connection;
  };
}

/**
 * A changed server key names the --known-hosts file that was checked, so the hint can send
 * forget-host-key to that file: without the flag it would clear the app's own file instead.
 */
function withKnownHostsFile(err: unknown, file: string | undefined): unknown {
  const error = toAppError(err);
  if (file === undefined || error.code !== 'HOST_KEY_MISMATCH') return err;
  return new AppError(error.code, error.message, { ...error.details, knownHosts: file }, err);
}

function printNegotiated(flags: ConnectionFlags, connection: SshConnection): void {
  const n = connection.negotiated;
  process.stderr.write(
    `Connected to ${flags.host}:${flags.port} (${connection.serverIdent})\n` +
      `  key exchange: ${n.kex}\n  host key: ${n.serverHostKey}\n` +
      `  cipher: ${n.cipher}\n  MAC: ${n.mac || '(part of the cipher)'}\n`,
  );
}
