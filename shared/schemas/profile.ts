import { z } from 'zod';
import { IdSchema, PathSchema } from './common.ts';

/** Where a profile's SSH private key comes from. */
export const ProfileKeySchema = z.discriminatedUnion('kind', [
  /** Imported into the app: the key file is sealed with the OS keychain (safeStorage). */
  z.object({ kind: z.literal('stored'), keyId: IdSchema }),
  /** Read from disk at every connection; the file stays where the user keeps it. */
  z.object({ kind: z.literal('path'), path: PathSchema }),
]);

export const PgpRulesSchema = z.object({
  /** Fingerprints or key ids of the OpenPGP keys uploads are encrypted to. */
  recipients: z.array(z.string().min(8).max(100)).max(20).default([]),
  /** Encrypt uploads to the recipients (needs at least one recipient). */
  encryptOnUpload: z.boolean().default(false),
  /** Decrypt `.gpg`/`.pgp`/`.asc` downloads with the user's own keys. */
  decryptOnDownload: z.boolean().default(false),
});

export const TransferOptionsSchema = z.object({
  /** Copy modification times to the far side. AWS Transfer often refuses this (SETSTAT). */
  preserveTimestamps: z.boolean().default(false),
  /** Write straight to the final name instead of a temporary name and a rename. */
  uploadInPlace: z.boolean().default(false),
});

const profileFields = {
  name: z.string().trim().min(1).max(100),
  host: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^\s/@]+$/, 'host name must not contain spaces, slashes or @'),
  port: z.number().int().min(1).max(65_535).default(22),
  user: z.string().trim().min(1).max(100),
  key: ProfileKeySchema.nullable().default(null),
  /** Algorithm policy name from electron/services/ssh/policies.ts. */
  algorithmPolicy: z.string().min(1).max(100).default('default'),
  localFolder: PathSchema.nullable().default(null),
  remoteFolder: PathSchema.nullable().default(null),
  pgp: PgpRulesSchema.default({ recipients: [], encryptOnUpload: false, decryptOnDownload: false }),
  transfer: TransferOptionsSchema.default({ preserveTimestamps: false, uploadInPlace: false }),
};

/** A saved connection profile as stored and as the renderer sees it. Holds no secret. */
export const ProfileSchema = z.object({
  id: IdSchema,
  ...profileFields,
  createdMs: z.number(),
  updatedMs: z.number(),
});

/** What the renderer sends to save: without id it creates, with id it replaces. */
export const ProfileInputSchema = z.object({ id: IdSchema.optional(), ...profileFields });

/** Facts about an imported SSH key, safe to show: never the key itself. */
export const StoredKeyInfoSchema = z.object({
  id: IdSchema,
  /** ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ... */
  type: z.string(),
  bits: z.number().int().optional(),
  /** `SHA256:...` as OpenSSH prints it. */
  fingerprint: z.string(),
  comment: z.string(),
  /** File format it came in (openssh, pem, pkcs8, ppk). */
  format: z.string(),
  encrypted: z.boolean(),
  hasSavedPassphrase: z.boolean(),
  /** File name (no folder) it was imported from. */
  sourceName: z.string(),
  importedMs: z.number(),
});

export const ImportKeyInputSchema = z.object({
  path: PathSchema,
  passphrase: z.string().max(1024).optional(),
  /** Keep the passphrase (sealed) so later connections do not ask. */
  savePassphrase: z.boolean().default(false),
});

export const ImportSourceSchema = z.enum(['sshConfig', 'filezilla', 'winscp']);

/** A profile found in another program's settings, not yet saved. */
export const ImportedProfileSchema = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  keyPath: z.string().optional(),
  remoteFolder: z.string().optional(),
});

export const ImportFromInputSchema = z.object({
  source: ImportSourceSchema,
  /** File to read; omitted means the program's usual location for this user. */
  path: PathSchema.optional(),
});

/** The fields of an imported site that can make it unusable as a profile. */
export const ImportFieldSchema = z.enum([
  'name',
  'host',
  'port',
  'user',
  'keyPath',
  'remoteFolder',
]);

/**
 * An entry left out and why, as a code the renderer words: 'notSftp' (another protocol,
 * named in `protocol` when known: FTP, SCP, WebDAV...), 'noHost' (no server address),
 * 'noUser' (no user name, e.g. FileZilla's anonymous logon) or 'invalid' (a value a profile
 * cannot hold, named in `field`).
 */
export const ImportSkippedSchema = z.object({
  name: z.string(),
  reason: z.enum(['notSftp', 'noHost', 'noUser', 'invalid']),
  protocol: z.string().optional(),
  field: ImportFieldSchema.optional(),
});

export const ImportFromOutputSchema = z.object({
  path: z.string(),
  profiles: z.array(ImportedProfileSchema),
  skipped: z.array(ImportSkippedSchema),
});
