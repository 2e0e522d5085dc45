import { useState, type FormEvent } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import type { PgpKeyInfo } from '../../lib/pgpKeys.ts';

export interface GenerateKeyDialogProps {
  onCreated: (key: PgpKeyInfo) => void;
  onCancel: () => void;
}

// The same rules as the contract's PgpGenerateKeyInputSchema, so a mistake shows by its field.
const NAME = /^[^<>\p{Cc}]+$/u;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

interface Draft {
  name: string;
  email: string;
  passphrase: string;
  repeat: string;
}

function problemsOf(draft: Draft): Partial<Record<keyof Draft, MessageKey>> {
  return {
    ...(NAME.test(draft.name.trim()) ? {} : { name: 'pgpGen.badName' as const }),
    ...(EMAIL.test(draft.email.trim()) ? {} : { email: 'pgpGen.badEmail' as const }),
    ...(draft.passphrase === '' || draft.passphrase === draft.repeat
      ? {}
      : { repeat: 'pgpGen.mismatch' as const }),
  };
}

/** Name, email and an optional passphrase for a new key pair of the user's own. */
export function GenerateKeyDialog({ onCreated, onCancel }: GenerateKeyDialogProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>({ name: '', email: '', passphrase: '', repeat: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const problems = problemsOf(draft);
  const shown = tried ? problems : {};

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTried(true);
    if (busy || Object.keys(problems).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const key = await api.call('pgp:generateKey', {
        name: draft.name.trim(),
        email: draft.email.trim(),
        ...(draft.passphrase === '' ? {} : { passphrase: draft.passphrase }),
      });
      onCreated(key);
    } catch (err) {
      setFailure(toAppError(err));
      setBusy(false);
    }
  };

  const field = (name: keyof Draft, label: MessageKey, type: 'text' | 'password') => (
    <label className="field">
      <span className="field-label">{t(label)}</span>
      <input
        type={type}
        value={draft[name]}
        disabled={busy}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={shown[name] !== undefined}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        data-testid={`pgp-generate-${name}`}
      />
      {shown[name] && <span className="field-error">{t(shown[name])}</span>}
    </label>
  );

  return (
    <Dialog
      title={t('pgpGen.title')}
      icon="key"
      size="small"
      onClose={busy ? undefined : onCancel}
      testId="pgp-generate-dialog"
    >
      <form className="form-stack" onSubmit={(e) => void submit(e)}>
        <p>{t('pgpGen.intro')}</p>
        {field('name', 'pgpGen.name', 'text')}
        {field('email', 'pgpGen.email', 'text')}
        {field('passphrase', 'pgpGen.passphrase', 'password')}
        {draft.passphrase !== '' && field('repeat', 'pgpGen.repeat', 'password')}
        <p className="hint">{t('pgpGen.passphraseHint')}</p>
        {failure && <ErrorMessage error={failure} compact />}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy}
            data-testid="pgp-generate-submit"
          >
            {busy ? t('pgpGen.busy') : t('pgpGen.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
