import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shortFingerprint, type PgpKeyInfo } from '../../lib/pgpKeys.ts';
import { DeleteKeyDialog, type ProfileRecipients } from './DeleteKeyDialog.tsx';
import { ExportKeyDialog } from './ExportKeyDialog.tsx';
import { GenerateKeyDialog } from './GenerateKeyDialog.tsx';
import { pgpKeyFacts } from './pgpKeyFacts.ts';

export interface PgpKeysSectionProps {
  keys: PgpKeyInfo[];
  /** The saved connections, to say which ones a key's deletion affects. */
  profiles: readonly ProfileRecipients[];
  onChanged: () => Promise<void>;
}

type Open =
  | { kind: 'delete'; key: PgpKeyInfo }
  | { kind: 'export'; key: PgpKeyInfo }
  | { kind: 'generate' }
  | null;

/** The OpenPGP keys the app keeps: platform keys to encrypt to, and the user's own. */
export function PgpKeysSection({ keys, profiles, onChanged }: PgpKeysSectionProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setError] = useState<AppError | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // Whether a key has expired, as of when the key list was opened.
  const [now] = useState(() => Date.now());

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
          <li key={key.fingerprint} className="pgp-key" data-testid="pgp-key">
            <Icon name={key.hasSecret ? 'key' : 'lock'} />
            <span className="pgp-key-text">
              <strong>{key.userIds[0] ?? t('pgp.unnamed')}</strong>
              <code className="fingerprint">{shortFingerprint(key.fingerprint)}</code>
              <span className="muted" data-testid="pgp-key-facts">
                {pgpKeyFacts(key, i18n, now)}
              </span>
            </span>
            {key.hasSecret && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setOpen({ kind: 'export', key })}
                data-testid="pgp-key-export"
              >
                {t('settings.pgpExport')}
              </button>
            )}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setOpen({ kind: 'delete', key })}
              data-testid="pgp-key-delete"
            >
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <div className="settings-actions">
        <button type="button" className="btn" onClick={() => void add()} data-testid="pgp-import">
          <Icon name="import" />
          {t('settings.pgpImport')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => setOpen({ kind: 'generate' })}
          data-testid="pgp-generate"
        >
          <Icon name="plus" />
          {t('settings.pgpGenerate')}
        </button>
      </div>
      {error && <ErrorMessage error={error} compact />}
      {open?.kind === 'delete' && (
        <DeleteKeyDialog
          pgpKey={open.key}
          profiles={profiles}
          onCancel={() => setOpen(null)}
          onConfirm={() => {
            setOpen(null);
            void run(() => api.call('pgp:deleteKey', { fingerprint: open.key.fingerprint }));
          }}
        />
      )}
      {open?.kind === 'export' && (
        <ExportKeyDialog pgpKey={open.key} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'generate' && (
        <GenerateKeyDialog
          onCancel={() => setOpen(null)}
          onCreated={() => {
            setOpen(null);
            void run(() => Promise.resolve());
          }}
        />
      )}
    </section>
  );
}
