import { createDecipheriv, getCiphers } from 'node:crypto';

/** OpenSSL's name for each OpenPGP cipher in CFB mode, and its block size in bytes. */
const NODE_CFB: Record<string, { name: string; blockSize: number }> = {
  aes128: { name: 'aes-128-cfb', blockSize: 16 },
  aes192: { name: 'aes-192-cfb', blockSize: 16 },
  aes256: { name: 'aes-256-cfb', blockSize: 16 },
  camellia128: { name: 'camellia-128-cfb', blockSize: 16 },
  camellia192: { name: 'camellia-192-cfb', blockSize: 16 },
  camellia256: { name: 'camellia-256-cfb', blockSize: 16 },
  tripledes: { name: 'des-ede3-cfb', blockSize: 8 },
  cast5: { name: 'cast5-cfb', blockSize: 8 },
  blowfish: { name: 'bf-cfb', blockSize: 8 },
};

/** The longest prefix: a 16-byte block and its two repeated bytes. */
const HEAD_BYTES = 18;

export interface SeipdV1 {
  encrypted: ReadableStream<Uint8Array> | Uint8Array | null;
}

/**
 * The first bytes of a SEIPD v1 packet's data, for quickCheck, leaving the packet able to
 * read them all again. Undefined when the data is shorter.
 */
export async function quickCheckHead(packet: SeipdV1): Promise<Uint8Array | undefined> {
  const count = HEAD_BYTES;
  const data = packet.encrypted;
  if (data instanceof Uint8Array) return data.subarray(0, count);
  if (!(data instanceof ReadableStream)) return undefined;
  const [keep, peek] = data.tee();
  packet.encrypted = keep;
  const reader = peek.getReader();
  const head = new Uint8Array(count);
  let filled = 0;
  while (filled < count) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = value.subarray(0, count - filled);
    head.set(take, filled);
    filled += take.length;
  }
  // Not awaited: a tee branch's cancel settles only once the other branch ends too. Once
  // cancelled, this branch stops receiving a copy of the data.
  reader.cancel().catch(() => undefined);

  return filled === count ? head : undefined;
}

/**
 * GnuPG's "quick check" of a session key derived from a passphrase (its "Bad session key"):
 * SEIPD v1 data starts with a block of random bytes whose last two are repeated, so the
 * first blockSize + 2 decrypted bytes tell a wrong key from a right one, but for a chance in
 * 65536. openpgp.js does not look at them (RFC 9580 warns against using the check as an
 * integrity signal: it is not one, and the MDC still decides). We use it only to name the
 * problem: without it, garbage from a wrong passphrase can look like a damaged file, and
 * some garbage even stalls openpgp.js (see stallGuard.ts). openpgp.js exposes no decryption
 * primitive, so these few bytes are decrypted again with Node's OpenSSL.
 *
 * Answers true or false, or undefined when it cannot tell (a cipher OpenSSL lacks, such as
 * Twofish).
 */
export function quickCheck(
  head: Uint8Array,
  sessionKey: { data: Uint8Array; algorithm: string | null },
): boolean | undefined {
  const cipher = NODE_CFB[sessionKey.algorithm ?? ''];
  if (cipher === undefined || !getCiphers().includes(cipher.name)) return undefined;
  const n = cipher.blockSize;
  let prefix: Buffer;
  try {
    const decipher = createDecipheriv(cipher.name, sessionKey.data, Buffer.alloc(n));
    prefix = decipher.update(head.subarray(0, n + 2));
  } catch {
    // A key of the wrong length for its cipher (garbage from a wrong passphrase that
    // decrypted an encrypted session key) is no key for this file.
    return false;
  }

  return prefix[n - 2] === prefix[n] && prefix[n - 1] === prefix[n + 1];
}
