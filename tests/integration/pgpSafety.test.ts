import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import { filesIn, fixturePath, FPR, writeRandomFile, usePgpWorld } from '../helpers/pgpWorld.ts';

const world = usePgpWorld();

function flipByteNearEnd(path: string, fromEnd: number): void {
  const bytes = readFileSync(path);
  const index = bytes.length - fromEnd;
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

describe('damaged or tampered files', () => {
  it.each([
    ['ours, to a key', 'ours', 5],
    ['gpg, to a key', 'gpg', 5],
    ['gpg, to a key, inside the MDC', 'gpg', 15],
    ['gpg, passphrase only', 'gpg-symmetric', 5],
  ])(
    '%s: one byte changed near the end -> PGP_INTEGRITY and no plaintext file',
    async (_n, maker, at) => {
      const dir = world.folder('tamper');
      writeRandomFile(join(dir, 'big.bin'), 400_000);
      const encrypted = join(dir, 'big.bin.pgp');
      if (maker === 'ours') {
        await world.service.encryptFile({
          inputPath: join(dir, 'big.bin'),
          recipients: [{ fingerprint: FPR.platform }],
        });
      } else if (maker === 'gpg') {
        world.gpg.ok([
          '--encrypt',
          '--compress-algo',
          'none',
          '-r',
          FPR.platform,
          '-o',
          encrypted,
          join(dir, 'big.bin'),
        ]);
      } else {
        world.gpg.ok(
          ['--symmetric', '--compress-algo', 'none', '-o', encrypted, join(dir, 'big.bin')],
          { passphrase: 'pw' },
        );
      }
      flipByteNearEnd(encrypted, at);
      const outputPath = join(dir, 'restored.bin');
      let written = 0;
      const onProgress = (bytes: number) => (written = bytes);
      await expect(
        world.service.decryptFile({
          inputPath: encrypted,
          outputPath,
          messagePassphrase: 'pw',
          onProgress,
        }),
      ).rejects.toMatchObject({ code: 'PGP_INTEGRITY' });
      // Plaintext did stream into the temporary file before the check failed; it is gone.
      expect(written).toBeGreaterThan(0);
      expect(filesIn(dir)).toEqual(['big.bin', 'big.bin.pgp']);
    },
  );

  // Regression: both files once made openpgp.js stall for good (see stallGuard.ts); before the
  // fix these decryptions never settled and the tests ran into their timeout.
  it('says a wrong passphrase is wrong, at once, where openpgp.js used to stall', async () => {
    const dir = world.folder('stall-wrong');
    const outputPath = join(dir, 'out.bin');
    await expect(
      world.service.decryptFile({
        inputPath: fixturePath('stall.wrong-passphrase.gpg'),
        outputPath,
        messagePassphrase: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_WRONG', details: { symmetric: true } });
    expect(filesIn(dir)).toEqual([]);
    const right = await world.service.decryptFile({
      inputPath: fixturePath('stall.wrong-passphrase.gpg'),
      outputPath,
      messagePassphrase: 'open sesame',
    });
    expect(right.bytes).toBe(200_000);
  });

  it('ends a decryption that stalls on tampered data with PGP_INTEGRITY', async () => {
    const dir = world.folder('stall-tampered');
    await expect(
      world.service.decryptFile({
        inputPath: fixturePath('stall.tampered.gpg'),
        outputPath: join(dir, 'out.bin'),
        messagePassphrase: 'open sesame',
      }),
    ).rejects.toMatchObject({ code: 'PGP_INTEGRITY' });
    expect(filesIn(dir)).toEqual([]);
  });

  it('tells a wrong passphrase from damage: always PGP_PASSPHRASE_WRONG', async () => {
    const dir = world.folder('wrong-many');
    writeRandomFile(join(dir, 'p.bin'), 50_000);
    for (let i = 0; i < 8; i += 1) {
      const encrypted = join(dir, `p${i}.gpg`);
      world.gpg.ok(['--symmetric', '-o', encrypted, join(dir, 'p.bin')], { passphrase: 'pw' });
      await expect(
        world.service.decryptFile({
          inputPath: encrypted,
          outputPath: join(dir, `p${i}.out`),
          messagePassphrase: 'not pw',
        }),
      ).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_WRONG', details: { symmetric: true } });
    }
  });

  it('refuses legacy messages without integrity protection (SED), key or passphrase', async () => {
    const dir = world.folder('sed');
    writeRandomFile(join(dir, 'p.bin'), 1000);
    world.gpg.ok(['--rfc2440', '--symmetric', '-o', join(dir, 'sym.gpg'), join(dir, 'p.bin')], {
      passphrase: 'pw',
    });
    world.gpg.ok([
      '--rfc2440',
      '--encrypt',
      '-r',
      FPR.platform,
      '-o',
      join(dir, 'key.gpg'),
      join(dir, 'p.bin'),
    ]);
    for (const name of ['sym.gpg', 'key.gpg']) {
      await expect(
        world.service.decryptFile({ inputPath: join(dir, name), messagePassphrase: 'pw' }),
      ).rejects.toMatchObject({ code: 'PGP_NOT_INTEGRITY_PROTECTED' });
    }
    expect(filesIn(dir)).toEqual(['key.gpg', 'p.bin', 'sym.gpg']);
  });

  it.each(['zlib', 'bzip2'])('stops a %s decompression bomb at the size limit', async (algo) => {
    const dir = world.folder('bomb');
    const zeros = Buffer.alloc(48 * 1024 * 1024);
    world.gpg.ok(
      ['--encrypt', '-r', FPR.platform, '--compress-algo', algo, '-o', join(dir, 'bomb.pgp')],
      { input: zeros },
    );
    expect(readFileSync(join(dir, 'bomb.pgp')).length).toBeLessThan(200_000);
    await expect(
      world.service.decryptFile({
        inputPath: join(dir, 'bomb.pgp'),
        maxOutputBytes: 4 * 1024 * 1024,
      }),
    ).rejects.toMatchObject({ code: 'PGP_TOO_LARGE', details: { limit: 4 * 1024 * 1024 } });
    expect(filesIn(dir)).toEqual(['bomb.pgp']);
  });

  it('refuses a bad signature (intact file, signature over other data); gpg agrees', async () => {
    const dir = world.folder('badsig');
    const signer = await openpgp.decryptKey({
      privateKey: await openpgp.readPrivateKey({
        armoredKey: readFileSync(fixturePath('analyst-rsa.sec.asc'), 'utf8'),
      }),
      passphrase: FIXTURE_PASSPHRASE,
    });
    const signedOther = await openpgp.sign({
      message: await openpgp.createMessage({ binary: new Uint8Array([1, 2, 3]) }),
      signingKeys: signer,
      format: 'object',
    });
    const forged = await openpgp.createMessage({
      binary: new Uint8Array([4, 5, 6]),
      filename: 'x',
    });
    const signaturePackets = signedOther.packets.filterByTag(openpgp.enums.packet.signature);
    const packets = new openpgp.PacketList();
    packets.push(...signaturePackets, ...forged.packets);
    const platform = await openpgp.readKey({
      armoredKey: readFileSync(fixturePath('platform-ed25519.pub.asc'), 'utf8'),
    });
    const encrypted = await openpgp.encrypt({
      message: new openpgp.Message(packets),
      encryptionKeys: platform,
      format: 'binary',
    });
    writeFileSync(join(dir, 'forged.pgp'), encrypted);

    expect(world.gpg.run(['--decrypt', join(dir, 'forged.pgp')]).stderr).toContain('BAD signature');
    await expect(
      world.service.decryptFile({ inputPath: join(dir, 'forged.pgp') }),
    ).rejects.toMatchObject({
      code: 'PGP_SIGNATURE_INVALID',
      details: { fingerprint: FPR.analyst },
    });
    expect(filesIn(dir)).toEqual(['forged.pgp']);
  });
});

describe('keys that cannot take a file are refused before anything is written', () => {
  const cases: Array<[string, () => { armored: string } | { path: string }, string]> = [
    ['expired (fixture)', () => ({ path: fixturePath('expired.pub.asc') }), 'PGP_KEY_EXPIRED'],
    [
      'sign-only (fixture)',
      () => ({ path: fixturePath('signonly.pub.asc') }),
      'PGP_KEY_CANNOT_ENCRYPT',
    ],
    ['revoked (gpg made)', () => ({ armored: world.revokedPublic }), 'PGP_KEY_REVOKED'],
    ['not a key', () => ({ path: fixturePath('report.csv') }), 'PGP_KEY_INVALID'],
  ];
  it.each(cases)('%s -> %s', async (_name, ref, code) => {
    const dir = world.folder('refuse');
    writeRandomFile(join(dir, 'p.bin'), 1000);
    const recipients = [{ fingerprint: FPR.platform }, ref()];
    await expect(
      world.service.encryptFile({ inputPath: join(dir, 'p.bin'), recipients }),
    ).rejects.toMatchObject({ code });
    expect(filesIn(dir)).toEqual(['p.bin']);
  });

  it('gpg agrees that those keys are unusable for encryption', () => {
    for (const recipient of [FPR.expired, FPR.signonly]) {
      const run = world.gpg.run(['--encrypt', '-r', recipient], { input: 'x' });
      expect(run.status).not.toBe(0);
    }
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const dir = world.folder('exists');
    writeRandomFile(join(dir, 'p.bin'), 1000);
    writeFileSync(join(dir, 'p.bin.pgp'), 'keep me');
    const options = { inputPath: join(dir, 'p.bin'), recipients: [{ fingerprint: FPR.platform }] };
    await expect(world.service.encryptFile(options)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(readFileSync(join(dir, 'p.bin.pgp'), 'utf8')).toBe('keep me');
    await world.service.encryptFile({ ...options, overwrite: true });
    expect(readFileSync(join(dir, 'p.bin.pgp')).length).toBeGreaterThan(1000);
    expect(filesIn(dir)).toEqual(['p.bin', 'p.bin.pgp']);
  });
});
