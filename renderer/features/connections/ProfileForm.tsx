import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { Profile, ProfileInput, StoredKeyInfo } from '../../../shared/types/profile.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ForgetHostKey } from './ForgetHostKey.tsx';
import { KeyField } from './KeyField.tsx';
import { PassphraseDialog } from './PassphraseDialog.tsx';
import { PgpRulesField, type PgpKeyInfo } from './PgpRulesField.tsx';
import { FolderFields, PolicyField, ServerFields, TransferFields } from './ProfileFields.tsx';
import {
  draftFromProfile,
  emptyDraft,
  isDraftDirty,
  validateDraft,
  type DraftErrors,
  type ProfileDraft,
} from './profileDraft.ts';
import { TestConnectionPanel } from './TestConnectionPanel.tsx';
import { useConnectionTest } from './useConnectionTest.ts';

export interface ProfileFormProps {
  profile?: Profile;
  /** Starting values for a new profile. */
  initial?: Partial<ProfileDraft>;
  /** The starting values came from an sftp:// link to a server no saved profile names. */
  fromLink?: boolean;
  keys: StoredKeyInfo[];
  pgpKeys: PgpKeyInfo[];
  connecting: boolean;
  onSave: (input: ProfileInput) => Promise<Profile>;
  onCancel: () => void;
  onConnect: (profileId: string) => void;
  onDirtyChange: (dirty: boolean) => void;
}

/** "host", or "host:port" when the port is not 22. */
function serverOf(host: string, port: string): string {
  return port.trim() === '22' ? host : `${host}:${port.trim()}`;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="form-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Create or edit one profile, test it, and connect with it. */
export function ProfileForm(props: ProfileFormProps) {
  const { t } = useI18n();
  const { profile, onDirtyChange } = props;
  const [draft, setDraft] = useState<ProfileDraft>(() =>
    profile ? draftFromProfile(profile) : { ...emptyDraft(), ...props.initial },
  );
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const test = useConnectionTest();
  const dirty = isDraftDirty(draft, profile);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // Save refused for the OpenPGP rule: show the rule and its message, wherever the form was.
  const pgpRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.pgp) pgpRef.current?.scrollIntoView({ block: 'center' });
  }, [errors.pgp]);

  const change = (patch: Partial<ProfileDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  /** Saves when needed and answers the saved profile, or null when the form is not valid. */
  const persist = async (): Promise<Profile | null> => {
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return null;
    }
    if (profile && !dirty) return profile;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await props.onSave(checked.input);
      setDraft(draftFromProfile(saved));
      return saved;
    } catch (err) {
      setSaveError(toAppError(err));
      return null;
    } finally {
      setSaving(false);
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void persist();
  };
  // Testing is not saving: the form's values are tried as they are, and Save stays a choice.
  // It tries the connection only: an unfinished OpenPGP rule is for Save to refuse.
  const runTest = async (): Promise<void> => {
    const checked = validateDraft({ ...draft, pgp: { ...draft.pgp, encryptOnUpload: false } });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    await test.run(checked.input);
  };
  const connect = async (): Promise<void> => {
    const saved = await persist();
    if (saved) props.onConnect(saved.id);
  };

  const fields = { draft, errors, onChange: change };
  return (
    <form className="profile-form" onSubmit={submit} data-testid="profile-form" noValidate>
      <div className="form-scroll">
        <h2 className="form-title">{profile ? profile.name : t('profile.newTitle')}</h2>
        {props.fromLink && props.initial?.host && (
          // A link can come from anyone: saving it must be a checked decision, not a reflex.
          <div className="form-notice" role="note" data-testid="profile-from-link">
            <Icon name="warning" />
            <p>
              {t('profile.fromLink', {
                server: serverOf(props.initial.host, props.initial.port ?? '22'),
              })}
            </p>
          </div>
        )}
        <Section title={t('profile.section.server')}>
          <ServerFields {...fields} />
        </Section>
        <Section title={t('profile.section.key')}>
          <KeyField
            value={draft.key}
            keys={props.keys}
            onChange={(key) => change({ key })}
            onPathKey={(path) => change({ key: { kind: 'path', path } })}
          />
        </Section>
        <Section title={t('profile.section.security')}>
          <PolicyField {...fields} />
          {profile && <ForgetHostKey profileId={profile.id} host={profile.host} />}
        </Section>
        <Section title={t('profile.section.folders')}>
          <FolderFields {...fields} />
        </Section>
        <Section title={t('profile.section.pgp')}>
          <div ref={pgpRef}>
            <PgpRulesField
              value={draft.pgp}
              keys={props.pgpKeys}
              onChange={(pgp) => change({ pgp })}
            />
          </div>
        </Section>
        <Section title={t('profile.section.transfer')}>
          <TransferFields {...fields} />
        </Section>
        {errors.other && <p className="field-error">{t('form.invalid')}</p>}
        {errors.pgp && <p className="field-error">{t('pgp.encryptNeedsRecipient')}</p>}
        {saveError && <ErrorMessage error={saveError} title={t('profile.saveFailed')} />}
        {test.error && <ErrorMessage error={test.error} title={t('test.failed')} />}
        <TestConnectionPanel running={test.running} reached={test.reached} result={test.result} />
      </div>
      <footer className="form-footer">
        <button
          type="button"
          className="btn"
          onClick={() => void runTest()}
          disabled={test.running || saving}
          data-testid="profile-test"
        >
          <Icon name="plug" />
          {t('profile.test')}
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={props.onCancel}>
          {dirty ? t('common.discard') : t('common.close')}
        </button>
        <button type="submit" className="btn" disabled={saving || (!dirty && !!profile)}>
          {t('common.save')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void connect()}
          disabled={props.connecting || saving}
          data-testid="profile-connect"
        >
          {t('profile.connect')}
        </button>
      </footer>
      {test.needsPassphrase && (
        <PassphraseDialog
          subject={draft.name}
          wrong={test.needsPassphrase.wrong}
          onSubmit={(pass, remember) => void test.retry(pass, remember)}
          onCancel={test.reset}
        />
      )}
    </form>
  );
}
