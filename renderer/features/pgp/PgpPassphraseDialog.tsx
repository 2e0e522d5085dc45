import { useState, type FormEvent } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { EventPayload } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export type PassphrasePrompt = EventPayload<'pgp:passphrasePrompt'>;

export interface PgpPassphraseDialogProps {
  prompt: PassphrasePrompt;
  /** The prompt is settled (answered, refused, or gone): show the next one. */
  onDone: () => void;
}

/** Groups of four in two halves, as GnuPG prints it, so it can be compared by eye. */
function fingerprintHalves(fingerprint: string): [string, string] {
  const groups = fingerprint.toUpperCase().match(/.{1,4}/g) ?? [];
  const middle = Math.ceil(groups.length / 2);
  return [groups.slice(0, middle).join(' '), groups.slice(middle).join(' ')];
}

/**
 * Asks for the passphrase of one of the user's OpenPGP secret keys, naming the key by user ID
 * and fingerprint. Main checks the passphrase against the key before any download uses it; a
 * wrong one keeps the dialog open with a plain message. The text goes only to main.
 */
export function PgpPassphraseDialog({ prompt, onDone }: PgpPassphraseDialogProps) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const [wrong, setWrong] = useState(prompt.wrong);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const { promptId } = prompt;
  const [first, second] = fingerprintHalves(prompt.fingerprint);

  const send = async (passphrase?: string): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const input = passphrase === undefined ? { promptId } : { promptId, passphrase, remember };
      await api.call('pgp:answerPassphrase', input);
      onDone();
    } catch (err) {
      const error = toAppError(err);
      setBusy(false);
      if (error.code === 'PGP_PASSPHRASE_WRONG') {
        setWrong(true);
        setValue('');
      } else if (error.code === 'NOT_FOUND') {
        onDone();
      } else {
        setFailure(error);
      }
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (value !== '' && !busy) void send(value);
  };
  const cancel = (): void => void send(undefined);

  return (
    <Dialog
      title={t('pgpPass.title')}
      icon="key"
      size="small"
      onClose={busy ? undefined : cancel}
      testId="pgp-passphrase-dialog"
    >
      <form className="form-stack" onSubmit={submit} data-testid="pgp-passphrase-form">
        <p>
          {prompt.fileName === undefined
            ? t('pgpPass.introNoFile')
            : t('pgpPass.intro', { file: prompt.fileName })}
        </p>
        <dl className="fact-list">
          <div>
            <dt>{t('pgpPass.key')}</dt>
            <dd data-testid="pgp-passphrase-user">{prompt.userId ?? t('pgp.unnamed')}</dd>
          </div>
          <div>
            <dt>{t('pgpPass.fingerprint')}</dt>
            <dd className="fingerprint" data-testid="pgp-passphrase-fingerprint">
              <span className="fingerprint-half">{first}</span>{' '}
              <span className="fingerprint-half">{second}</span>
            </dd>
          </div>
        </dl>
        <label className="field">
          <span className="field-label">{t('passphrase.label')}</span>
          <input
            type="password"
            value={value}
            autoFocus
            autoComplete="off"
            disabled={busy}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={wrong}
            data-testid="pgp-passphrase-input"
          />
        </label>
        {wrong && (
          <p className="field-error" role="alert" data-testid="pgp-passphrase-wrong">
            {t('pgpPass.wrong')}
          </p>
        )}
        {failure && <ErrorMessage error={failure} compact />}
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            disabled={busy}
            onChange={(e) => setRemember(e.target.checked)}
            data-testid="pgp-passphrase-remember"
          />
          <span>{t('passphrase.remember')}</span>
        </label>
        <p className="hint">{t('pgpPass.hint')}</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={cancel} disabled={busy}>
            {t('pgpPass.cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={value === '' || busy}
            data-testid="pgp-passphrase-submit"
          >
            {busy ? t('pgpPass.checking') : t('pgpPass.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
