import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { PgpKeyring } from '../../electron/services/pgp/keyring.ts';
import { PgpService } from '../../electron/services/pgp/PgpService.ts';
import { createPassphraseSecretBox } from '../../electron/services/pgp/secretBox.ts';
import { PgpWorkerPool } from '../../electron/services/pgp/workerPool.ts';
import { FIXTURE_PASSPHRASE, PGP_KEYS } from './fixtures.ts';
import { createGpg, type Gpg } from './gpg.ts';

/** Passphrase of the keys gpg generates during the tests. */
export const GPG_MADE_PASSPHRASE = 'gpg-made-pass';

export const FPR = {
  platform: '76247DB6B9C8CB9B3833C9D571450356B1A431CF',
  analyst: 'A8081660973D238342A36E3E6F943E16D8772A1C',
  expired: '821AD8BC28B2AFA60665986D28C6A6D2D5826C72',
  signonly: '2B7BCC5EE8435C56B9FC93B955279688D17BDCAF',
};

/**
 * One gpg home and one keyring of ours, holding the same keys: the fixtures (made by GnuPG
 * 2.2.40) plus keys gpg makes now. The stranger's key exists only on gpg's side.
 */
export interface PgpWorld {
  gpg: Gpg;
  pool: PgpWorkerPool;
  keyring: PgpKeyring;
  service: PgpService;
  /** A fresh empty folder per call. */
  folder(name: string): string;
  gpgMade: { made: string; stranger: string; revoked: string };
  revokedPublic: string;
  dispose(): Promise<void>;
}

export function fixturePath(name: string): string {
  return join(PGP_KEYS, name);
}

/** Random bytes: incompressible, and no line-ending conversion can pass unnoticed. */
export function writeRandomFile(path: string, bytes: number): Buffer {
  const data = randomBytes(bytes);
  writeFileSync(path, data);
  return data;
}

export function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}

/** GnuPG 2.2's modern default: ed25519 primary key and cv25519 encryption subkey. */
function generateInGpg(gpg: Gpg, userId: string, passphrase: string): string {
  gpg.ok(['--quick-gen-key', userId, 'future-default', 'default', 'never'], { passphrase });
  return gpg.fingerprint(userId);
}

function revokeInGpg(gpg: Gpg, fingerprint: string): string {
  const certificate = readFileSync(
    join(gpg.home, 'openpgp-revocs.d', `${fingerprint}.rev`),
    'utf8',
  );
  // gpg writes the certificate with a leading colon so it is not imported by accident.
  gpg.ok(['--import'], { input: certificate.replace(/^:-----BEGIN/m, '-----BEGIN') });
  return gpg.ok(['--export', '--armor', fingerprint]).toString();
}

export async function createPgpWorld(): Promise<PgpWorld> {
  const gpg = createGpg();
  for (const name of [
    'platform-ed25519.sec.asc',
    'analyst-rsa.sec.asc',
    'expired.pub.asc',
    'signonly.pub.asc',
  ]) {
    gpg.ok(['--import', fixturePath(name)], { passphrase: FIXTURE_PASSPHRASE });
  }
  const made = generateInGpg(gpg, 'Gpg Made <gpgmade@example.com>', GPG_MADE_PASSPHRASE);
  const stranger = generateInGpg(gpg, 'Stranger <stranger@example.com>', '');
  const revoked = generateInGpg(gpg, 'Revoked <revoked@example.com>', '');
  const revokedPublic = revokeInGpg(gpg, revoked);

  const root = mkdtempSync(join(tmpdir(), 'pgp-world-'));
  const pool = new PgpWorkerPool();
  const keyring = new PgpKeyring({
    dir: join(root, 'keyring'),
    secretBox: createPassphraseSecretBox('at-rest'),
    pool,
  });
  for (const name of ['platform-ed25519.sec.asc', 'analyst-rsa.sec.asc']) {
    await keyring.import(readFileSync(fixturePath(name)));
  }
  const madeSecret = gpg.ok(['--export-secret-keys', '--armor', made], {
    passphrase: GPG_MADE_PASSPHRASE,
  });
  await keyring.import(madeSecret);

  let folders = 0;
  return {
    gpg,
    pool,
    keyring,
    service: new PgpService({ keyring, pool }),
    folder(name) {
      const path = join(root, `${name}-${(folders += 1)}`);
      mkdirSync(path);
      return path;
    },
    gpgMade: { made, stranger, revoked },
    revokedPublic,
    async dispose() {
      await pool.close();
      gpg.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Decrypts `input` in `dir` as a download is decrypted (a stream in, `out.bin` out) and checks
 * what every such decryption must give: the analyst's valid signature, progress counting the
 * whole plaintext, the plaintext itself, and no other file left beside the input.
 */
export async function expectStreamedAsAnalyst(
  world: PgpWorld,
  dir: string,
  input: string,
  plain: Buffer,
): Promise<void> {
  let last = 0;
  const result = await world.service.decryptStreamToFile(createReadStream(join(dir, input)), {
    outputPath: join(dir, 'out.bin'),
    onProgress: (bytes) => (last = bytes),
  });
  expect(result.signature).toMatchObject({ kind: 'valid', fingerprint: FPR.analyst });
  expect(last).toBe(plain.length);
  expect(readFileSync(join(dir, 'out.bin')).equals(plain)).toBe(true);
  expect(filesIn(dir)).toEqual(['out.bin', input, 'p.bin'].sort());
}

/**
 * A file signed by gpg's stranger (a key our keyring lacks) decrypts with the signer reported
 * unknown, and is refused when a signature is required.
 */
export async function expectStrangerSigned(
  world: PgpWorld,
  inputPath: string,
  plain: Buffer,
  outputs: { kept: string; refused: string },
): Promise<void> {
  const unknown = await world.service.decryptFile({ inputPath, outputPath: outputs.kept });
  expect(unknown.signature).toMatchObject({
    kind: 'unknown-signer',
    keyId: world.gpgMade.stranger.slice(-16),
  });
  expect(readFileSync(outputs.kept).equals(plain)).toBe(true);
  const required = { inputPath, outputPath: outputs.refused, requireSignature: true };
  await expect(world.service.decryptFile(required)).rejects.toMatchObject({
    code: 'PGP_SIGNATURE_INVALID',
    details: { signature: 'unknown-signer' },
  });
}

/** For a test file: one PgpWorld, made before its first test and disposed after its last. */
export function usePgpWorld(): PgpWorld {
  let made: PgpWorld | undefined;
  beforeAll(async () => {
    made = await createPgpWorld();
  });
  afterAll(() => made?.dispose());
  const world = (): PgpWorld => {
    if (!made) throw new Error('the PGP world is made in beforeAll');
    return made;
  };
  return {
    get gpg() {
      return world().gpg;
    },
    get pool() {
      return world().pool;
    },
    get keyring() {
      return world().keyring;
    },
    get service() {
      return world().service;
    },
    folder: (name) => world().folder(name),
    get gpgMade() {
      return world().gpgMade;
    },
    get revokedPublic() {
      return world().revokedPublic;
    },
    dispose: () => world().dispose(),
  };
}
