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
 * A file encrypted with a passphrase only (kind 'file') asks for that file's passphrase
 * instead: only decrypting can tell it is wrong, so a wrong one comes back as a new prompt.
 */
export function PgpPassphraseDialog({ prompt, onDone }: PgpPassphraseDialogProps) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [remember, setRemember] = useState(false);
  const [wrong, setWrong] = useState(prompt.wrong);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const { promptId } = prompt;
  const forFile = prompt.kind === 'file';
  const [first, second] = fingerprintHalves(prompt.fingerprint ?? '');

  const send = async (passphrase?: string): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      const keep = remember && !forFile;
      const input =
        passphrase === undefined ? { promptId } : { promptId, passphrase, remember: keep };
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
      title={forFile ? t('pgpPass.fileTitle') : t('pgpPass.title')}
      icon="key"
      size="small"
      onClose={busy ? undefined : cancel}
      testId="pgp-passphrase-dialog"
    >
      <form className="form-stack" onSubmit={submit} data-testid="pgp-passphrase-form">
        <p data-testid="pgp-passphrase-intro">
          {forFile
            ? t('pgpPass.fileIntro', { file: prompt.fileName ?? '' })
            : prompt.fileName === undefined
              ? t('pgpPass.introNoFile')
              : t('pgpPass.intro', { file: prompt.fileName })}
        </p>
        {!forFile && (
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
        )}
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
            {forFile ? t('pgpPass.fileWrong') : t('pgpPass.wrong')}
          </p>
        )}
        {failure && <ErrorMessage error={failure} compact />}
        {!forFile && (
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
        )}
        <p className="hint">{forFile ? t('pgpPass.fileHint') : t('pgpPass.hint')}</p>
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
            {busy ? t('pgpPass.checking') : forFile ? t('pgpPass.fileSubmit') : t('pgpPass.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
