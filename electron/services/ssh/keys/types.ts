import type { ParsedKey } from 'ssh2';

export type KeyFormat = 'pkcs1' | 'pkcs8' | 'openssh' | 'sec1' | 'ppk2' | 'ppk3';

export interface LoadedKey {
  /** Usable by ssh2 (authHandler `key`, or `rsaSignatureViews`), already decrypted. */
  parsed: ParsedKey;
  /** 'ssh-rsa' | 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | ... */
  type: string;
  /** RSA modulus size or curve size (256 for Ed25519, as ssh-keygen -l prints). */
  bits?: number;
  /** 'SHA256:...' of the public key, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  comment: string;
  format: KeyFormat;
  /** Whether the file needed a passphrase. */
  encrypted: boolean;
}

/** A recognised private key, its text made canonical, not yet decrypted. */
export interface KeySource {
  format: KeyFormat;
  /** Canonical PEM armour for PEM kinds; the whole normalised text for PuTTY files. */
  text: string;
  encrypted: boolean;
}

/** What a decoder hands to describeKey: an ssh2 key plus facts ssh2 does not keep. */
export interface DecodedKey {
  parsed: ParsedKey;
  /** PEM files carry no comment; PuTTY files carry one that ssh2 never sees. */
  comment?: string;
}

/** True when the caller gave something to try; an empty passphrase counts as none. */
export function hasPassphrase(passphrase: string | undefined): passphrase is string {
  return passphrase !== undefined && passphrase !== '';
}
