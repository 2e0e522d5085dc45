import { z } from 'zod';
import type { EventChannel, RequestChannel } from './channels.ts';
import {
  FileEntryListSchema,
  FileEntrySchema,
  IdSchema,
  NoInputSchema,
  NullSchema,
} from '../schemas/common.ts';
import {
  ImportFromInputSchema,
  ImportFromOutputSchema,
  ImportKeyInputSchema,
  ProfileInputSchema,
  ProfileSchema,
  StoredKeyInfoSchema,
} from '../schemas/profile.ts';
import {
  AnswerHostKeyInputSchema,
  ConnectInputSchema,
  ConnectionClosedSchema,
  HostKeyPromptSchema,
  RemoteDeleteInputSchema,
  RemoteMkdirInputSchema,
  RemotePathInputSchema,
  RemoteRenameInputSchema,
  SessionInfoSchema,
  SessionRefSchema,
  TestConnectionInputSchema,
  TestConnectionOutputSchema,
} from '../schemas/connection.ts';
import {
  ConflictFactsSchema,
  CopyLocalInputSchema,
  DownloadInputSchema,
  FindConflictsInputSchema,
  JobRefSchema,
  RetryInputSchema,
  StartTransfersOutputSchema,
  TransferJobSchema,
  TransferProgressEventSchema,
  TransferStateEventSchema,
  UploadInputSchema,
} from '../schemas/transfer.ts';
import { ListingBatchSchema, ListingRefSchema } from '../schemas/listing.ts';
import { SettingsPatchSchema, SettingsSchema } from '../schemas/settings.ts';
import {
  AnswerPgpPassphraseInputSchema,
  AnswerPgpPassphraseOutputSchema,
  AppInfoSchema,
  DialogResultSchema,
  LocalDeleteInputSchema,
  LocalHomeSchema,
  LocalPathInputSchema,
  LocalRenameInputSchema,
  OpenExternalInputSchema,
  OpenFileDialogInputSchema,
  OpenFolderDialogInputSchema,
  PgpExportedKeySchema,
  PgpGenerateKeyInputSchema,
  PgpImportKeyInputSchema,
  PgpKeyInfoSchema,
  PgpKeyRefSchema,
  PgpPassphraseClosedSchema,
  PgpPassphrasePromptSchema,
  RendererLogInputSchema,
  SftpLinkSchema,
  StartDragInputSchema,
  DragProgressSchema,
} from '../schemas/app.ts';

export interface RequestSpec {
  input: z.ZodType;
  output: z.ZodType;
}

const byId = z.object({ id: IdSchema });

const req = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

/**
 * THE allow-list of renderer-to-main requests. Main registers exactly these (validating input
 * and output), the preload exposes exactly these. Every answer is a Result envelope; the error
 * codes named below are the expected ones, INTERNAL and IPC_INVALID_REQUEST are always possible.
 */
