import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PgpKeyRef } from '../../electron/services/pgp/PgpService.ts';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import {
  expectStrangerSigned,
  fixturePath,
  FPR,
  GPG_MADE_PASSPHRASE,
  writeRandomFile,
  usePgpWorld,
} from '../helpers/pgpWorld.ts';

const world = usePgpWorld();

/** What gpg --list-packets must show for a message GnuPG 2.2 fully understands. */
function expectGnupg22Packets(packets: string): void {
  expect(packets).toContain(':pubkey enc packet: version 3');
  expect(packets).toMatch(/:encrypted data packet:\s+length: \S+\s+mdc_method: 2/);
  expect(packets).not.toMatch(/aead|version [56]/i);
}

describe('our output, read by gpg 2.2', () => {
  const recipients: Array<[string, () => PgpKeyRef, string | undefined]> = [
    ['armored key file', () => ({ path: fixturePath('platform-ed25519.pub.asc') }), undefined],
    ['binary key file', () => ({ path: fixturePath('platform-ed25519.pub.gpg') }), undefined],
    [
      'pasted RSA key',
      () => ({ armored: readFileSync(fixturePath('analyst-rsa.pub.asc'), 'utf8') }),
      FIXTURE_PASSPHRASE,
    ],
    ['key gpg made just now', () => ({ fingerprint: world.gpgMade.made }), GPG_MADE_PASSPHRASE],
  ];

  it.each(recipients)('decrypts byte-identically: %s', async (_name, ref, passphrase) => {
    const dir = world.folder('ours');
    const plain = writeRandomFile(join(dir, 'ledger.bin'), 300_000);
    const result = await world.service.encryptFile({
      inputPath: join(dir, 'ledger.bin'),
      recipients: [ref()],
    });
    expect(result.outputPath).toBe(join(dir, 'ledger.bin.pgp'));
    expect(result.plaintextBytes).toBe(plain.length);

    expectGnupg22Packets(
      world.gpg.ok(['--list-packets', result.outputPath], { passphrase }).toString(),
    );
    const decrypted = world.gpg.ok(['--decrypt', result.outputPath], { passphrase });
    expect(decrypted.equals(plain)).toBe(true);
  });

  it('armored (.asc), .gpg, compressed, signed by the analyst: gpg says Good', async () => {
    const dir = world.folder('formats');
    const plain = writeRandomFile(join(dir, 'r.csv'), 50_000);
    const variants = [
      { extension: 'asc' as const, compression: 'zlib' as const },
      { extension: 'gpg' as const, compression: 'zip' as const },
    ];
    for (const variant of variants) {
      const result = await world.service.encryptFile({
        inputPath: join(dir, 'r.csv'),
        ...variant,
        recipients: [{ fingerprint: FPR.platform }],
        signWith: { fingerprint: FPR.analyst, passphrase: FIXTURE_PASSPHRASE },
      });
      expect(result.outputPath).toBe(join(dir, `r.csv.${variant.extension}`));
      const head = readFileSync(result.outputPath).subarray(0, 27).toString();
      expect(head === '-----BEGIN PGP MESSAGE-----').toBe(variant.extension === 'asc');
      const run = world.gpg.run(['--decrypt', result.outputPath]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.equals(plain)).toBe(true);
      expect(run.stderr).toContain('Good signature from "Fixture RSA Analyst');
      expect(world.gpg.ok(['--list-packets', result.outputPath]).toString()).toContain(
        'compressed packet',
      );
    }
  });
});

