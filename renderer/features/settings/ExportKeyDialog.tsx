import { useEffect, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shortFingerprint, type PgpKeyInfo } from '../../lib/pgpKeys.ts';

export interface ExportKeyDialogProps {
  pgpKey: PgpKeyInfo;
  onClose: () => void;
}

/**
 * A key's public half as armored text, to copy into a message to Pyplan. The app has no save
 * dialog yet, so the text is shown here rather than written to a file.
 */
export function ExportKeyDialog({ pgpKey, onClose }: ExportKeyDialogProps) {
  const { t } = useI18n();
  const [armored, setArmored] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppError | null>(null);
  const [copied, setCopied] = useState(false);
  const name = pgpKey.userIds[0] ?? t('pgp.unnamed');

  useEffect(() => {
    api
      .call('pgp:exportPublicKey', { fingerprint: pgpKey.fingerprint })
      .then((exported) => setArmored(exported.armored))
      .catch((err: unknown) => setFailure(toAppError(err)));
  }, [pgpKey.fingerprint]);

  const copy = (): void => {
    if (armored === null) return;
    // Said only once it is true: the window may refuse clipboard writes.
    navigator.clipboard.writeText(armored).then(
      () => setCopied(true),
      (err: unknown) => reportError('clipboard', err),
    );
  };

  return (
    <Dialog
      title={t('pgpExport.title', { name })}
      icon="key"
      size="medium"
      onClose={onClose}
      testId="pgp-export-dialog"
      actions={
        <>
          <button
            type="button"
            className="btn"
            onClick={copy}
            disabled={armored === null}
            data-testid="pgp-export-copy"
          >
            <Icon name="copy" />
            {t('pgpExport.copy')}
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
            {t('common.done')}
          </button>
        </>
      }
    >
      <div className="form-stack">
        <p>{t('pgpExport.intro')}</p>
        <code className="fingerprint">{shortFingerprint(pgpKey.fingerprint)}</code>
        {armored !== null && (
          <textarea
            className="armored-key"
            readOnly
            value={armored}
            rows={10}
            spellCheck={false}
            aria-label={t('pgpExport.title', { name })}
            data-testid="pgp-export-text"
          />
        )}
        {copied && (
          <p className="hint" role="status">
            {t('pgpExport.copied')}
          </p>
        )}
        {failure && <ErrorMessage error={failure} compact />}
      </div>
    </Dialog>
  );
}
