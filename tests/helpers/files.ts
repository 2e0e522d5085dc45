import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** relative path -> sha256 (files) or 'dir' (folders), for comparing two trees. */
export async function treeDigest(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path).normalize('NFC');
      if (statSync(path).isDirectory()) {
        out[rel] = 'dir';
        await walk(path);
      } else {
        out[rel] = await sha256File(path);
      }
    }
  };
  await walk(root);
  return out;
}

/** Writes a file of `size` random bytes, in 1 MiB pieces to keep memory flat. */
export function writeRandomFile(path: string, size: number): void {
  const piece = randomBytes(Math.min(size, 1 << 20));
  writeFileSync(path, Buffer.alloc(0));
  let left = size;
  let round = 0;
  while (left > 0) {
    const n = Math.min(left, piece.length);
    if (n > 0) piece[0] = round++ & 0xff;
    writeFileSync(path, piece.subarray(0, n), { flag: 'a' });
    left -= n;
  }
}

/** A nested tree with awkward names, an empty folder and a 0-byte file. */
export function makeAwkwardTree(root: string): void {
  const nfd = 'Informe de años'.normalize('NFD');
  const dirs = [
    'a',
    'a/b c',
    'a/b c/#hash%pct',
    `a/${nfd}`,
    'empty',
    'ünïcode-NFC'.normalize('NFC'),
  ];
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'zero.bin'), Buffer.alloc(0));
  writeFileSync(join(root, 'a', 'ledger 2026.csv'), 'date,amount\n2026-01-01,10\n');
  writeFileSync(join(root, 'a', 'b c', '#hash%pct', '100% #1.txt'), 'x'.repeat(70_000));
  writeFileSync(join(root, 'a', nfd, `résumé ${nfd}.txt`), 'hola');
  writeRandomFile(join(root, 'a', 'b c', 'big.bin'), 3 * 1024 * 1024 + 17);
}