export const REQUESTS = {
  /** All saved profiles, by name. */
  'profiles:list': req(NoInputSchema, z.array(ProfileSchema)),
  /** NOT_FOUND when the id is unknown. */
  'profiles:get': req(byId, ProfileSchema),
  /** Creates (no id) or replaces a profile. INVALID_ARGUMENT for an unknown stored key. */
  'profiles:save': req(ProfileInputSchema, ProfileSchema),
  /** Deletes the profile (not its stored key). NOT_FOUND. */
  'profiles:delete': req(byId, NullSchema),
  /** Saves a copy named "<name> (copy)". NOT_FOUND. */
  'profiles:duplicate': req(byId, ProfileSchema),
  /**
   * Reads a private key file, checks it, and keeps it sealed with the OS keychain.
   * KEY_* codes; KEY_PASSPHRASE_REQUIRED asks the renderer to retry with a passphrase;
   * SECRET_STORAGE_UNAVAILABLE when this computer offers no secure storage (nothing is saved).
   */
  'profiles:importKey': req(ImportKeyInputSchema, StoredKeyInfoSchema),
  'profiles:listKeys': req(NoInputSchema, z.array(StoredKeyInfoSchema)),
  /** INVALID_ARGUMENT while a profile still uses the key. */
  'profiles:deleteKey': req(byId, NullSchema),
  /** Reads another program's saved sites; nothing is saved. LOCAL_NOT_FOUND, LOCAL_IO. */
  'profiles:importFrom': req(ImportFromInputSchema, ImportFromOutputSchema),

  /**
   * Connects and opens SFTP. May raise ssh:hostKeyPrompt first. KEY_*, HOST_*, AUTH_FAILED,
   * TIMEOUT, CONNECTION_REFUSED, HANDSHAKE_FAILED.
   */
  'connection:connect': req(ConnectInputSchema, SessionInfoSchema),
  'connection:disconnect': req(SessionRefSchema, NullSchema),
  'connection:list': req(NoInputSchema, z.array(SessionInfoSchema)),
  /**
   * Runs reach, host key, log in, open SFTP, list start folder; never keeps the link, and
   * never saves the profile it is given.
   */
  'connection:test': req(TestConnectionInputSchema, TestConnectionOutputSchema),
  /** Answers an ssh:hostKeyPrompt. NOT_FOUND when the prompt already expired. */
  'ssh:answerHostKey': req(AnswerHostKeyInputSchema, NullSchema),
  /**
   * Removes the saved server identity for the profile's host and port, so the next connection
   * asks as for a new server. The way past a changed key, taken on purpose, never from the
   * stop screen. NOT_FOUND for an unknown profile.
   */
  'ssh:forgetHostKey': req(z.object({ profileId: IdSchema }), z.object({ removed: z.number() })),
  /** Algorithm policies a profile can choose ('default' first, then AWS's by date). */
  'ssh:listPolicies': req(
    NoInputSchema,
    z.array(z.object({ name: z.string(), description: z.string() })),
  ),

  /**
   * Remote folder listing, whole (for checks before a transfer). NOT_FOUND, PERMISSION_DENIED,
   * NOT_A_DIRECTORY, CONNECTION_LOST. The file browser streams with sftp:listStart instead.
   */
  'sftp:list': req(RemotePathInputSchema, FileEntryListSchema),
  /**
   * Starts listing a remote folder as a long job: answers its id at once; the entries follow
   * as listing:batch events, and listing:cancel stops the server's walk. CONNECTION_LOST here;
   * every other failure arrives in the last listing:batch.
   */
  'sftp:listStart': req(RemotePathInputSchema, ListingRefSchema),
  'sftp:stat': req(RemotePathInputSchema, FileEntrySchema),
  /** Absolute form of a remote path ('.' is the login folder). */
  'sftp:realpath': req(RemotePathInputSchema, z.string()),
  'sftp:mkdir': req(RemoteMkdirInputSchema, NullSchema),
  /** ALREADY_EXISTS when the new name is taken. */
  'sftp:rename': req(RemoteRenameInputSchema, NullSchema),
  /** Deletes a file, or a folder with everything inside. */
  'sftp:delete': req(RemoteDeleteInputSchema, NullSchema),

  'local:home': req(NoInputSchema, LocalHomeSchema),
  /** LOCAL_NOT_FOUND, LOCAL_PERMISSION_DENIED, LOCAL_IO (NOT_A_DIRECTORY for a file). */
  'local:list': req(LocalPathInputSchema, FileEntryListSchema),
  /** Like sftp:listStart, for a folder on this computer. Failures arrive in listing:batch. */
  'local:listStart': req(LocalPathInputSchema, ListingRefSchema),
  'local:stat': req(LocalPathInputSchema, FileEntrySchema),
  /** Drive roots (C:\, D:\) on Windows; ['/'] elsewhere. */
  'local:drives': req(NoInputSchema, z.array(z.string())),
  'local:mkdir': req(LocalPathInputSchema, NullSchema),
  /** ALREADY_EXISTS when the new name is taken (never replaces silently). */
  'local:rename': req(LocalRenameInputSchema, NullSchema),
  'local:delete': req(LocalDeleteInputSchema, NullSchema),

  /** Queues one job per local path; progress and outcome arrive as transfers:* events. */
  'transfers:upload': req(UploadInputSchema, StartTransfersOutputSchema),
  'transfers:download': req(DownloadInputSchema, StartTransfersOutputSchema),
  /** Cancels an unfinished job and removes its partial files (no-op when finished). NOT_FOUND. */
  'transfers:cancel': req(JobRefSchema, NullSchema),
  /** Stops a queued, running or waiting job, keeping its partial files. NOT_FOUND. */
  'transfers:pause': req(JobRefSchema, NullSchema),
  /** Continues a paused job (it waits if its server is not connected). NOT_FOUND. */
  'transfers:resume': req(JobRefSchema, NullSchema),
  'transfers:pauseAll': req(NoInputSchema, NullSchema),
  'transfers:resumeAll': req(NoInputSchema, NullSchema),
  'transfers:cancelAll': req(NoInputSchema, NullSchema),
  /** Runs a finished job again under the same id. INVALID_ARGUMENT while still active. */
  'transfers:retry': req(RetryInputSchema, NullSchema),
  'transfers:list': req(NoInputSchema, z.array(TransferJobSchema)),
  /** Forgets done, failed and cancelled jobs (they are kept across restarts until then). */
  'transfers:clearFinished': req(NoInputSchema, NullSchema),
  /**
   * Queues one job per local path, copying it (folders with everything inside) into a folder
   * on this computer. COPY_SAME_FOLDER when an item is already in that folder,
   * COPY_INTO_ITSELF for a folder dropped into itself, LOCAL_NOT_FOUND, NOT_A_DIRECTORY.
   */
  'transfers:copyLocal': req(CopyLocalInputSchema, StartTransfersOutputSchema),
  /**
   * The sources whose name is already taken in the target folder, in the order given, each with
   * both items as they are now (a fresh stat of each side), for the question asked before a
   * transfer is queued. A side that cannot be read counts as holding no clash.
   * CONNECTION_LOST when the session is gone.
   */
  'transfers:findConflicts': req(FindConflictsInputSchema, z.array(ConflictFactsSchema)),

  'pgp:listKeys': req(NoInputSchema, z.array(PgpKeyInfoSchema)),
  /** PGP_KEY_INVALID, PGP_PASSPHRASE_WRONG. Secret keys are kept sealed. */
  'pgp:importKey': req(PgpImportKeyInputSchema, PgpKeyInfoSchema),
  /**
   * Removes the key (both halves). Connections that encrypt to it keep naming it, so their
   * uploads fail PGP_KEY_NOT_FOUND until another key is chosen: never sent unencrypted.
   */
  'pgp:deleteKey': req(PgpKeyRefSchema, NullSchema),
  /**
   * Makes a Curve25519 key pair for the user (as `pgp generate`) and keeps it: the secret half
   * sealed like an imported one. SECRET_STORAGE_UNAVAILABLE when this computer offers no
   * secure storage to seal it with (nothing is kept).
   */
  'pgp:generateKey': req(PgpGenerateKeyInputSchema, PgpKeyInfoSchema),
  /** The public half of a kept key, armored, to save or copy. PGP_KEY_NOT_FOUND. */
  'pgp:exportPublicKey': req(PgpKeyRefSchema, PgpExportedKeySchema),
  /**
   * Answers a pgp:passphrasePrompt. The passphrase is checked against the key first:
   * PGP_PASSPHRASE_WRONG leaves the prompt open to ask again; NOT_FOUND when it was closed.
   */
  'pgp:answerPassphrase': req(AnswerPgpPassphraseInputSchema, AnswerPgpPassphraseOutputSchema),

  'settings:get': req(NoInputSchema, SettingsSchema),
  /** Merges the given fields and answers the full settings. */
  'settings:update': req(SettingsPatchSchema, SettingsSchema),

  /** Native open dialogs. Cancel answers { paths: [] }. */
  'dialogs:openFile': req(OpenFileDialogInputSchema, DialogResultSchema),
  'dialogs:openFolder': req(OpenFolderDialogInputSchema, DialogResultSchema),

  'app:info': req(NoInputSchema, AppInfoSchema),
  /** Opens https://pyplan.com (and subdomains) in the OS browser; INVALID_ARGUMENT otherwise. */
  'app:openExternal': req(OpenExternalInputSchema, NullSchema),
  /** sftp:// links that arrived before the renderer subscribed to app:openLink. */
  'app:takeLinks': req(NoInputSchema, z.array(SftpLinkSchema)),
  /** Renderer log lines into the main log (rate-limited, redacted). */
  'app:log': req(RendererLogInputSchema, NullSchema),

  /**
   * Downloads remote files and folders to a temporary folder, then starts one OS drag of them
   * all once every one is complete. Call from dragstart after preventDefault. NOT_FOUND,
   * UNSUPPORTED (neither file nor folder), INVALID_ARGUMENT (two items with one name).
   */
  'files:startDrag': req(StartDragInputSchema, NullSchema),
  /**
   * Stops the drag-outs being prepared (the user cancelled or pressed Esc): their copies are
   * removed and files:startDrag fails with CANCELLED. None running is not an error.
   */
  'files:cancelDrag': req(NoInputSchema, NullSchema),

  /**
   * Stops a listing: the folder handle is closed and the last listing:batch says CANCELLED.
   * An id that already finished is not an error (the cancel and the end crossed).
   */
  'listing:cancel': req(ListingRefSchema, NullSchema),
} as const satisfies Record<RequestChannel, RequestSpec>;

