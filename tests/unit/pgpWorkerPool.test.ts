import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { ParsedKey } from '../../electron/services/pgp/keyOps.ts';
import { PgpWorkerPool } from '../../electron/services/pgp/workerPool.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';

const material = readFileSync(join(PGP_KEYS, 'platform-ed25519.pub.asc'), 'utf8');
const pools: PgpWorkerPool[] = [];
function pool(options: ConstructorParameters<typeof PgpWorkerPool>[0] = {}) {
  const created = new PgpWorkerPool(options);
  pools.push(created);
  return created;
}
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('PgpWorkerPool', () => {
  it('runs jobs in a worker thread and queues those beyond its size', async () => {
    const single = pool({ size: 1 });
    const jobs = [1, 2, 3].map(() => single.run<ParsedKey[]>({ op: 'parseKeys', material }));
    const results = await Promise.all(jobs);
    expect(results.map((r) => r[0]?.info.userIds[0])).toEqual(
      Array(3).fill('Fixture Platform <platform@example.com>'),
    );
  });

  it('sends errors back as AppErrors with their code', async () => {
    const failure = pool().run({ op: 'parseKeys', material: 'not a key' });
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'PGP_KEY_INVALID' });
  });

  it('cancels a job before it starts and while it waits in the queue', async () => {
    const single = pool({ size: 1 });
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      single.run({ op: 'parseKeys', material }, { signal: aborted.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });

    const waiting = new AbortController();
    const first = single.run({ op: 'parseKeys', material });
    const second = single.run({ op: 'parseKeys', material }, { signal: waiting.signal });
    waiting.abort();
    await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(first).resolves.toHaveLength(1);
  });

  it('reports a worker that dies as INTERNAL, and refuses work once closed', async () => {
    const broken = pool({ workerUrl: new URL('data:text/javascript,throw new Error("boom")') });
    await expect(broken.run({ op: 'parseKeys', material })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('boom'),
    });
    const closing = pool();
    await closing.close();
    await expect(closing.run({ op: 'parseKeys', material })).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});
