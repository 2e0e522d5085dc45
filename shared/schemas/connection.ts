import { z } from 'zod';
import { IdSchema, PathSchema, SerializedAppErrorSchema } from './common.ts';
import { ProfileInputSchema } from './profile.ts';

export const ConnectInputSchema = z.object({
  profileId: IdSchema,
  /** Passphrase of the profile's key when it is protected and none is saved. */
  passphrase: z.string().max(1024).optional(),
  /** Seal the passphrase into the stored key so it is not asked again. */
  savePassphrase: z.boolean().default(false),
});

/**
 * A connection test runs on a saved profile, or on the form's unsaved values: testing is not
 * saving, so an analyst can try settings and walk away without a half-made profile left.
 */
export const TestConnectionInputSchema = z
  .object({
    profileId: IdSchema.optional(),
    profile: ProfileInputSchema.optional(),
    passphrase: z.string().max(1024).optional(),
    savePassphrase: z.boolean().default(false),
  })
  .refine((v) => (v.profileId === undefined) !== (v.profile === undefined), {
    message: 'give either profileId or profile',
  });

/** A live connection with one SFTP channel for browsing. */
export const SessionInfoSchema = z.object({
  sessionId: IdSchema,
  profileId: IdSchema,
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  /** The server's SSH identification, e.g. SSH-2.0-AWS_SFTP_1.1. */
  serverIdent: z.string(),
  isAwsTransferFamily: z.boolean(),
  /** Absolute remote folder to show first: the profile's folder, or the login folder. */
  startPath: z.string(),
});

export const SessionRefSchema = z.object({ sessionId: IdSchema });

export const TEST_STEPS = ['reach', 'hostKey', 'login', 'sftp', 'list'] as const;
export const TestStepSchema = z.enum(TEST_STEPS);

export const TestStepResultSchema = z.object({
  step: TestStepSchema,
  status: z.enum(['ok', 'failed', 'skipped']),
  error: SerializedAppErrorSchema.optional(),
});

/** Steps in TEST_STEPS order; after the first failure the rest are 'skipped'. */
export const TestConnectionOutputSchema = z.object({
  ok: z.boolean(),
  steps: z.array(TestStepResultSchema),
  serverIdent: z.string().optional(),
  /** Entries seen in the start folder when the last step passed. */
  entryCount: z.number().int().optional(),
});

/** Sent when a server's host key is not yet known; answered with ssh:answerHostKey. */
export const HostKeyPromptSchema = z.object({
  promptId: IdSchema,
  host: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** True when a different key was stored before (today such keys are refused outright). */
  changed: z.boolean().optional(),
  /** The previously stored fingerprint(s), when changed. */
  expected: z.string().optional(),
});

export const AnswerHostKeyInputSchema = z.object({ promptId: IdSchema, trust: z.boolean() });

export const ConnectionClosedSchema = z.object({
  sessionId: IdSchema,
  /** Absent when the user disconnected; otherwise why the link dropped. */
  error: SerializedAppErrorSchema.optional(),
});

export const RemotePathInputSchema = z.object({ sessionId: IdSchema, path: PathSchema });

export const RemoteMkdirInputSchema = RemotePathInputSchema.extend({
  parents: z.boolean().default(false),
});

export const RenameInputSchema = z.object({ from: PathSchema, to: PathSchema });

export const RemoteRenameInputSchema = RenameInputSchema.extend({ sessionId: IdSchema });

/** Folders are always deleted with everything in them; the renderer confirms first. */
export const DeleteKindSchema = z.enum(['file', 'directory']);

export const RemoteDeleteInputSchema = RemotePathInputSchema.extend({ kind: DeleteKindSchema });
