import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import {
  expectStreamedAsAnalyst,
  filesIn,
  fixturePath,
  FPR,
  writeRandomFile,
  usePgpWorld,
} from '../helpers/pgpWorld.ts';

const world = usePgpWorld();

/** A source that sends some bytes, then fails the way a dropped SFTP connection would. */
function failingSource(bytes: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) {
        this.destroy(new AppError('CONNECTION_LOST', 'link dropped', { host: 'sftp.example' }));
        return;
      }
      sent = true;
      this.push(bytes);
    },
  });
}

describe('streams in both directions, across the worker boundary', () => {
  it('encrypts a Readable into a Readable that gpg decrypts, with plaintext progress', async () => {
    const dir = world.folder('enc-stream');
    const plain = writeRandomFile(join(dir, 'p.bin'), 3 * 1024 * 1024 + 17);
    const progress: number[] = [];
    const { stream, done } = await world.service.encryptStream(
      createReadStream(join(dir, 'p.bin')),
      {
        recipients: [{ fingerprint: FPR.platform }],
        signWith: { fingerprint: FPR.analyst, passphrase: FIXTURE_PASSPHRASE },
        filename: 'p.bin',
        onProgress: (bytes) => progress.push(bytes),
      },
    );
    await pipeline(stream, createWriteStream(join(dir, 'p.pgp')));
    const summary = await done;

    expect(summary.plaintextBytes).toBe(plain.length);
    expect(summary.encryptedBytes).toBe(readFileSync(join(dir, 'p.pgp')).length);
    expect(progress.at(-1)).toBe(plain.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const run = world.gpg.run(['--decrypt', join(dir, 'p.pgp')]);
    expect(run.stdout.equals(plain)).toBe(true);
    expect(run.stderr).toContain('Good signature from "Fixture RSA Analyst');
  });

  it('decrypts a Readable into a file (temporary name until verified)', async () => {
    const dir = world.folder('dec-stream');
    const plain = writeRandomFile(join(dir, 'p.bin'), 2 * 1024 * 1024);
    world.gpg.ok(
      [
        '--encrypt',
        '--sign',
        '-u',
        FPR.analyst,
        '-r',
        FPR.platform,
        '-a',
        '-o',
        join(dir, 'p.asc'),
        join(dir, 'p.bin'),
      ],
      { passphrase: FIXTURE_PASSPHRASE },
    );
    await expectStreamedAsAnalyst(world, dir, 'p.asc', plain);
  });

  it('refuses bad recipients before returning a stream', async () => {
    await expect(
      world.service.encryptStream(Readable.from([Buffer.from('x')]), {
        recipients: [{ path: fixturePath('expired.pub.asc') }],
      }),
    ).rejects.toMatchObject({ code: 'PGP_KEY_EXPIRED' });
  });

  it('a failing source surfaces as its own error, not as damaged data', async () => {
    const dir = world.folder('src-fail');
    const encrypted = world.gpg.ok(['--encrypt', '-r', FPR.platform, '--compress-algo', 'none'], {
      input: Buffer.alloc(500_000, 7),
    });
    await expect(
      world.service.decryptStreamToFile(failingSource(encrypted.subarray(0, 100_000)), {
        outputPath: join(dir, 'out.bin'),
      }),
    ).rejects.toMatchObject({ code: 'CONNECTION_LOST', details: { host: 'sftp.example' } });
    expect(filesIn(dir)).toEqual([]);

    const { stream } = await world.service.encryptStream(failingSource(Buffer.alloc(100_000)), {
      recipients: [{ fingerprint: FPR.platform }],
    });
    await expect(pipeline(stream, createWriteStream(join(dir, 'x.pgp')))).rejects.toMatchObject({
      code: 'CONNECTION_LOST',
    });
  });

  it('stops the worker when the reader gives up, and the pool keeps working', async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(65536, 1));
      },
    });
    const { stream, done } = await world.service.encryptStream(endless, {
      recipients: [{ fingerprint: FPR.platform }],
    });
    for await (const _chunk of stream) break;
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    // The source is on this thread; the worker's cancel reaches it a moment later.
    await vi.waitFor(() => expect(endless.destroyed).toBe(true));

    const dir = world.folder('after-cancel');
    writeRandomFile(join(dir, 'p.bin'), 1000);
    await world.service.encryptFile({
      inputPath: join(dir, 'p.bin'),
      recipients: [{ fingerprint: FPR.platform }],
    });
    expect(filesIn(dir)).toEqual(['p.bin', 'p.bin.pgp']);
  });

  it('cancels a running decryption by signal and leaves no file behind', async () => {
    const dir = world.folder('abort');
    writeRandomFile(join(dir, 'p.bin'), 24 * 1024 * 1024);
    world.gpg.ok([
      '--encrypt',
      '-r',
      FPR.platform,
      '--compress-algo',
      'none',
      '-o',
      join(dir, 'p.pgp'),
      join(dir, 'p.bin'),
    ]);
    const controller = new AbortController();
    const job = world.service.decryptFile({
      inputPath: join(dir, 'p.pgp'),
      outputPath: join(dir, 'out.bin'),
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(filesIn(dir)).toEqual(['p.bin', 'p.pgp']);
  });
});
