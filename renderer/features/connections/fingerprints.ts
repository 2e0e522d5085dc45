/**
 * The stored fingerprints a changed server identity is compared with, written as the new one
 * is: "SHA256:…" alone, the key type being shown once on its own line. Main sends them as
 * "type fingerprint" pairs joined by commas; a pair of another type keeps its type, since
 * then the type is part of the difference. 'revoked' (a key marked @revoked) stays a word.
 */
export function storedFingerprints(expected: string | undefined, keyType?: string): string[] {
  if (expected === undefined || expected.trim() === '') return [];
  return expected
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [type, print] = part.split(/\s+/, 2);
      return print !== undefined && type === keyType ? print : part;
    });
}
