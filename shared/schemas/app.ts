import { z } from 'zod';
import { IdSchema, PathSchema } from './common.ts';
import { DeleteKindSchema, RenameInputSchema } from './connection.ts';

export const LocalHomeSchema = z.object({
  path: z.string(),
  /** Path separator of this computer, for joining names in the renderer. */
  sep: z.enum(['/', '\\']),
  platform: z.string(),
});

export const LocalPathInputSchema = z.object({ path: PathSchema });
export const LocalRenameInputSchema = RenameInputSchema;
export const LocalDeleteInputSchema = LocalPathInputSchema.extend({ kind: DeleteKindSchema });

export const OpenFileDialogInputSchema = z.object({
  purpose: z.enum(['sshKey', 'pgpKey', 'importSource', 'upload']),
  multiple: z.boolean().default(false),
});

export const OpenFolderDialogInputSchema = z.object({
  purpose: z.enum(['localFolder', 'upload', 'downloadTarget']),
});

/** Chosen paths; empty when the user cancelled. */
export const DialogResultSchema = z.object({ paths: z.array(z.string()) });

export const OpenExternalInputSchema = z.object({ url: z.string().max(2048) });

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
});

/** What an `sftp://user@host:port/path` link asks for. */
export const SftpLinkSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  user: z.string().optional(),
  path: z.string(),
});

export const RendererLogInputSchema = z.object({
  level: z.enum(['error', 'warn', 'info']),
  message: z.string().max(2000),
  fields: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
});

/** Remote files and folders to hand to the OS; they share one folder, so names must differ. */
export const StartDragInputSchema = z.object({
  sessionId: IdSchema,
  remotePaths: z.array(PathSchema).min(1).max(1000),
});

/** How far the copies for a drag-out are (bytesTotal grows as folders are planned). */
export const DragProgressSchema = z.object({
  items: z.number().int(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
});

export const PgpKeyInfoSchema = z.object({
  fingerprint: z.string(),
  keyId: z.string(),
  userIds: z.array(z.string()),
  algorithm: z.string(),
  hasSecret: z.boolean(),
  canEncrypt: z.boolean(),
  expiresMs: z.number().optional(),
  revoked: z.boolean(),
});

/** A key file (public or secret); secret halves are sealed, their own passphrase kept. */
export const PgpImportKeyInputSchema = z.object({ path: PathSchema });

export const PgpKeyRefSchema = z.object({ fingerprint: z.string().min(8).max(100) });

/**
 * A new key pair for the user, as `pgp generate` makes it (Curve25519, never expires). The
 * name and email become its user ID "Name <email>", so neither may hold < or > or a control
 * character.
 */
export const PgpGenerateKeyInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^<>\p{Cc}]+$/u),
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@<>]+@[^\s@<>]+$/),
  /** Protects the secret key in addition to the keyring's sealing; absent: none. */
  passphrase: z.string().min(1).max(1024).optional(),
});

/** A public key, armored, ready to send (to Pyplan, say). */
export const PgpExportedKeySchema = z.object({ armored: z.string() });

/** A decryption needs the passphrase of one of the user's secret keys. */
export const PgpPassphrasePromptSchema = z.object({
  promptId: IdSchema,
  /**
   * 'key': a protected secret key's passphrase (checked before use); 'file': the passphrase a
   * file was encrypted with, to no key (only decrypting tells whether it is right).
   */
  kind: z.enum(['key', 'file']),
  /** The key's fingerprint (kind 'key'). */
  fingerprint: z.string().optional(),
  userId: z.string().optional(),
  /** The downloaded file waiting to be decrypted (the first, when several wait). */
  fileName: z.string().optional(),
  /** The passphrase tried before was wrong. */
  wrong: z.boolean(),
});

/** The prompt was answered elsewhere, refused, or its jobs were cancelled: close it. */
export const PgpPassphraseClosedSchema = z.object({ promptId: IdSchema });

export const AnswerPgpPassphraseInputSchema = z.object({
  promptId: IdSchema,
  /** Absent: the user cancelled, the waiting files stay encrypted. */
  passphrase: z.string().min(1).max(1024).optional(),
  /** Keep it sealed by the OS keychain for later runs of the app. */
  remember: z.boolean().default(false),
});

export const AnswerPgpPassphraseOutputSchema = z.object({
  /** False when it was kept for this run only (no secure storage, or not asked to). */
  remembered: z.boolean(),
});
