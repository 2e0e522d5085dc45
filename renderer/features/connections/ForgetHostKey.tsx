import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

type Outcome = { removed: number } | { error: AppError };

/**
 * The way past a changed server key: a deliberate act in the profile, never a button on the
 * red stop screen itself. Main asks the user in its own dialog (naming the old fingerprint),
 * so the page cannot confirm it on the user's behalf. The next connection then shows the new
 * key's fingerprint for the user to compare with what Pyplan sent.
 */
export function ForgetHostKey({ profileId, host }: { profileId: string; host: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const forget = async (): Promise<void> => {
    setBusy(true);
    try {
      setOutcome(await api.call('ssh:forgetHostKey', { profileId }));
    } catch (err) {
      const error = toAppError(err);
      // "Keep it" in main's dialog: nothing changed, nothing to say.
      setOutcome(error.code === 'CANCELLED' ? null : { error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field">
      <span className="field-label">{t('hostKey.forgetLabel')}</span>
      <div>
        <button
          type="button"
          className="btn"
          onClick={() => void forget()}
          disabled={busy}
          data-testid="forget-host-key"
        >
          {t('hostKey.forget')}
        </button>
      </div>
      <span className="hint">{t('hostKey.forgetHint', { host })}</span>
      {outcome && 'removed' in outcome && (
        <span className="hint" role="status" data-testid="forget-host-key-result">
          {outcome.removed > 0 ? t('hostKey.forgotten') : t('hostKey.nothingToForget')}
        </span>
      )}
      {outcome && 'error' in outcome && <ErrorMessage error={outcome.error} />}
    </div>
  );
}
