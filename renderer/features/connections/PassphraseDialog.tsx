import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export interface PassphraseDialogProps {
  /** What the key is for, e.g. the profile or file name. */
  subject: string;
  wrong: boolean;
  onSubmit: (passphrase: string, remember: boolean) => void;
  onCancel: () => void;
}

/** Asks for a key's passphrase; the text never leaves this form except to main. */
export function PassphraseDialog({ subject, wrong, onSubmit, onCancel }: PassphraseDialogProps) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value !== '') onSubmit(value, remember);
  };

  return (
    <Dialog title={t('passphrase.title')} icon="key" size="small" onClose={onCancel}>
      <form className="form-stack" onSubmit={submit} data-testid="passphrase-form">
        <p>{t('passphrase.intro', { subject })}</p>
        <label className="field">
          <span className="field-label">{t('passphrase.label')}</span>
          <input
            type="password"
            value={value}
            autoFocus
            autoComplete="off"
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={wrong}
          />
        </label>
        {wrong && <p className="field-error">{t('passphrase.wrong')}</p>}
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          <span>{t('passphrase.remember')}</span>
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={value === ''}>
            {t('passphrase.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
