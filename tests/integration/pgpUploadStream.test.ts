import {
  appendFileSync,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgpWorkerPool } from '../../electron/services/pgp/workerPool.ts';
import {
  encryptedChunks,
  ephemeralPgp,
  type EphemeralPgp,
} from '../../electron/services/pgp/transferPgp.ts';
import { serviceQueuePgp } from '../../electron/services/queue/pgpSteps.ts';
import { upload as uploadFiles } from '../../electron/services/transfer/transfer.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from '../helpers/fixtures.ts';
import { sha256File, writeRandomFile } from '../helpers/files.ts';
import { createGpg, type Gpg } from '../helpers/gpg.ts';
import { tempDir } from '../helpers/session.ts';
import { useSshdSession } from '../helpers/sshdSession.ts';

const RECIPIENT_FILE = join(PGP_KEYS, 'platform-ed25519.pub.asc');
const RECIPIENT = [{ path: RECIPIENT_FILE }];
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

// As transfer.test.ts's 'a local file that changes while or after it is sent', for an upload
// the PGP worker reads (put --encrypt-to, a job that encrypts) rather than the engine.
describe('an encrypted upload of a file that changes while it is sent', () => {
  const MiB = 1024 * 1024;
  const world = useSshdSession();

  /**
   * Uploads a 16 MiB file encrypted as the queue does it, into `name.pgp`, and runs `change`
   * on it at the first progress report (plaintext the worker has read). The worker reads ahead
   * only as far as the engine's requests in flight let it (about 5 MiB), and the limit keeps
   * the rest unread for a second and more. `plaintextSent` tells whether any WRITE to the
   * server carried a piece of the file in clear.
   */
  async function changedMidUpload(name: string, atomic: boolean, change: (path: string) => void) {
    const source = join(tempDir(), name);
    writeRandomFile(source, 16 * MiB);
    // writeRandomFile repeats one MiB: these bytes recur in every MiB of the file.
    const sample = readFileSync(source).subarray(1, 4097);
    const queuePgp = serviceQueuePgp(pgp.service, { recipient: (path) => ({ path }) });
    const encrypt = await queuePgp.encryptor([RECIPIENT_FILE]);
    const writes = vi.spyOn(world.session.raw, 'write');
    let changed = false;
    try {
      const result = await uploadFiles(world.session, [source], join(world.sshd.root, name), {
        atomic,
        bandwidthLimit: 8 * MiB,
        transformUpload: (item) => ({ source: encrypt(item), remote: `${item.remote}.pgp` }),
        onProgress: (p) => {
          if (!changed && p.bytesDone > 0) {
            changed = true;
            change(source);
          }
        },
      });
      expect(changed).toBe(true);
      const sent = writes.mock.calls.map((call) => call[1]);
      const plaintextSent = sent.some((data) => data.includes(sample));
      return { source, result, writes: sent.length, plaintextSent };
    } finally {
      writes.mockRestore();
    }
  }

  it('fails a file that shrinks, leaving nothing on the server, never sent in clear', async () => {
    for (const [name, atomic] of [
      ['shrank.bin', true],
      ['shrank-in-place.bin', false],
    ] as const) {
      // Shorter than the first chunk the worker read before reporting any progress.
      const cut = (path: string) => truncateSync(path, 64 * 1024);
      const { result, plaintextSent } = await changedMidUpload(name, atomic, cut);
      expect(result.filesDone).toBe(0);
      expect(result.files[0]).toMatchObject({
        state: 'failed',
        error: { code: 'LOCAL_CHANGED' },
      });
      // Neither `name.pgp` nor its hidden temporary copy, nor the file in clear.
      expect(readdirSync(world.sshd.root).filter((n) => n.includes(name))).toEqual([]);
      expect(plaintextSent).toBe(false);
    }
  });

  it('sends a file that grows as far as it grew; gpg reads that back', async () => {
    const grow = (path: string) => appendFileSync(path, randomBytes(MiB + 7));
    const { source, result, writes, plaintextSent } = await changedMidUpload(
      'grew.bin',
      true,
      grow,
    );
    expect(result.failed).toEqual([]);
    expect(readdirSync(world.sshd.root).filter((n) => n.includes('grew'))).toEqual([
      'grew.bin.pgp',
    ]);
    expect(writes).toBeGreaterThan(0);
    expect(plaintextSent).toBe(false);
    const out = join(dir, 'grew.bin.out');
    gpg.ok(['--output', out, '--decrypt', join(world.sshd.root, 'grew.bin.pgp')]);
    expect(await sha256File(out)).toBe(await sha256File(source));
    expect(statSync(out).size).toBe(17 * MiB + 7);
  });
});
