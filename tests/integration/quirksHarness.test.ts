import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { quirkSession, startQuirkServer, type QuirkServer } from '../helpers/quirkServer.ts';
import { SSH_KEYS } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/session.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import type { SshConnection } from '../../electron/services/ssh/connect.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';

/**
 * The quirk server checked against plain ssh2 and raw TCP, so a quirk that silently stopped
 * working (an ssh2 upgrade, a harness change) fails here rather than letting the service
 * tests pass for the wrong reason.
 */

interface RawLogin {
  client: ssh2.Client;
  error: (Error & { level?: string }) | undefined;
  debug: string[];
}

/** Logs in with plain ssh2 (no help from our key views), collecting its debug lines. */
function rawLogin(server: QuirkServer, privateKey: string): Promise<RawLogin> {
  const client = new ssh2.Client();
  const debug: string[] = [];
  return new Promise((resolve) => {
    let first: RawLogin['error'];
    // Only the first error is the answer; the server closing afterwards is not news.
    client.on('error', (error) => {
      first ??= error;
      resolve({ client, error: first, debug });
    });
    client.once('ready', () => resolve({ client, error: undefined, debug }));
    client.connect({
      host: server.host,
      port: server.port,
      username: server.username,
      privateKey,
      hostVerifier: () => true,
      debug: (line) => debug.push(line),
    });
  });
}

const RSA_PUB = readFileSync(join(SSH_KEYS, 'rsa-pem.key.pub'), 'utf8');
const RSA_KEY = readFileSync(join(SSH_KEYS, 'rsa-pem.key'), 'utf8');

describe('quirk server: signature algorithms', () => {
  it('refuses a SHA-1 RSA signature when no server-sig-algs is sent', async () => {
    const server = await startQuirkServer({
      aws: true,
      noServerSigAlgs: true,
      authorizedKeys: [RSA_PUB],
    });
    try {
      const login = await rawLogin(server, RSA_KEY);
      login.client.end();
      expect(login.debug.some((l) => l.includes('EXT_INFO'))).toBe(false);
      expect(login.error?.level).toBe('client-authentication');
      expect(server.stats.auth.map((a) => a.algo)).toEqual(['ssh-rsa']);
    } finally {
      await server.stop();
    }
  });

  it('sends server-sig-algs by default, which plain ssh2 needs for SHA-2 RSA', async () => {
    const server = await startQuirkServer({ aws: true, authorizedKeys: [RSA_PUB] });
    try {
      const login = await rawLogin(server, RSA_KEY);
      login.client.end();
      expect(login.debug.some((l) => l.includes('Received EXT_INFO'))).toBe(true);
      expect(login.error).toBeUndefined();
      expect(server.stats.auth.filter((a) => a.accepted && a.signed).map((a) => a.algo)).toEqual([
        'rsa-sha2-256',
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('quirk server: AWS conduct', () => {
  let server: QuirkServer;
  let connection: SshConnection;
  let session: SftpSession;

  beforeAll(async () => {
    server = await startQuirkServer({ aws: true });
    ({ connection, session } = await quirkSession(server));
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('sends its identification only after the client sent one', async () => {
    const socket = connect(server.port, server.host);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);

    socket.write('SSH-2.0-probe\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    socket.destroy();
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^SSH-2\.0-AWS_SFTP_1\.1\r\n/);
  });

  it('presents the host key it reports', async () => {
    const seen: string[] = [];
    const { connection: again } = await quirkSession(server, {
      knownHosts: new KnownHostsFile(join(tempDir(), 'known_hosts')),
      confirmHostKey: async (info) => {
        seen.push(info.fingerprint);
        return true;
      },
    });
    await again.close();
    expect(seen).toEqual([server.hostKeyFingerprint]);
  });

  it('refuses what S3 cannot do: SETSTAT, READ|WRITE opens, writes off the end', async () => {
    const byte = Buffer.from('x');
    const write = (handle: Buffer, at: number) =>
      session.call<void>('/s3.bin', (cb) => session.raw.write(handle, byte, 0, 1, at, cb));

    await expect(session.open('/s3.bin', 'r+')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const handle = await session.open('/s3.bin', 'w');
    await write(handle, 0);
    await expect(write(handle, 10)).rejects.toMatchObject({ code: 'REMOTE_FAILURE' });
    await expect(write(handle, 0)).rejects.toMatchObject({ code: 'REMOTE_FAILURE' });
    await write(handle, 1);
    await session.close(handle);
    const now = new Date();
    await expect(session.setTimes('/s3.bin', now, now)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(readFileSync(join(server.root, 's3.bin'), 'utf8')).toBe('xx');
  });

  it('runs no commands', async () => {
    const login = await rawLogin(server, readFileSync(server.clientKeyPath, 'utf8'));
    expect(login.error).toBeUndefined();
    const execError = await new Promise<Error | undefined>((resolve) => {
      login.client.exec('ls', (err) => resolve(err));
    });
    login.client.end();
    expect(execError).toBeInstanceOf(Error);
    expect(server.stats.commandsRefused).toBe(1);
  });

  it('keeps every path inside its root', async () => {
    symlinkSync('/etc', join(server.root, 'link-out'));
    await expect(session.list('/..')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(session.stat('../../etc/passwd')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    await expect(session.stat('/link-out/passwd')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(await session.realpath('.')).toBe('/');
  });
});
