import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quirkSession, startQuirkServer, type QuirkServer } from '../helpers/quirkServer.ts';
import { HOSTILE_NAMES, hostileContent } from '../helpers/quirkFs.ts';
import { tempDir } from '../helpers/session.ts';
import { sha256File, writeRandomFile } from '../helpers/files.ts';
import { download, upload } from '../../electron/services/transfer/transfer.ts';
import type { SshConnection } from '../../electron/services/ssh/connect.ts';

/**
 * An interrupted download may leave `<name>.pyplan-part` (and its `.json` note) for a
 * resume, but never a file under the real name.
 */
function expectNothingCompleteLooking(folder: string): void {
  for (const name of readdirSync(folder)) expect(name).toMatch(/\.pyplan-part(\.json)?$/);
  expect(existsSync(join(folder, 'big.bin'))).toBe(false);
}

/** Our services against a hostile or broken server: what OpenSSH will not do to a client. */
describe('against a hostile or broken server', () => {
  let server: QuirkServer | undefined;
  let connection: SshConnection | undefined;

  afterEach(async () => {
    await connection?.close();
    await server?.stop();
    connection = undefined;
    server = undefined;
  });

  it('lists only safe names; a recursive download writes nothing outside its folder', async () => {
    server = await startQuirkServer({ hostileNames: true });
    const opened = await quirkSession(server);
    connection = opened.connection;
    const names = (await opened.session.list('/')).map((e) => e.name).sort();
    for (const name of names) {
      expect(name).not.toMatch(/[/\0]/);
      expect(['.', '..']).not.toContain(name);
    }

    const parent = tempDir();
    const target = join(parent, 'copy');
    mkdirSync(target);
    const result = await download(opened.session, ['/'], target, { recursive: true });

    expect(readdirSync(parent)).toEqual(['copy']);
    expect(readdirSync(target)).toEqual(['ok.txt']);
    expect(readFileSync(join(target, 'ok.txt'))).toEqual(hostileContent('ok.txt'));
    // Every hostile name is a failed file with its reason, including those the listing could
    // not show at all: the batch does not end as if all went well.
    const hostile = HOSTILE_NAMES.filter((n) => !['ok.txt', '.', '..'].includes(n));
    expect(names.filter((n) => n !== 'ok.txt').length).toBeGreaterThan(0);
    expect(result.failed.map((f) => f.path).sort()).toEqual(hostile.map((n) => `/${n}`).sort());
    expect(result.failed.every((f) => f.error.code === 'UNSAFE_NAME')).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.filesDone).toBe(1);
  });

  it('downloads byte for byte from a server that answers every READ short', async () => {
    server = await startQuirkServer({ shortReads: 1000 });
    writeRandomFile(join(server.root, 'report.bin'), 1024 * 1024 + 17);
    const opened = await quirkSession(server);
    connection = opened.connection;
    const local = join(tempDir(), 'report.bin');

    const result = await download(opened.session, ['/report.bin'], local);

    expect(result.failed).toEqual([]);
    expect(await sha256File(local)).toBe(await sha256File(join(server.root, 'report.bin')));
    expect(server.stats.ops.READ).toBeGreaterThanOrEqual(Math.ceil((1024 * 1024 + 17) / 1000));
  });

  it('fails a download with CONNECTION_LOST when the link drops, leaving no file', async () => {
    server = await startQuirkServer({ dropAfterBytes: 256 * 1024 });
    writeRandomFile(join(server.root, 'big.bin'), 2 * 1024 * 1024);
    const opened = await quirkSession(server);
    connection = opened.connection;
    const folder = tempDir();

    const job = download(opened.session, ['/big.bin'], join(folder, 'big.bin'));
    await expect(job).rejects.toMatchObject({ code: 'CONNECTION_LOST' });

    expect(server.stats.faults.dropped).toBe(1);
    expectNothingCompleteLooking(folder);
  });

  it('fails an upload with CONNECTION_LOST when the link drops, final name absent', async () => {
    server = await startQuirkServer({ dropAfterBytes: 256 * 1024 });
    const opened = await quirkSession(server);
    connection = opened.connection;
    const source = join(tempDir(), 'big.bin');
    writeRandomFile(source, 2 * 1024 * 1024);

    const job = upload(opened.session, [source], '/big.bin', { atomic: true });
    await expect(job).rejects.toMatchObject({ code: 'CONNECTION_LOST' });

    expect(server.stats.faults.dropped).toBe(1);
    expect(existsSync(join(server.root, 'big.bin'))).toBe(false);
  });

  it('finishes a download over a new connection when the first one drops', async () => {
    server = await startQuirkServer({ dropAfterBytes: 256 * 1024, faultConnections: 1 });
    const quirky = server;
    writeRandomFile(join(server.root, 'big.bin'), 2 * 1024 * 1024);
    const opened = await quirkSession(server);
    connection = opened.connection;
    const local = join(tempDir(), 'big.bin');

    const result = await download(opened.session, ['/big.bin'], local, {
      connect: async () => (await quirkSession(quirky)).connection,
    });

    expect(result.failed).toEqual([]);
    expect(server.stats.faults.dropped).toBe(1);
    expect(server.stats.connections).toBeGreaterThanOrEqual(2);
    expect(await sha256File(local)).toBe(await sha256File(join(server.root, 'big.bin')));
  });

  it('fails in bounded time, not hanging, when the server stops answering mid-file', async () => {
    server = await startQuirkServer({ stallAfterBytes: 256 * 1024 });
    writeRandomFile(join(server.root, 'big.bin'), 2 * 1024 * 1024);
    const opened = await quirkSession(server, { keepaliveIntervalMs: 500, keepaliveCountMax: 2 });
    connection = opened.connection;
    const folder = tempDir();
    const started = Date.now();

    const job = download(opened.session, ['/big.bin'], join(folder, 'big.bin'));
    await expect(job).rejects.toMatchObject({ code: 'CONNECTION_LOST' });

    // Two unanswered probes 500 ms apart, then the link is declared dead: well under 5 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.stats.faults.stalled).toBe(1);
    expectNothingCompleteLooking(folder);
  }, 15_000);
});
