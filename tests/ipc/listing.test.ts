import { mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import type { EventPayload } from '../../shared/ipc/contract.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { createTestApp, type TestApp, value } from './testServices.ts';

/**
 * Folder listings as long jobs, over the real handlers: sftp:listStart / local:listStart answer
 * an id, entries follow as listing:batch events, listing:cancel stops the walk itself. The
 * server is frozen (SIGSTOP) right after the first batch, which holds a listing half-way
 * without timing anything.
 */
type Batch = EventPayload<'listing:batch'>;

const BIG = 20_000;
let sshd: Sshd;
let app: TestApp;
let bigRemote: string;
/** Runs inside the event sink, before the walk asks the server for its next batch. */
let onFirstBatch: ((batch: Batch) => void) | undefined;

beforeAll(async () => {
  sshd = await startSshd();
  bigRemote = join(sshd.root, 'big');
  mkdirSync(bigRemote);
  for (let i = 0; i < BIG; i += 1) {
    writeFileSync(join(bigRemote, `ledger-${String(i).padStart(5, '0')}.csv`), '');
  }
});

afterAll(async () => {
  await sshd?.stop();
});

beforeEach(() => {
  const tap = (channel: EventChannel, payload: unknown): void => {
    if (channel !== 'listing:batch' || !onFirstBatch) return;
    const run = onFirstBatch;
    onFirstBatch = undefined;
    run(payload as Batch);
  };
  app = createTestApp({ onEvent: tap });
});

afterEach(async () => {
  onFirstBatch = undefined;
  sshd.resumeSessions();
  await app.close();
});

async function connect(): Promise<string> {
  const profile = value<{ id: string }>(
    await app.call('profiles:save', {
      name: 'Local sshd',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      key: { kind: 'path', path: sshd.clientKeyPath },
    }),
  );
  const prompt = app.nextEvent<{ promptId: string }>('ssh:hostKeyPrompt');
  const connecting = app.call('connection:connect', { profileId: profile.id });
  await app.call('ssh:answerHostKey', { promptId: (await prompt).promptId, trust: true });
  return value<{ sessionId: string }>(await connecting).sessionId;
}

const batchesOf = (listingId: string): Batch[] =>
  app.events
    .filter((e) => e.channel === 'listing:batch')
    .map((e) => e.payload as Batch)
    .filter((b) => b.listingId === listingId);

function lastBatch(listingId: string): Promise<Batch> {
  const seen = batchesOf(listingId).find((b) => b.done);
  if (seen) return Promise.resolve(seen);
  return app.nextEvent<Batch>('listing:batch', (b) => b.listingId === listingId && b.done);
}

const namesOf = (batches: Batch[]): string[] =>
  batches.flatMap((b) => b.entries.map((e) => e.name));

/** Whether the server's SFTP process still has the folder open (a live directory handle). */
const serverHolds = (dir: string): boolean => sshd.openPaths().includes(dir);

/** Folders this test process has open (a local listing's directory handle). */
function ownOpenPaths(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(join('/proc/self/fd', fd))];
    } catch {
      return [];
    }
  });
}

