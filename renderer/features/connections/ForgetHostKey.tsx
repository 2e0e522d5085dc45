import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

type Outcome = { removed: number } | { error: AppError };

/**
 * The way past a changed server key: a deliberate act in the profile, behind a warning, and
 * never a button on the red stop screen itself. The next connection then shows the new key's
 * fingerprint for the user to compare with what Pyplan sent.
 */
export function ForgetHostKey({ profileId, host }: { profileId: string; host: string }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const forget = async (): Promise<void> => {
    setBusy(true);
    try {
      setOutcome(await api.call('ssh:forgetHostKey', { profileId }));
    } catch (err) {
      setOutcome({ error: toAppError(err) });
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  return (
    <div className="field">
      <span className="field-label">{t('hostKey.forgetLabel')}</span>
      <div>
        <button
          type="button"
          className="btn"
          onClick={() => setAsking(true)}
          data-testid="forget-host-key"
        >
          {t('hostKey.forget')}
        </button>
      </div>
      {outcome && 'removed' in outcome && (
        <span className="hint" role="status" data-testid="forget-host-key-result">
          {outcome.removed > 0 ? t('hostKey.forgotten') : t('hostKey.nothingToForget')}
        </span>
      )}
      {outcome && 'error' in outcome && <ErrorMessage error={outcome.error} />}
      {asking && (
        <ConfirmDialog
          title={t('hostKey.forgetTitle')}
          confirmLabel={t('hostKey.forget')}
          danger
          busy={busy}
          onConfirm={() => void forget()}
          onCancel={() => setAsking(false)}
        >
          <p>{t('hostKey.forgetWarning', { host })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
