import { Dialog } from '../../components/Dialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { storedFingerprints } from './fingerprints.ts';

export interface HostKeyStopProps {
  host: string;
  port: number;
  keyType?: string;
  expected?: string;
  fingerprint: string;
  onClose: () => void;
}

/**
 * The red stop screen for a changed server identity. It offers only Close: trusting a new
 * key for a known server is a decision for whoever runs the server, not a click.
 */
export function HostKeyStop(props: HostKeyStopProps) {
  const { t } = useI18n();
  const before = storedFingerprints(props.expected, props.keyType);
  return (
    <Dialog
      title={t('hostKey.changedTitle')}
      tone="danger"
      icon="stop"
      onClose={props.onClose}
      testId="host-key-stop"
      actions={
        <button type="button" className="btn btn-danger" onClick={props.onClose} data-autofocus>
          {t('hostKey.changedClose')}
        </button>
      }
    >
      <p className="stop-lead">
        {t('hostKey.changedIntro', { host: `${props.host}:${props.port}` })}
      </p>
      <dl className="fact-list">
        {props.keyType && (
          <div>
            <dt>{t('hostKey.keyType')}</dt>
            <dd>{props.keyType}</dd>
          </div>
        )}
        <div>
          <dt>{t('hostKey.oldFingerprint')}</dt>
          <dd className="fingerprint" data-testid="host-key-old">
            {before.length === 0
              ? '—'
              : before.map((print) => (
                  <span key={print} className="fingerprint-line">
                    {print === 'revoked' ? t('hostKey.revoked') : print}
                  </span>
                ))}
          </dd>
        </div>
        <div>
          <dt>{t('hostKey.newFingerprint')}</dt>
          <dd className="fingerprint fingerprint-new" data-testid="host-key-new">
            {props.fingerprint}
          </dd>
        </div>
      </dl>
      <p>{t('hostKey.changedAdvice')}</p>
      <p>{t('hostKey.changedRemedy')}</p>
    </Dialog>
  );
}
