import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { PgpKeyInfo } from '../connections/PgpRulesField.tsx';
import type { ProfileRecipients } from './DeleteKeyDialog.tsx';
import { PgpKeysSection } from './PgpKeysSection.tsx';
import type { SettingsState } from './useSettings.ts';

export interface SettingsDialogProps {
  settings: SettingsState;
  pgpKeys: PgpKeyInfo[];
  /** The saved connections: deleting a key names those that encrypt to it. */
  profiles: readonly ProfileRecipients[];
  onPgpChanged: () => Promise<void>;
  onClose: () => void;
}

const THEMES = ['system', 'light', 'dark'] as const;

/** Language, look, hidden files, OpenPGP keys, and the version for support calls. */
export function SettingsDialog(props: SettingsDialogProps) {
  const { settings, pgpKeys, profiles, onPgpChanged, onClose } = props;
  const { t } = useI18n();
  const { settings: value, update } = settings;
  const [version, setVersion] = useState<string | null>(null);

  useEffect(() => {
    api
      .call('app:info')
      .then((info) => setVersion(info.version))
      .catch(() => setVersion(null));
  }, []);

  return (
    <Dialog
      title={t('settings.title')}
      icon="gear"
      size="large"
      onClose={onClose}
      testId="settings-dialog"
      actions={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('common.done')}
        </button>
      }
    >
      <section className="settings-section">
        <h3>{t('settings.general')}</h3>
        <label className="field">
          <span className="field-label">{t('settings.language')}</span>
          <select
            value={value.language}
            data-testid="settings-language"
            onChange={(e) => void update({ language: e.target.value as 'en' | 'es' })}
          >
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </label>
        <fieldset className="segmented" aria-label={t('settings.theme')}>
          <legend className="field-label">{t('settings.theme')}</legend>
          {THEMES.map((theme) => (
            <label key={theme} className={value.theme === theme ? 'on' : ''}>
              <input
                type="radio"
                name="theme"
                value={theme}
                checked={value.theme === theme}
                onChange={() => void update({ theme })}
              />
              {t(`settings.theme.${theme}`)}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={value.showHidden}
            onChange={(e) => void update({ showHidden: e.target.checked })}
          />
          <span>{t('settings.showHidden')}</span>
        </label>
      </section>
      <PgpKeysSection keys={pgpKeys} profiles={profiles} onChanged={onPgpChanged} />
      {version && <p className="hint about">{t('settings.version', { version })}</p>}
    </Dialog>
  );
}