describe('remote listings', () => {
  it(`sends a ${BIG.toLocaleString('en')}-entry folder in batches before it is done`, async () => {
    const sessionId = await connect();
    let heldOpen = false;
    const first = new Promise<Batch>((resolve) => {
      onFirstBatch = (batch) => {
        sshd.pauseSessions();
        heldOpen = serverHolds(bigRemote);
        resolve(batch);
      };
    });
    const { listingId } = value<{ listingId: string }>(
      await app.call('sftp:listStart', { sessionId, path: bigRemote }),
    );
    const done = lastBatch(listingId);

    // The first entries are here while the server, frozen, still has the folder open.
    const batch = await first;
    expect(batch).toMatchObject({ listingId, done: false });
    expect(batch.entries.length).toBeGreaterThan(0);
    expect(batch.entries.length).toBeLessThan(BIG);
    expect(heldOpen).toBe(true);
    expect(batchesOf(listingId).some((b) => b.done)).toBe(false);

    sshd.resumeSessions();
    const last = await done;
    expect(last.error).toBeUndefined();
    const all = batchesOf(listingId);
    expect(all.filter((b) => b.done)).toEqual([last]);
    expect(all.length).toBeGreaterThan(2);
    const names = namesOf(all);
    expect(new Set(names).size).toBe(BIG);
    expect(names).toContain('ledger-19999.csv');
    expect(serverHolds(bigRemote)).toBe(false);
  });

  it('cancel closes the folder on the server and no batch follows', async () => {
    const sessionId = await connect();
    const first = new Promise<void>((resolve) => {
      onFirstBatch = () => {
        sshd.pauseSessions();
        resolve();
      };
    });
    const { listingId } = value<{ listingId: string }>(
      await app.call('sftp:listStart', { sessionId, path: bigRemote }),
    );
    const done = lastBatch(listingId);
    await first;
    expect(serverHolds(bigRemote)).toBe(true);

    expect(await app.call('listing:cancel', { listingId })).toEqual({ ok: true, value: null });
    sshd.resumeSessions();
    const last = await done;
    expect(last).toMatchObject({ done: true, entries: [], error: { code: 'CANCELLED' } });
    expect(serverHolds(bigRemote)).toBe(false);

    // A later request on the same channel is answered after anything still in flight, so
    // by its answer every late readdir reply has come and gone without an event.
    const seen = batchesOf(listingId);
    value(await app.call('sftp:stat', { sessionId, path: bigRemote }));
    expect(batchesOf(listingId)).toEqual(seen);
    expect(seen.at(-1)).toBe(last);
    expect(namesOf(seen).length).toBeLessThan(BIG);
    expect(app.services.listings.runningCount).toBe(0);
    // Cancelling again, after the end, is harmless.
    expect(await app.call('listing:cancel', { listingId })).toEqual({ ok: true, value: null });
  });

  it('reports a missing folder in the last batch, and a closed session at once', async () => {
    const sessionId = await connect();
    const { listingId } = value<{ listingId: string }>(
      await app.call('sftp:listStart', { sessionId, path: join(sshd.root, 'nope') }),
    );
    expect(await lastBatch(listingId)).toMatchObject({
      done: true,
      entries: [],
      error: { code: 'NOT_FOUND' },
    });
    value(await app.call('connection:disconnect', { sessionId }));
    const gone = await app.call('sftp:listStart', { sessionId, path: sshd.root });
    expect(gone).toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
  });

  it('refuses malformed requests', async () => {
    const bad = await app.call('sftp:listStart', { sessionId: 's', path: 'a\0b' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    const noId = await app.call('listing:cancel', {});
    expect(noId).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
  });
});

describe('local listings', () => {
  const LOCAL = 3_000;
  let dir: string;
  beforeEach(() => {
    dir = join(app.home, 'exports');
    mkdirSync(dir);
    for (let i = 0; i < LOCAL; i += 1) writeFileSync(join(dir, `row-${i}.csv`), 'x');
  });

  it('streams a local folder with opendir', async () => {
    const { listingId } = value<{ listingId: string }>(
      await app.call('local:listStart', { path: dir }),
    );
    const last = await lastBatch(listingId);
    expect(last.error).toBeUndefined();
    const all = batchesOf(listingId);
    expect(all[0]?.done).toBe(false);
    expect(new Set(namesOf(all)).size).toBe(LOCAL);
    expect(ownOpenPaths()).not.toContain(dir);
  });

  it('cancel stops the local walk and closes the folder', async () => {
    onFirstBatch = (batch) => void app.call('listing:cancel', { listingId: batch.listingId });
    const { listingId } = value<{ listingId: string }>(
      await app.call('local:listStart', { path: dir }),
    );
    const last = await lastBatch(listingId);
    expect(last.error?.code).toBe('CANCELLED');
    expect(namesOf(batchesOf(listingId)).length).toBeLessThan(LOCAL);
    expect(ownOpenPaths()).not.toContain(dir);
  });
});
