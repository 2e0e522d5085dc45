import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { ProfileKey, StoredKeyInfo } from '../../../shared/types/profile.ts';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { PassphraseDialog } from './PassphraseDialog.tsx';

export interface KeyFieldProps {
  value: ProfileKey | null;
  keys: StoredKeyInfo[];
  onChange: (key: ProfileKey, info: StoredKeyInfo) => void;
  /** Use the file in place (read at each connection) instead of keeping a sealed copy. */
  onPathKey: (path: string) => void;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function KeyFacts({ info }: { info: StoredKeyInfo }) {
  const { t } = useI18n();
  const type = info.bits ? `${info.type} (${info.bits} bits)` : info.type;
  return (
    <dl className="fact-list key-facts" data-testid="key-facts">
      <div>
        <dt>{t('key.type')}</dt>
        <dd data-testid="key-type">{type}</dd>
      </div>
      <div>
        <dt>{t('key.fingerprint')}</dt>
        <dd className="fingerprint" data-testid="key-fingerprint">
          {info.fingerprint}
        </dd>
      </div>
      <div>
        <dt>{t('key.file')}</dt>
        <dd>
          {info.sourceName}
          {info.encrypted && <span className="badge">{t('key.protected')}</span>}
        </dd>
      </div>
    </dl>
  );
}

/**
 * The profile's SSH key: import the file Pyplan sent (usually cert.pem) and see its type and
 * fingerprint, which is what support asks for when a login fails.
 */
export function KeyField({ value, keys, onChange, onPathKey }: KeyFieldProps) {
  const { t } = useI18n();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ path: string; wrong: boolean } | null>(null);
  const [imported, setImported] = useState<StoredKeyInfo | null>(null);
  // Without a keychain the key cannot be kept sealed; it can still be read where it is.
  const [unsealable, setUnsealable] = useState<string | null>(null);

  const stored = value?.kind === 'stored' ? value.keyId : null;
  const info = keys.find((k) => k.id === stored) ?? (imported?.id === stored ? imported : null);

  const importKey = async (path: string, passphrase?: string, save = false): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('profiles:importKey', {
        path,
        ...(passphrase === undefined ? {} : { passphrase, savePassphrase: save }),
      });
      setPending(null);
      setImported(result);
      onChange({ kind: 'stored', keyId: result.id }, result);
    } catch (err) {
      const failure = toAppError(err);
      if (failure.code === 'KEY_PASSPHRASE_REQUIRED' || failure.code === 'KEY_PASSPHRASE_WRONG') {
        setPending({ path, wrong: passphrase !== undefined });
      } else {
        setPending(null);
        setError(failure);
        setUnsealable(failure.code === 'SECRET_STORAGE_UNAVAILABLE' ? path : null);
      }
    } finally {
      setBusy(false);
    }
  };

  const choose = async (): Promise<void> => {
    try {
      const { paths } = await api.call('dialogs:openFile', { purpose: 'sshKey' });
      if (paths[0] !== undefined) await importKey(paths[0]);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  return (
    <div className="key-field">
      {info && <KeyFacts info={info} />}
      {value?.kind === 'path' && (
        <p className="key-path">
          <Icon name="key" /> {t('key.fromPath', { path: value.path })}
        </p>
      )}
      {value === null && <p className="hint">{t('key.none')}</p>}
      <button
        type="button"
        className="btn"
        onClick={() => void choose()}
        disabled={busy}
        data-testid="key-import"
      >
        <Icon name="import" />
        {value === null ? t('key.import') : t('key.replace')}
      </button>
      {error && <ErrorMessage error={error} compact />}
      {unsealable && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            onPathKey(unsealable);
            setError(null);
            setUnsealable(null);
          }}
        >
          {t('key.usePath')}
        </button>
      )}
      {pending && (
        <PassphraseDialog
          subject={fileName(pending.path)}
          wrong={pending.wrong}
          onSubmit={(passphrase, remember) => void importKey(pending.path, passphrase, remember)}
          onCancel={() => setPending(null)}
        />
      )}
    </div>
  );
}
