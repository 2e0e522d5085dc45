import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE } from '../helpers/fixtures.ts';
import { createGpg } from '../helpers/gpg.ts';
import { fixturePath, FPR } from '../helpers/pgpWorld.ts';

const MIB = 1024 * 1024;
const SIZE = 200 * MIB;
const dir = mkdtempSync(join(tmpdir(), 'pgp-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const poolUrl = pathToFileURL(
  join(import.meta.dirname, '../../electron/services/pgp/workerPool.ts'),
).href;

/**
 * Runs in a child process of its own, so that its peak resident memory (VmHWM: the main thread
 * and the worker thread together) is the cost of the work and nothing else of vitest's.
 */
const script = `
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { PgpWorkerPool } from ${JSON.stringify(poolUrl)};
const [dir, size, pub, sec, signer, passphrase] = process.argv.slice(1);
const block = randomBytes(1024 * 1024);
const plain = dir + '/plain.bin';
writeFileSync(plain, '');
for (let i = 0; i < Number(size) / block.length; i += 1) {
  block[0] = i & 0xff;
  writeFileSync(plain, block, { flag: 'a' });
}
const hash = async (path) => {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
};
const pool = new PgpWorkerPool({ size: 1 });
let t = Date.now();
await pool.run({ op: 'encrypt',
  args: { recipients: [readFileSync(pub)], signer: { key: readFileSync(signer), passphrase } },
  input: { kind: 'path', path: plain },
  output: { kind: 'path', path: plain + '.pgp', overwrite: false } });
const encryptMs = Date.now() - t;
t = Date.now();
const result = await pool.run({ op: 'decrypt',
  args: { secretKeys: [readFileSync(sec)], verificationKeys: [readFileSync(signer)] },
  input: { kind: 'path', path: plain + '.pgp' },
  output: { kind: 'path', path: dir + '/out.bin', overwrite: false } });
const decryptMs = Date.now() - t;
await pool.close();
const status = readFileSync('/proc/self/status', 'utf8');
const peakKiB = Number(/VmHWM:\\s+(\\d+)/.exec(status)[1]);
console.log(JSON.stringify({ peakKiB, encryptMs, decryptMs, signature: result.signature.kind,
  same: (await hash(plain)) === (await hash(dir + '/out.bin')) }));
`;

/**
 * Ledger-like text that zlib halves (a random column in every row), so that a decompressor
 * which let its input queue would show in the peak; written fast as one repeated block (far
 * longer than zlib's 32 KiB window, so the repeats do not compress).
 */
function writeCsvLike(path: string, size: number): void {
  const rows: string[] = [];
  for (let i = 0; i < 8192; i += 1) {
    const code = randomBytes(12).toString('base64');
    rows.push(`2024-01-${10 + (i % 18)},ACC-${i},${code},EUR,${i * 7}.25\n`);
  }
  const block = Buffer.from(rows.join(''));
  writeFileSync(path, '');
  for (let written = 0; written < size; written += block.length) appendFileSync(path, block);
}

/** Decrypts a file in a child process of its own and reports its peak, as above. */
const decryptScript = `
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { PgpWorkerPool } from ${JSON.stringify(poolUrl)};
const [plain, encrypted, sec] = process.argv.slice(1);
const hash = async (path) => {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk);
  return h.digest('hex');
};
const pool = new PgpWorkerPool({ size: 1 });
const t = Date.now();
await pool.run({ op: 'decrypt',
  args: { secretKeys: [readFileSync(sec)], verificationKeys: [] },
  input: { kind: 'path', path: encrypted },
  output: { kind: 'path', path: plain + '.out', overwrite: false } });
const decryptMs = Date.now() - t;
await pool.close();
const status = readFileSync('/proc/self/status', 'utf8');
const peakKiB = Number(/VmHWM:\\s+(\\d+)/.exec(status)[1]);
console.log(JSON.stringify({ peakKiB, decryptMs,
  same: (await hash(plain)) === (await hash(plain + '.out')) }));
`;

describe('memory stays bounded while gigabytes could stream', () => {
  it('a signed 200 MiB round trip peaks well under 300 MiB (main + worker thread)', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script,
        dir,
        String(SIZE),
        fixturePath('platform-ed25519.pub.asc'),
        fixturePath('platform-ed25519.sec.asc'),
        fixturePath('analyst-rsa.sec.asc'),
        FIXTURE_PASSPHRASE,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      peakKiB: number;
      encryptMs: number;
      decryptMs: number;
      signature: string;
      same: boolean;
    };
    console.info(
      `pgp 200 MiB round trip: peak ${Math.round(report.peakKiB / 1024)} MiB,` +
        ` encrypt ${report.encryptMs} ms, decrypt ${report.decryptMs} ms`,
    );

    expect(report.same).toBe(true);
    expect(report.signature).toBe('valid');
    expect(report.peakKiB * 1024).toBeLessThan(300 * MIB);
  }, 120_000);

  it('a gpg-compressed 200 MiB CSV decrypts under 200 MiB (main + worker thread)', () => {
    const plain = join(dir, 'ledger.csv');
    writeCsvLike(plain, SIZE);
    const gpg = createGpg();
    try {
      gpg.ok(['--import', fixturePath('platform-ed25519.pub.asc')]);
      // Level 1 to keep the test short; decompression reads every level alike.
      const args = ['--compress-algo', 'zlib', '-z', '1', '-o', `${plain}.gpg`];
      gpg.ok(['--encrypt', '-r', FPR.platform, ...args, plain]);
    } finally {
      gpg.dispose();
    }
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        decryptScript,
        plain,
        `${plain}.gpg`,
        fixturePath('platform-ed25519.sec.asc'),
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
      peakKiB: number;
      decryptMs: number;
      same: boolean;
    };
    console.info(
      `gpg-compressed 200 MiB decrypt: peak ${Math.round(report.peakKiB / 1024)} MiB,` +
        ` ${report.decryptMs} ms`,
    );

    expect(report.same).toBe(true);
    // Node's own DecompressionStream let the compressed input queue: about 225 MiB here.
    expect(report.peakKiB * 1024).toBeLessThan(200 * MIB);
  }, 120_000);
});
