import { join } from 'node:path';
import type { Logger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import { openConnection, type SshConnection, type HostKeyInfo } from '../services/ssh/connect.ts';
import { readPrivateKeyFile, keyNeedsPassphrase } from '../services/ssh/keys.ts';
import { KnownHostsFile } from '../services/ssh/knownHosts.ts';
import { readFile } from 'node:fs/promises';
import { appHome } from './paths.ts';
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
}

/**
 * SECURITY: a passphrase never comes from the command line itself (it would sit in shell
 * history and in the process list): only from a named environment variable or a hidden prompt.
 */
async function keyPassphrase(flags: ConnectionFlags): Promise<string | undefined> {
  if (flags.passphraseEnv) {
    const value = process.env[flags.passphraseEnv];
    if (value === undefined) {
      throw new AppError('INVALID_ARGUMENT', 'passphrase variable not set', {
        reason: `the environment variable ${flags.passphraseEnv} is not set`,
      });
    }
    return value;
  }
  const data = await readFile(flags.key).catch(() => undefined);
  if (data && keyNeedsPassphrase(data) && isInteractive()) {
    return askHidden(`Passphrase for ${flags.key}: `);
  }
  return undefined;
}

async function confirmOnTerminal(info: HostKeyInfo): Promise<boolean> {
  process.stderr.write(
    `The authenticity of host '${info.host}' (port ${info.port}) can't be established.\n` +
      `${info.keyType} key fingerprint is ${info.fingerprint}.\n`,
  );
  const answer = await askLine('Trust this host and continue connecting (yes/no)? ');
  return answer.trim().toLowerCase() === 'yes';
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
  return new KnownHostsFile(flags.knownHosts ?? join(appHome(), 'known_hosts'));
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
  const key = await readPrivateKeyFile(flags.key, await keyPassphrase(flags));
  const knownHosts = knownHostsFrom(flags);
  const port = parsePort(flags.port);
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
    });
    if (flags.verbose && first) printNegotiated(flags, connection);
    first = false;
    return connection;
  };
}

function printNegotiated(flags: ConnectionFlags, connection: SshConnection): void {
  const n = connection.negotiated;
  process.stderr.write(
    `Connected to ${flags.host}:${flags.port} (${connection.serverIdent})\n` +
      `  key exchange: ${n.kex}\n  host key: ${n.serverHostKey}\n` +
      `  cipher: ${n.cipher}\n  MAC: ${n.mac || '(part of the cipher)'}\n`,
  );
}
