import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgpWorkerPool } from '../../electron/services/pgp/workerPool.ts';
import {
  encryptedChunks,
  ephemeralPgp,
  type EphemeralPgp,
} from '../../electron/services/pgp/transferPgp.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';

const RECIPIENT = [{ path: join(PGP_KEYS, 'platform-ed25519.pub.asc') }];
const dir = mkdtempSync(join(tmpdir(), 'pgp-upload-'));
const pool = new PgpWorkerPool();
let pgp: EphemeralPgp;
let gpg: Gpg;

beforeAll(async () => {
  pgp = await ephemeralPgp(pool, [join(PGP_KEYS, 'analyst-rsa.sec.asc')]);
  gpg = createGpg();
  gpg.ok(['--import', join(PGP_KEYS, 'platform-ed25519.sec.asc')]);
  gpg.ok(['--import', join(PGP_KEYS, 'analyst-rsa.pub.asc')]);
}, 30_000);
afterAll(async () => {
  gpg.dispose();
  await pgp.dispose();
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the upload does with the chunks: here, write them to a file. Returns plaintext seen. */
async function upload(path: string, out: string, signed = false): Promise<number> {
  let plain = 0;
  const signWith = signed
    ? { fingerprint: pgp.fingerprints[0] ?? '', passphrase: FIXTURE_PASSPHRASE }
    : undefined;
  const sink = createWriteStream(out);
  const chunks = encryptedChunks(pgp.service, path, RECIPIENT, signWith, (count) => {
    expect(count).toBeGreaterThanOrEqual(0);
    plain += count;
  });
  for await (const chunk of chunks) sink.write(chunk);
  await new Promise((resolve) => sink.end(resolve));
  return plain;
}

/** gpg's view of a message: the plaintext, what it said, and the packets it found. */
function gpgDecrypt(path: string): { plain: Buffer; log: string; packets: string } {
  const out = `${path}.out`;
  const run = gpg.run(['--output', out, '--decrypt', path]);
  expect(run.status, run.stderr).toBe(0);
  const packets = gpg.ok(['--list-packets', path]).toString();
  return { plain: readFileSync(out), log: run.stderr, packets };
}

function csvLike(rows: number): Buffer {
  const lines = ['date,account,cost_center,amount'];
  for (let i = 0; i < rows; i += 1) {
    lines.push(`2024-${(i % 12) + 1}-${(i % 28) + 1},ACC-${(i * 7919) % 100000},Sales,${i / 100}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('encryptedChunks: the bytes an upload sends', () => {
  it('compresses a CSV export, reports its plaintext exactly, and gpg reads it back', async () => {
    const csv = csvLike(100_000);
    writeFileSync(join(dir, 'export.csv'), csv);
    const seen = await upload(join(dir, 'export.csv'), join(dir, 'export.csv.pgp'));

    expect(seen).toBe(csv.length);
    expect(readFileSync(join(dir, 'export.csv.pgp')).length).toBeLessThan(csv.length / 2);
    const { plain, packets } = gpgDecrypt(join(dir, 'export.csv.pgp'));
    expect(plain.equals(csv)).toBe(true);
    expect(packets).toContain(':compressed packet: algo=2'); // 2: ZLIB
  });

  it('sends data that does not shrink as it is, signed; gpg reads it back', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 5);
    writeFileSync(join(dir, 'archive.zip'), data);
    const seen = await upload(join(dir, 'archive.zip'), join(dir, 'archive.zip.pgp'), true);

    expect(seen).toBe(data.length);
    const { plain, log, packets } = gpgDecrypt(join(dir, 'archive.zip.pgp'));
    expect(plain.equals(data)).toBe(true);
    expect(packets).not.toContain(':compressed packet:');
    expect(log).toContain('Good signature from "Fixture RSA Analyst');
  });

  it('fails on a missing file before producing any byte, as a local-file error', async () => {
    const chunks = encryptedChunks(pgp.service, join(dir, 'gone.csv'), RECIPIENT, undefined);
    const first = chunks[Symbol.asyncIterator]().next();

    await expect(first).rejects.toMatchObject({ code: 'LOCAL_NOT_FOUND' });
  });
});
