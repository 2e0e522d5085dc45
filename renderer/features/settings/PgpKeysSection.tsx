import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shortFingerprint, type PgpKeyInfo } from '../../lib/pgpKeys.ts';

export interface PgpKeysSectionProps {
  keys: PgpKeyInfo[];
  onChanged: () => Promise<void>;
}

/** The OpenPGP keys the app keeps: platform keys to encrypt to, and the user's own. */
export function PgpKeysSection({ keys, onChanged }: PgpKeysSectionProps) {
  const { t, date } = useI18n();
  const [error, setError] = useState<AppError | null>(null);
  const [removing, setRemoving] = useState<PgpKeyInfo | null>(null);

  const run = async (work: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await work();
      await onChanged();
    } catch (err) {
      setError(toAppError(err));
    }
  };

  const add = (): Promise<void> =>
    run(async () => {
      const { paths } = await api.call('dialogs:openFile', { purpose: 'pgpKey' });
      if (paths[0] !== undefined) await api.call('pgp:importKey', { path: paths[0] });
    });

  return (
    <section className="settings-section">
      <h3>{t('settings.pgpKeys')}</h3>
      {keys.length === 0 && <p className="hint">{t('settings.pgpNone')}</p>}
      <ul className="pgp-key-list">
        {keys.map((key) => (
          <li key={key.fingerprint} className="pgp-key">
            <Icon name={key.hasSecret ? 'key' : 'lock'} />
            <span className="pgp-key-text">
              <strong>{key.userIds[0] ?? t('pgp.unnamed')}</strong>
              <code className="fingerprint">{shortFingerprint(key.fingerprint)}</code>
              <span className="muted">
                {key.hasSecret ? t('settings.pgpSecret') : t('settings.pgpPublic')}
                {key.expiresMs !== undefined &&
                  ` · ${t('settings.pgpExpires', { date: date(key.expiresMs) })}`}
                {key.revoked && ` · ${t('settings.pgpRevoked')}`}
                {!key.canEncrypt && ` · ${t('settings.pgpSignOnly')}`}
              </span>
            </span>
            <button type="button" className="btn btn-small" onClick={() => setRemoving(key)}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => void add()}>
        <Icon name="import" />
        {t('settings.pgpImport')}
      </button>
      {error && <ErrorMessage error={error} compact />}
      {removing && (
        <ConfirmDialog
          title={t('settings.pgpDeleteTitle')}
          confirmLabel={t('common.delete')}
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const key = removing;
            setRemoving(null);
            void run(() => api.call('pgp:deleteKey', { fingerprint: key.fingerprint }));
          }}
        >
          <p>
            {t('settings.pgpDeleteBody', { name: removing.userIds[0] ?? removing.fingerprint })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
