import { join } from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { openConnection, type SshConnection } from '../../electron/services/ssh/connect.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import type { Sshd } from './sshd.ts';
import type { QuirkServer } from './quirkServer.ts';
import { tempDir } from './session.ts';

/**
 * A connection factory as the app builds one: one known_hosts file, and a host key trusted
 * only on the very first connection, so every reconnect is checked against what was stored.
 */
export function connectionFactory(
  server: Sshd | QuirkServer,
  options: { keepaliveIntervalMs?: number } = {},
): { connect: () => Promise<SshConnection>; prompts: () => number; opened: () => number } {
  const knownHosts = new KnownHostsFile(join(tempDir('pyplan-kh-'), 'known_hosts'));
  let prompts = 0;
  let opened = 0;
  const keyPath = server.clientKeyPath;
  const username = 'user' in server ? server.user : server.username;
  const connect = async (): Promise<SshConnection> => {
    const connection = await openConnection({
      host: server.host,
      port: server.port,
      username,
      key: await readPrivateKeyFile(keyPath),
      knownHosts,
      keepaliveIntervalMs: options.keepaliveIntervalMs,
      confirmHostKey: async () => {
        prompts += 1;
        return prompts === 1;
      },
    });
    opened += 1;
    return connection;
  };
  return { connect, prompts: () => prompts, opened: () => opened };
}

/** Every file below `root`, relative, for spotting leftovers such as temporary uploads. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name), rel);
      else out.push(rel);
    }
  };
  walk(root, '');
  return out.sort();
}
