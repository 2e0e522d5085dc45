import type { PgpRules } from '../../../shared/types/profile.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shortFingerprint, type PgpKeyInfo } from '../../lib/pgpKeys.ts';
import { isRecipient, withRecipient } from './pgpRules.ts';

export type { PgpKeyInfo } from '../../lib/pgpKeys.ts';

export interface PgpRulesFieldProps {
  value: PgpRules;
  keys: PgpKeyInfo[];
  onChange: (rules: PgpRules) => void;
}

/** Which OpenPGP keys uploads are encrypted to, and whether downloads are decrypted. */
export function PgpRulesField({ value, keys, onChange }: PgpRulesFieldProps) {
  const { t } = useI18n();
  const usable = keys.filter((k) => k.canEncrypt && !k.revoked);
  const chosen = (key: PgpKeyInfo): boolean => value.recipients.some((r) => isRecipient(key, r));

  const toggle = (key: PgpKeyInfo, on: boolean): void => {
    onChange(withRecipient(value, key, on));
  };
  // Checked with nobody to encrypt for (the last recipient's key was deleted): left enabled,
  // so it can be unticked, and the form refuses to save it that way.
  const noRecipients = value.recipients.length === 0;

  return (
    <div className="pgp-rules">
      {usable.length === 0 ? (
        <p className="hint">{t('pgp.noKeys')}</p>
      ) : (
        <fieldset className="recipient-list">
          <legend>{t('pgp.recipients')}</legend>
          {usable.map((key) => (
            <label key={key.fingerprint} className="check">
              <input
                type="checkbox"
                checked={chosen(key)}
                onChange={(e) => toggle(key, e.target.checked)}
              />
              <span>
                {key.userIds[0] ?? t('pgp.unnamed')}{' '}
                <code className="fingerprint">{shortFingerprint(key.fingerprint)}</code>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label className="check">
        <input
          type="checkbox"
          name="encryptOnUpload"
          checked={value.encryptOnUpload}
          disabled={noRecipients && !value.encryptOnUpload}
          onChange={(e) => onChange({ ...value, encryptOnUpload: e.target.checked })}
        />
        <span>{t('pgp.encryptOnUpload')}</span>
      </label>
      {noRecipients && value.encryptOnUpload && (
        <p className="field-error" data-testid="pgp-no-recipients">
          {t('pgp.encryptNeedsRecipient')}
        </p>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={value.decryptOnDownload}
          onChange={(e) => onChange({ ...value, decryptOnDownload: e.target.checked })}
        />
        <span>{t('pgp.decryptOnDownload')}</span>
      </label>
    </div>
  );
}
