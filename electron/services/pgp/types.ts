/**
 * Plain-data shapes of the OpenPGP service. Everything here crosses the worker-thread boundary
 * (and later IPC) by structured clone, so no classes, no functions, dates as epoch milliseconds.
 */

/** An OpenPGP key as it was given: armored text or binary packets. Told apart by the bytes. */
export type PgpKeyMaterial = string | Uint8Array;

export type PgpKeyStatus = 'valid' | 'expired' | 'revoked' | 'invalid';

export interface PgpSubkeyInfo {
  fingerprint: string;
  keyId: string;
  algorithm: string;
  createdMs: number;
  /** null: never expires. */
  expiresMs: number | null;
  canEncrypt: boolean;
  canSign: boolean;
}

export interface PgpKeyInfo {
  /** Upper-case hex, 40 characters for v4 keys. */
  fingerprint: string;
  /** Upper-case hex, the last 16 characters of the fingerprint. */
  keyId: string;
  userIds: string[];
  algorithm: string;
  createdMs: number;
  /** null: never expires. */
  expiresMs: number | null;
  status: PgpKeyStatus;
  /** The key has an encryption (sub)key by its flags, whatever its dates. */
  canEncrypt: boolean;
  /** The key has a signing (sub)key by its flags, whatever its dates. */
  canSign: boolean;
  /** The secret half is held (keyring) or was given (import). */
  hasSecret: boolean;
  /** The secret half needs a passphrase to be used. */
  secretNeedsPassphrase: boolean;
  subkeys: PgpSubkeyInfo[];
}

export type PgpKeyAlgorithm = 'curve25519' | 'rsa4096';

export interface PgpGenerateKeyArgs {
  name: string;
  email: string;
  algorithm: PgpKeyAlgorithm;
  /** Protects the secret key in addition to the keyring's at-rest protection. */
  passphrase?: string;
  /** 0 or absent: never expires. */
  expiresInDays?: number;
}

/**
 * 'auto': ZLIB when a sample of the input file shrinks, else none (see compressionChoice.ts);
 * for a stream input, where there is nothing to sample ahead, it means none.
 */
export type PgpCompression = 'none' | 'zip' | 'zlib' | 'auto';

export interface PgpSigner {
  /** Secret key, armored or binary. */
  key: PgpKeyMaterial;
  passphrase?: string;
}

/** What the worker needs to encrypt: keys as material, never keyring references. */
export interface PgpEncryptArgs {
  recipients: PgpKeyMaterial[];
  signer?: PgpSigner;
  /** true: ASCII armor; false (default): binary packets. */
  armor?: boolean;
  /**
   * Default 'none': fastest, and every OpenPGP program reads it. Compression applies only
   * when every recipient key lists the algorithm among its preferences (openpgp.js's rule).
   */
  compression?: PgpCompression;
  /** Name stored inside the message (GnuPG restores it with --use-embedded-filename). */
  filename?: string;
}

export interface PgpDecryptArgs {
  /** Secret keys that may decrypt (armored or binary); their passphrase-protection is kept. */
  secretKeys: PgpKeyMaterial[];
  /** Public keys that may have signed the file (for signature verification). */
  verificationKeys: PgpKeyMaterial[];
  /** Unlocks passphrase-protected secret keys. */
  keyPassphrase?: string;
  /** Decrypts passphrase-only (symmetric) files. */
  messagePassphrase?: string;
  /**
   * Decompression-bomb guard: the plaintext may not exceed this many bytes. Absent: derived
   * from the encrypted size when known (see decryptLimits.ts).
   */
  maxOutputBytes?: number;
  /** true: refuse files that are not signed by a known key. A bad signature is always refused. */
  requireSignature?: boolean;
}

export type PgpSignatureStatus =
  | { kind: 'not-signed' }
  | { kind: 'valid'; keyId: string; fingerprint: string; userId?: string }
  | { kind: 'unknown-signer'; keyId: string }
  | { kind: 'bad'; keyId: string; fingerprint?: string };

export interface PgpDecryptResult {
  outputPath: string;
  bytes: number;
  signature: PgpSignatureStatus;
  /** The file name stored inside the message, if any. Never used as a path without checks. */
  embeddedFilename?: string;
  /** The file was protected by a passphrase only, not by a key. */
  symmetric: boolean;
}

export interface PgpEncryptResult {
  outputPath: string;
  plaintextBytes: number;
  encryptedBytes: number;
}

/** Plaintext bytes handled so far: read for encryption, written for decryption. */
export type PgpProgress = (plaintextBytes: number) => void;
