import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { connectionsEncryptingTo, shortFingerprint, type PgpKeyInfo } from '../../lib/pgpKeys.ts';

/** What the question needs of a saved connection. */
export interface ProfileRecipients {
  name: string;
  pgp: { recipients: string[] };
}

export interface DeleteKeyDialogProps {
  pgpKey: PgpKeyInfo;
  profiles: readonly ProfileRecipients[];
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before a key is deleted, naming the connections that encrypt to it: they keep naming
 * it, so their uploads are refused (never sent in clear) until another key is chosen.
 */
export function DeleteKeyDialog({ pgpKey, profiles, onConfirm, onCancel }: DeleteKeyDialogProps) {
  const { t, plural } = useI18n();
  const users = connectionsEncryptingTo(profiles, pgpKey);
  const name = pgpKey.userIds[0] ?? shortFingerprint(pgpKey.fingerprint);

  return (
    <ConfirmDialog
      title={t('settings.pgpDeleteTitle')}
      confirmLabel={t('common.delete')}
      danger
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>{t('settings.pgpDeleteBody', { name })}</p>
      {users.length > 0 && (
        <div data-testid="pgp-delete-used-by">
          <p>
            {plural(
              { one: 'settings.pgpDeleteUsedBy.one', other: 'settings.pgpDeleteUsedBy.other' },
              users.length,
            )}
          </p>
          <ul className="plain-list">
            {users.map((user, index) => (
              <li key={`${index}-${user}`}>
                <strong>{user}</strong>
              </li>
            ))}
          </ul>
          <p>
            {plural(
              { one: 'settings.pgpDeleteRefused.one', other: 'settings.pgpDeleteRefused.other' },
              users.length,
            )}
          </p>
        </div>
      )}
    </ConfirmDialog>
  );
}
