import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { batchWrites } from '../../electron/services/ssh/batchWrites.ts';

/** A loopback pair: what the client writes, the server side collects. */
async function pair(): Promise<{ client: Socket; received: () => Buffer; server: Server }> {
  const chunks: Buffer[] = [];
  const server = createServer((peer) => peer.on('data', (d: Buffer) => chunks.push(d)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  return { client, server, received: () => Buffer.concat(chunks) };
}

/** Counts the system-call-level writes Node's stream makes: one per _write or _writev. */
function countWrites(sock: Socket): { calls: number } {
  const seen = { calls: 0 };
  const internals = sock as unknown as Record<'_write' | '_writev', (...a: unknown[]) => void>;
  for (const name of ['_write', '_writev'] as const) {
    const original = internals[name].bind(sock);
    internals[name] = (...args: unknown[]) => {
      seen.calls += 1;
      original(...args);
    };
  }
  return seen;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SSH packets written in one event-loop turn leave together', () => {
  const open: Array<{ client: Socket; server: Server }> = [];
  afterEach(() => {
    for (const { client, server } of open.splice(0)) {
      client.destroy();
      server.close();
    }
  });

  it('sends a turn of writes in one go, in order, and later turns after it', async () => {
    const link = await pair();
    open.push(link);
    const writes = countWrites(link.client);
    batchWrites(link.client);
    // As ssh2 does after a read: packets from callbacks and from promise continuations.
    link.client.write(Buffer.from('open;'));
    await Promise.resolve();
    link.client.write(Buffer.from('fstat;'));
    link.client.write(Buffer.from('read;'));
    expect(writes.calls).toBe(0);
    await turn();
    expect(writes.calls).toBe(1);
    link.client.write(Buffer.from('close;'));
    await turn();
    expect(writes.calls).toBe(2);
    await expect.poll(() => link.received().toString()).toBe('open;fstat;read;close;');
  });

  it('writes one at a time without it, which is what it saves', async () => {
    const link = await pair();
    open.push(link);
    const writes = countWrites(link.client);
    for (const word of ['open;', 'fstat;', 'read;']) link.client.write(Buffer.from(word));
    await turn();
    expect(writes.calls).toBeGreaterThan(1);
  });

  it('does not throw when the socket dies with writes waiting', async () => {
    const link = await pair();
    open.push(link);
    batchWrites(link.client);
    link.client.write(Buffer.from('bye'));
    link.client.destroy();
    await turn();
    expect(link.client.destroyed).toBe(true);
  });
});
