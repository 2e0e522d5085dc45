import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import {
  expectStreamedAsAnalyst,
  expectStrangerSigned,
  filesIn,
  FPR,
  writeRandomFile,
  usePgpWorld,
} from '../helpers/pgpWorld.ts';

const world = usePgpWorld();

/** gpg --sign (not encrypted) by the analyst, whose key our keyring holds. */
function signAsAnalyst(output: string, input: string, flags: string[] = []): void {
  world.gpg.ok(['--sign', '-u', FPR.analyst, ...flags, '-o', output, input], {
    passphrase: FIXTURE_PASSPHRASE,
  });
}

// `gpg --sign` makes a message with no encryption at all: the data, the signer's one-pass
// header and the signature. It is unwrapped as gpg --decrypt does, and its signature checked
// and reported as for a signed and encrypted file.
describe('signed but not encrypted files (gpg --sign)', () => {
  const variants: Array<[string, string[]]> = [
    ['default compression', []],
    ['uncompressed', ['--compress-algo', 'none']],
    ['zlib', ['--compress-algo', 'zlib']],
    ['armored', ['--armor']],
  ];
  it.each(variants)('%s: unwrapped byte for byte as gpg does, good signature', async (_n, f) => {
    const dir = world.folder('signed');
    const plain = writeRandomFile(join(dir, 'plain.bin'), 300_000);
    signAsAnalyst(join(dir, 'plain.bin.gpg'), join(dir, 'plain.bin'), f);
    world.gpg.ok(['--output', join(dir, 'by-gpg.bin'), '--decrypt', join(dir, 'plain.bin.gpg')]);

    const result = await world.service.decryptFile({
      inputPath: join(dir, 'plain.bin.gpg'),
      outputPath: join(dir, 'ours.bin'),
    });
    expect(readFileSync(join(dir, 'ours.bin')).equals(plain)).toBe(true);
    expect(readFileSync(join(dir, 'ours.bin')).equals(readFileSync(join(dir, 'by-gpg.bin')))).toBe(
      true,
    );
    expect(result).toMatchObject({
      bytes: plain.length,
      signature: { kind: 'valid', fingerprint: FPR.analyst },
      symmetric: false,
      embeddedFilename: 'plain.bin',
    });
  });

  it('streams a download the same way (temporary name until verified)', async () => {
    const dir = world.folder('signed-stream');
    const plain = writeRandomFile(join(dir, 'p.bin'), 2 * 1024 * 1024);
    signAsAnalyst(join(dir, 'p.gpg'), join(dir, 'p.bin'));
    await expectStreamedAsAnalyst(world, dir, 'p.gpg', plain);
  });

  it('reports an unknown signer and keeps the data, unless a signature is required', async () => {
    const dir = world.folder('signed-stranger');
    const plain = writeRandomFile(join(dir, 'p.bin'), 50_000);
    world.gpg.ok(
      ['--sign', '-u', world.gpgMade.stranger, '-o', join(dir, 'p.gpg'), join(dir, 'p.bin')],
      { passphrase: '' },
    );
    await expectStrangerSigned(world, join(dir, 'p.gpg'), plain, {
      kept: join(dir, 'out.bin'),
      refused: join(dir, 'req.bin'),
    });
    expect(filesIn(dir)).toEqual(['out.bin', 'p.bin', 'p.gpg']);
  });

  it('refuses a file changed after signing (one byte); gpg says BAD too', async () => {
    const dir = world.folder('signed-bad');
    writeRandomFile(join(dir, 'p.bin'), 100_000);
    signAsAnalyst(join(dir, 'p.gpg'), join(dir, 'p.bin'), ['--compress-algo', 'none']);
    const bytes = readFileSync(join(dir, 'p.gpg'));
    // In the middle of the literal data, far from any packet header.
    const index = 50_000;
    bytes[index] = (bytes[index] ?? 0) ^ 0x01;
    writeFileSync(join(dir, 'p.gpg'), bytes);
    const byGpg = world.gpg.run(['--decrypt', join(dir, 'p.gpg')]);
    expect(byGpg.stderr).toContain('BAD signature');
    expect(byGpg.status).not.toBe(0);

    await expect(
      world.service.decryptFile({
        inputPath: join(dir, 'p.gpg'),
        outputPath: join(dir, 'out.bin'),
      }),
    ).rejects.toMatchObject({
      code: 'PGP_SIGNATURE_INVALID',
      details: { fingerprint: FPR.analyst },
    });
    expect(filesIn(dir)).toEqual(['p.bin', 'p.gpg']);
  });

  it('stops a compressed signed bomb at the size limit', async () => {
    const dir = world.folder('signed-bomb');
    const zeros = Buffer.alloc(48 * 1024 * 1024);
    world.gpg.ok(
      ['--sign', '-u', FPR.analyst, '--compress-algo', 'zlib', '-o', join(dir, 'bomb.gpg')],
      { input: zeros, passphrase: FIXTURE_PASSPHRASE },
    );
    expect(readFileSync(join(dir, 'bomb.gpg')).length).toBeLessThan(200_000);
    await expect(
      world.service.decryptFile({
        inputPath: join(dir, 'bomb.gpg'),
        maxOutputBytes: 4 * 1024 * 1024,
      }),
    ).rejects.toMatchObject({ code: 'PGP_TOO_LARGE', details: { limit: 4 * 1024 * 1024 } });
    expect(filesIn(dir)).toEqual(['bomb.gpg']);
  });
});

describe('other files that are not encrypted', () => {
  it('says a cleartext-signed file (gpg --clearsign) is signed, not encrypted', async () => {
    const dir = world.folder('clearsigned');
    writeFileSync(join(dir, 'note.txt'), 'scenario,value\nbase,1\n');
    signAsAnalyst(join(dir, 'note.txt.asc'), join(dir, 'note.txt'), ['--clearsign']);
    await expect(
      world.service.decryptFile({
        inputPath: join(dir, 'note.txt.asc'),
        outputPath: join(dir, 'o'),
      }),
    ).rejects.toMatchObject({ code: 'PGP_SIGNED_NOT_ENCRYPTED', details: { cleartext: true } });
    expect(filesIn(dir)).toEqual(['note.txt', 'note.txt.asc']);
  });

  it('still refuses data neither encrypted nor signed (gpg --store)', async () => {
    const dir = world.folder('stored');
    writeRandomFile(join(dir, 'p.bin'), 10_000);
    world.gpg.ok(['--store', '-o', join(dir, 'p.gpg'), join(dir, 'p.bin')]);
    await expect(
      world.service.decryptFile({ inputPath: join(dir, 'p.gpg'), outputPath: join(dir, 'o') }),
    ).rejects.toMatchObject({ code: 'PGP_UNSUPPORTED', details: { reason: 'not encrypted' } });
    expect(filesIn(dir)).toEqual(['p.bin', 'p.gpg']);
  });
});
