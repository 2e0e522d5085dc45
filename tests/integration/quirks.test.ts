import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quirkSession, startQuirkServer, type QuirkServer } from '../helpers/quirkServer.ts';
import { tempDir } from '../helpers/session.ts';
import { makeAwkwardTree, sha256File, treeDigest, writeRandomFile } from '../helpers/files.ts';
import { SSH_KEYS } from '../helpers/fixtures.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { upload } from '../../electron/services/transfer/transfer.ts';
import type { SshConnection } from '../../electron/services/ssh/connect.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';

/**
 * Our services against a server that behaves like AWS Transfer Family over S3 (see
 * /work/shared/AWS-TRANSFER-NOTES.md): SETSTAT refused, READ|WRITE opens refused, writes
 * only at the end of the file, at most 10 channels, SHA-1 RSA signatures refused.
 */
describe('against an AWS Transfer Family look-alike', () => {
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
  beforeEach(() => server.resetStats());

  it('recognises the server as AWS Transfer Family by its identification', () => {
    expect(connection.serverIdent).toBe('SSH-2.0-AWS_SFTP_1.1');
    expect(connection.isAwsTransferFamily).toBe(true);
  });

  it('counts a refused SETSTAT (preserveTimes) as done with a warning; data intact', async () => {
    const local = tempDir();
    const source = join(local, 'ledger.csv');
    writeRandomFile(source, 200_000);
    utimesSync(source, new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z'));

    const result = await upload(session, [source], '/ledger.csv', { preserveTimes: true });

    expect(result.failed).toEqual([]);
    expect(result.filesDone).toBe(1);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'ATTRIBUTES_NOT_SET', path: '/ledger.csv' }),
    ]);
    expect(server.stats.setstat.setstat + server.stats.setstat.fsetstat).toBeGreaterThan(0);
    expect(await sha256File(join(server.root, 'ledger.csv'))).toBe(await sha256File(source));
  });

  it('uploads in place: no SETSTAT, write-only opens, strictly sequential writes', async () => {
    const local = tempDir();
    makeAwkwardTree(local);

    const result = await upload(session, [local], '/tree', { recursive: true, atomic: false });

    expect(result.failed).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(await treeDigest(join(server.root, 'tree'))).toEqual(await treeDigest(local));
    const { stats } = server;
    expect(stats.setstat).toEqual({ setstat: 0, fsetstat: 0 });
    expect(stats.ops.SETSTAT ?? 0).toBe(0);
    expect(stats.ops.FSETSTAT ?? 0).toBe(0);
    expect(Object.keys(stats.opensByFlags)).toEqual(['WRITE|CREAT|TRUNC']);
    expect(stats.opensByFlags['WRITE|CREAT|TRUNC']).toBe(result.filesDone);
    // big.bin alone is about a hundred WRITEs with many in flight: order must still hold.
    expect(stats.writes.sequential).toBeGreaterThan(90);
    expect(stats.writes.nonSequential).toBe(0);
  });

  it('given the connection, adapts to AWS unasked: in place, no SETSTAT, 10 channels', async () => {
    const local = tempDir();
    for (let i = 0; i < 40; i += 1) writeFileSync(join(local, `row-${i}.csv`), `row,${i}\n`);
    writeRandomFile(join(local, 'export.bin'), 1024 * 1024 + 3);

    const result = await upload(session, [local], '/batch', {
      recursive: true,
      preserveTimes: true,
      connection,
    });

    expect(result.failed).toEqual([]);
    expect(result.filesDone).toBe(41);
    expect(await treeDigest(join(server.root, 'batch'))).toEqual(await treeDigest(local));
    const { stats } = server;
    expect(stats.setstat).toEqual({ setstat: 0, fsetstat: 0 });
    expect(result.warnings.every((w) => w.code === 'ATTRIBUTES_NOT_SET')).toBe(true);
    expect(Object.keys(stats.opensByFlags)).toEqual(['WRITE|CREAT|TRUNC']);
    expect(stats.ops.RENAME ?? 0).toBe(0);
    expect(stats.writes.nonSequential).toBe(0);
    expect(stats.channels.peakOpen).toBeLessThanOrEqual(10);
  });

  it('replaces an existing file in place without opening it for reading', async () => {
    const local = tempDir();
    const source = join(local, 'again.txt');
    writeFileSync(join(server.root, 'again.txt'), 'old contents that are longer than the new');
    writeFileSync(source, 'new');

    const result = await upload(session, [source], '/again.txt', { atomic: false });

    expect(result.failed).toEqual([]);
    expect(readFileSync(join(server.root, 'again.txt'), 'utf8')).toBe('new');
    expect(server.stats.opensByFlags).toEqual({ 'WRITE|CREAT|TRUNC': 1 });
  });

  it('gives TOO_MANY_CHANNELS for an 11th channel, and a slot again once one closes', async () => {
    const extra: SftpSession[] = [];
    for (let i = 1; i < 10; i += 1) extra.push(await connection.sftp());

    await expect(connection.sftp()).rejects.toMatchObject({ code: 'TOO_MANY_CHANNELS' });
    expect(server.stats.channels).toMatchObject({ opened: 9, refused: 1, peakOpen: 10 });

    const first = extra.pop() as SftpSession;
    const closed = new Promise((resolve) => first.raw.once('close', resolve));
    first.end();
    await closed;
    extra.push(await connection.sftp());
    expect(server.stats.channels.opened).toBe(10);
    for (const s of extra) s.end();
  });

  it('logs in with an RSA key: SHA-1 refused and no server-sig-algs sent', async () => {
    const rsa = await startQuirkServer({
      aws: true,
      noServerSigAlgs: true,
      authorizedKeys: [readFileSync(join(SSH_KEYS, 'rsa-pem.key.pub'), 'utf8')],
    });
    try {
      const key = await readPrivateKeyFile(join(SSH_KEYS, 'rsa-pem.key'));
      const { connection: rsaConnection } = await quirkSession(rsa, { key });
      await rsaConnection.close();

      const accepted = rsa.stats.auth.filter((a) => a.signed && a.accepted);
      expect(accepted).toHaveLength(1);
      expect(accepted[0]?.algo).toMatch(/^rsa-sha2-(256|512)$/);
      expect(rsa.stats.auth.some((a) => a.algo === 'ssh-rsa' && a.accepted)).toBe(false);
    } finally {
      await rsa.stop();
    }
  });

  it('uploads to a drop-box account that may not stat, list or read', async () => {
    const dropBox = await startQuirkServer({ aws: true, writeOnly: true });
    try {
      const opened = await quirkSession(dropBox);
      const source = join(tempDir(), 'to-platform.csv');
      writeRandomFile(source, 100_000);

      const result = await upload(opened.session, [source], '/', { atomic: false });
      await opened.connection.close();

      expect(result.failed).toEqual([]);
      expect(result.filesDone).toBe(1);
      expect(result.warnings.map((w) => w.code)).toEqual(['NOT_VERIFIED']);
      const landed = join(dropBox.root, 'to-platform.csv');
      expect(await sha256File(landed)).toBe(await sha256File(source));
    } finally {
      await dropBox.stop();
    }
  });

  it('does not take an OpenSSH server for AWS', async () => {
    const other = await startQuirkServer({ ident: 'OpenSSH_9.2p1 Debian-2+deb12u3' });
    try {
      const { connection: plain } = await quirkSession(other);
      expect(plain.serverIdent).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3');
      expect(plain.isAwsTransferFamily).toBe(false);
      await plain.close();
    } finally {
      await other.stop();
    }
  });
});