/** Every main-to-renderer event with its payload. */
export const EVENTS = {
  /** A new host key needs the user's decision; answer with ssh:answerHostKey. */
  'ssh:hostKeyPrompt': HostKeyPromptSchema,
  /** A session ended: by disconnect (no error) or because the link dropped. */
  'connection:closed': ConnectionClosedSchema,
  /** Several times a second per running job. */
  'transfers:progress': TransferProgressEventSchema,
  /** Queued, started, paused, waiting, done, failed (with error), cancelled, retried. */
  'transfers:stateChanged': TransferStateEventSchema,
  /** An sftp:// link was opened with the app (second launch or macOS open-url). */
  'app:openLink': SftpLinkSchema,
  /** Entries of a listing started with sftp:listStart or local:listStart, as they are read. */
  'listing:batch': ListingBatchSchema,
  /** A download's decryption waits for a secret key's passphrase; answer pgp:answerPassphrase. */
  'pgp:passphrasePrompt': PgpPassphrasePromptSchema,
  /** That prompt needs no answer any more (refused, or every waiting job cancelled). */
  'pgp:passphraseClosed': PgpPassphraseClosedSchema,
  /** While files:startDrag downloads its copies, a few times a second. */
  'files:dragProgress': DragProgressSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

export type Requests = typeof REQUESTS;
export type Events = typeof EVENTS;

/** What the renderer passes (defaults still optional). */
export type RequestInput<C extends RequestChannel> = z.input<Requests[C]['input']>;
/** What a handler receives after parsing (defaults filled in). */
export type RequestArgs<C extends RequestChannel> = z.output<Requests[C]['input']>;
export type RequestOutput<C extends RequestChannel> = z.output<Requests[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<Events[E]>;
