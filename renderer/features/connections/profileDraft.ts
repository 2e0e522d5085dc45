import { ProfileInputSchema } from '../../../shared/schemas/profile.ts';
import type {
  PgpRules,
  Profile,
  ProfileInput,
  ProfileKey,
  TransferOptions,
} from '../../../shared/types/profile.ts';

/** What the profile form edits: text fields stay text until saved. */
export interface ProfileDraft {
  id?: string;
  name: string;
  host: string;
  port: string;
  user: string;
  key: ProfileKey | null;
  algorithmPolicy: string;
  localFolder: string;
  remoteFolder: string;
  pgp: PgpRules;
  transfer: TransferOptions;
}

export type DraftField = 'name' | 'host' | 'port' | 'user' | 'localFolder' | 'remoteFolder';
/**
 * Per field; `other` is a problem outside the text fields (e.g. too many PGP recipients);
 * `pgp` is "encrypt before uploading" on with no key to encrypt for.
 */
export type DraftErrors = Partial<Record<DraftField | 'other', 'required' | 'invalid'>> & {
  pgp?: 'noRecipients';
};

export function emptyDraft(): ProfileDraft {
  return {
    name: '',
    host: '',
    port: '22',
    user: '',
    key: null,
    algorithmPolicy: 'default',
    localFolder: '',
    remoteFolder: '',
    pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: false },
    transfer: { preserveTimestamps: false, uploadInPlace: false },
  };
}

export function draftFromProfile(profile: Profile): ProfileDraft {
  return {
    id: profile.id,
    name: profile.name,
    host: profile.host,
    port: String(profile.port),
    user: profile.user,
    key: profile.key,
    algorithmPolicy: profile.algorithmPolicy,
    localFolder: profile.localFolder ?? '',
    remoteFolder: profile.remoteFolder ?? '',
    pgp: { ...profile.pgp, recipients: [...profile.pgp.recipients] },
    transfer: { ...profile.transfer },
  };
}

// In shared so that main checks imported sites with the very mapping the dialog saves with.
export { inputFromImported } from '../../../shared/importedProfile.ts';

function toInput(draft: ProfileDraft): ProfileInput {
  const port = draft.port.trim();
  return {
    ...(draft.id === undefined ? {} : { id: draft.id }),
    name: draft.name,
    host: draft.host,
    // A non-number stays a string so the schema reports the port, not a silent default.
    port: /^\d+$/.test(port) ? Number(port) : (port as unknown as number),
    user: draft.user,
    key: draft.key,
    algorithmPolicy: draft.algorithmPolicy,
    localFolder: draft.localFolder.trim() === '' ? null : draft.localFolder.trim(),
    remoteFolder: draft.remoteFolder.trim() === '' ? null : draft.remoteFolder.trim(),
    pgp: draft.pgp,
    transfer: draft.transfer,
  };
}

const FIELDS: readonly DraftField[] = [
  'name',
  'host',
  'port',
  'user',
  'localFolder',
  'remoteFolder',
];

/**
 * Checks the draft with the same schema main applies, so the form and the store never
 * disagree. Answers the input to save, or which fields are missing or wrong.
 */
export function validateDraft(
  draft: ProfileDraft,
): { ok: true; input: ProfileInput } | { ok: false; errors: DraftErrors } {
  const input = toInput(draft);
  const parsed = ProfileInputSchema.safeParse(input);
  // The schema takes it (older profiles may hold it), but every upload would fail: not saved.
  const noRecipients = draft.pgp.encryptOnUpload && draft.pgp.recipients.length === 0;
  if (parsed.success && !noRecipients) return { ok: true, input };

  const errors: DraftErrors = noRecipients ? { pgp: 'noRecipients' } : {};
  if (parsed.success) return { ok: false, errors };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(FIELDS as readonly string[]).includes(field)) {
      errors.other = 'invalid';
      continue;
    }
    const value = draft[field as DraftField].trim();
    errors[field as DraftField] = value === '' ? 'required' : 'invalid';
  }

  return { ok: false, errors };
}

/** Whether the form differs from what is saved (drives "unsaved changes" and Save). */
export function isDraftDirty(draft: ProfileDraft, saved: Profile | undefined): boolean {
  const base = saved === undefined ? emptyDraft() : draftFromProfile(saved);
  return JSON.stringify(base) !== JSON.stringify({ ...draft, id: base.id });
}
