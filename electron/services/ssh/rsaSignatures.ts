import type { ParsedKey } from 'ssh2';

/**
 * ssh2 signs with SHA-1 `ssh-rsa` when a server does not advertise `server-sig-algs`, and
 * servers on recent policies (AWS Transfer Family 2023+, OpenSSH with PubkeyAcceptedAlgorithms
 * limited to SHA-2) reject that. ssh2 takes the algorithm name from `key.type` when it has no
 * server-sig-algs to go by, so a view of the same key that reports `rsa-sha2-512` as its type
 * and signs with SHA-512 makes ssh2 offer the SHA-2 signature (RFC 8332: the public key blob
 * stays `ssh-rsa`). We try SHA-512, then SHA-256, then let ssh2 choose (which also covers old
 * servers that only know ssh-rsa).
 */
export function rsaSignatureViews(key: ParsedKey): ParsedKey[] {
  if (key.type !== 'ssh-rsa') return [key];
  return [sha2View(key, 'rsa-sha2-512', 'sha512'), sha2View(key, 'rsa-sha2-256', 'sha256'), key];
}

function sha2View(key: ParsedKey, type: string, hash: string): ParsedKey {
  const view = Object.create(key) as ParsedKey & { type: string };
  Object.defineProperty(view, 'type', { value: type });
  Object.defineProperty(view, 'sign', {
    value: (data: Buffer) => key.sign(data, hash),
  });
  return view;
}
