import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openConnection,
  type ConnectOptions,
  type SshConnection,
} from '../../electron/services/ssh/connect.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';
import type { Sshd } from './sshd.ts';

export function tempDir(prefix = 'pyplan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Connects to the test sshd with its generated client key, trusting its host key. */
export async function connectTo(
  sshd: Sshd,
  overrides: Partial<ConnectOptions> = {},
): Promise<SshConnection> {
  return openConnection({
    host: sshd.host,
    port: sshd.port,
    username: sshd.user,
    key: await readPrivateKeyFile(sshd.clientKeyPath),
    knownHosts: new KnownHostsFile(join(tempDir(), 'known_hosts')),
    confirmHostKey: async () => true,
    ...overrides,
  });
}

export async function sessionTo(
  sshd: Sshd,
  overrides: Partial<ConnectOptions> = {},
): Promise<{ connection: SshConnection; session: SftpSession }> {
  const connection = await connectTo(sshd, overrides);
  return { connection, session: await connection.sftp() };
}