describe('gpg output, read by us', () => {
  const plainName = 'plain.bin';
  let dir: string;
  let plain: Buffer;
  beforeAll(() => {
    dir = world.folder('theirs');
    plain = writeRandomFile(join(dir, plainName), 200_000);
  });

  const toPlatform: Array<[string, string[]]> = [
    ['binary, default compression', []],
    ['armored', ['--armor']],
    ['zip', ['--compress-algo', 'zip']],
    ['zlib', ['--compress-algo', 'zlib']],
    ['bzip2', ['--compress-algo', 'bzip2']],
    ['uncompressed', ['--compress-algo', 'none']],
    ['hidden recipient (--throw-keyids)', ['--throw-keyids']],
  ];
  it.each(toPlatform)('%s', async (name, flags) => {
    const encrypted = join(dir, `${name.replace(/\W+/g, '_')}.data`);
    world.gpg.ok([
      '--encrypt',
      '-r',
      FPR.platform,
      ...flags,
      '-o',
      encrypted,
      join(dir, plainName),
    ]);
    const out = join(dir, `${name.replace(/\W+/g, '_')}.out`);
    const result = await world.service.decryptFile({ inputPath: encrypted, outputPath: out });
    expect(readFileSync(out).equals(plain)).toBe(true);
    expect(result).toMatchObject({
      bytes: plain.length,
      signature: { kind: 'not-signed' },
      symmetric: false,
    });
    expect(result.embeddedFilename).toBe(plainName);
  });

  it('reports a good signature with the signer fingerprint, or an unknown signer', async () => {
    const signed = join(dir, 'signed.pgp');
    world.gpg.ok(
      [
        '--encrypt',
        '--sign',
        '-u',
        FPR.analyst,
        '-r',
        FPR.platform,
        '-o',
        signed,
        join(dir, plainName),
      ],
      { passphrase: FIXTURE_PASSPHRASE },
    );
    const good = await world.service.decryptFile({
      inputPath: signed,
      outputPath: join(dir, 'signed.out'),
    });
    expect(good.signature).toMatchObject({ kind: 'valid', fingerprint: FPR.analyst });

    const stranger = join(dir, 'stranger.pgp');
    world.gpg.ok(
      [
        '--encrypt',
        '--sign',
        '-u',
        world.gpgMade.stranger,
        '-r',
        FPR.platform,
        '-o',
        stranger,
        join(dir, plainName),
      ],
      { passphrase: '' },
    );
    await expectStrangerSigned(world, stranger, plain, {
      kept: join(dir, 'stranger.out'),
      refused: join(dir, 'req.out'),
    });
  });

  it('decrypts passphrase-only files, and tells a missing or wrong passphrase', async () => {
    const symmetric = join(dir, 'sym.pgp');
    world.gpg.ok(['--symmetric', '-o', symmetric, join(dir, plainName)], {
      passphrase: 'open sesame',
    });
    const result = await world.service.decryptFile({
      inputPath: symmetric,
      outputPath: join(dir, 'sym.out'),
      messagePassphrase: 'open sesame',
    });
    expect(result.symmetric).toBe(true);
    expect(readFileSync(join(dir, 'sym.out')).equals(plain)).toBe(true);
    await expect(
      world.service.decryptFile({ inputPath: symmetric, outputPath: join(dir, 'sym2.out') }),
    ).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_REQUIRED' });
    await expect(
      world.service.decryptFile({
        inputPath: symmetric,
        outputPath: join(dir, 'sym3.out'),
        messagePassphrase: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_WRONG' });
  });

  it('unlocks a gpg-made protected key; tells a missing or wrong passphrase', async () => {
    const toMade = join(dir, 'made.pgp');
    world.gpg.ok(['--encrypt', '-r', world.gpgMade.made, '-o', toMade, join(dir, plainName)]);
    await expect(
      world.service.decryptFile({ inputPath: toMade, outputPath: join(dir, 'm1.out') }),
    ).rejects.toMatchObject({
      code: 'PGP_PASSPHRASE_REQUIRED',
      details: { fingerprint: world.gpgMade.made },
    });
    await expect(
      world.service.decryptFile({
        inputPath: toMade,
        outputPath: join(dir, 'm2.out'),
        keyPassphrase: 'wrong',
      }),
    ).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_WRONG' });
    await world.service.decryptFile({
      inputPath: toMade,
      outputPath: join(dir, 'm3.out'),
      keyPassphrase: GPG_MADE_PASSPHRASE,
    });
    expect(readFileSync(join(dir, 'm3.out')).equals(plain)).toBe(true);
  });

  it('names the keys a file was encrypted to when none of ours matches', async () => {
    const toStranger = join(dir, 'to-stranger.pgp');
    world.gpg.ok([
      '--encrypt',
      '-r',
      world.gpgMade.stranger,
      '-o',
      toStranger,
      join(dir, plainName),
    ]);
    const subkey = world.gpg
      .ok(['--list-keys', '--with-colons', world.gpgMade.stranger])
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('sub:'))[0]
      ?.split(':')[4];
    await expect(
      world.service.decryptFile({ inputPath: toStranger, outputPath: join(dir, 'x.out') }),
    ).rejects.toMatchObject({ code: 'PGP_NO_MATCHING_KEY', details: { keyIds: [subkey] } });
  });

  it('decrypts every GnuPG-made fixture message', async () => {
    const expected = readFileSync(fixturePath('report.csv'));
    const cases: Array<[string, string]> = [
      ['report.csv.gpg', 'not-signed'],
      ['report.csv.asc', 'not-signed'],
      ['report.signed.csv.gpg', 'valid'],
      ['report.symmetric.csv.gpg', 'not-signed'],
    ];
    for (const [name, signature] of cases) {
      const out = join(dir, `${name}.out`);
      const result = await world.service.decryptFile({
        inputPath: fixturePath(name),
        outputPath: out,
        messagePassphrase: FIXTURE_PASSPHRASE,
      });
      expect(result.signature.kind, name).toBe(signature);
      expect(readFileSync(out).equals(expected), name).toBe(true);
    }
  });
});

describe('keys we generate, used by gpg', () => {
  it.each([
    ['curve25519', 'algo 22'],
    ['rsa4096', 'algo 1'],
  ] as const)(
    '%s: gpg imports the public key, encrypts to it, and we decrypt',
    async (algorithm, algo) => {
      const dir = world.folder(`gen-${algorithm}`);
      const email = `${algorithm}@example.com`;
      const info = await world.keyring.generate({
        name: 'Generated',
        email,
        algorithm,
        passphrase: 'gen-pass',
      });
      const exported = await world.keyring.exportPublic(info.fingerprint);
      writeFileSync(join(dir, 'key.asc'), exported);
      const packets = world.gpg.ok(['--list-packets', join(dir, 'key.asc')]).toString();
      expect(packets).toMatch(new RegExp(`:public key packet:\\s+version 4, ${algo},`));
      world.gpg.ok(['--import', join(dir, 'key.asc')]);

      const plain = writeRandomFile(join(dir, 'p.bin'), 20_000);
      world.gpg.ok(['--encrypt', '-r', email, '-o', join(dir, 'p.pgp'), join(dir, 'p.bin')]);
      await world.service.decryptFile({ inputPath: join(dir, 'p.pgp'), keyPassphrase: 'gen-pass' });
      expect(readFileSync(join(dir, 'p')).equals(plain)).toBe(true);
    },
  );
});
