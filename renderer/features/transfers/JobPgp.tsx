import { Icon } from '../../components/Icon.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { keyLabel, recipientLabels, type PgpKeyInfo } from '../../lib/pgpKeys.ts';
import type { TransferJob } from './jobs.ts';

export interface JobPgpProps {
  pgp: TransferJob['pgp'];
  /** The app's OpenPGP keys, to name recipients and signers by their user IDs. */
  keys: readonly PgpKeyInfo[];
}

type Signature = NonNullable<TransferJob['pgp']['signature']>;

const SIGNED_BY: Record<Exclude<Signature, 'unsigned'>, MessageKey> = {
  valid: 'queue.sig.validBy',
  invalid: 'queue.sig.invalidBy',
  unknownKey: 'queue.sig.unknownKeyBy',
};

const ENCRYPT_FOR: Record<'pending' | 'done' | 'failed', MessageKey> = {
  pending: 'queue.pgp.encrypt.pendingFor',
  done: 'queue.pgp.encrypt.doneFor',
  failed: 'queue.pgp.encrypt.failedFor',
};

/** A job's OpenPGP line: encrypted to whom, or decrypted and signed by whom. */
export function JobPgp({ pgp, keys }: JobPgpProps) {
  const { t } = useI18n();
  const { action, state, recipients, signature, signer } = pgp;
  if (action === 'none') return null;

  const text = (): string => {
    const deleted = (id: string) => t('queue.pgp.deletedKey', { id });
    const who =
      recipients && recipients.length > 0 ? recipientLabels(recipients, keys, deleted) : undefined;
    if (action === 'encrypt' && who !== undefined && state !== 'none') {
      return t(ENCRYPT_FOR[state], { who });
    }
    const base = t(`queue.pgp.${action}.${state}`);
    if (signature === undefined) return base;
    const sig =
      signature === 'unsigned' || signer === undefined
        ? t(`queue.sig.${signature}`)
        : t(SIGNED_BY[signature], { who: keyLabel(signer, keys) });
    return `${base} · ${sig}`;
  };

  const bad = state === 'failed' || signature === 'invalid';
  return (
    <p
      className={`job-pgp pgp-${bad ? 'failed' : state}`}
      data-testid="job-pgp"
      data-signature={signature}
    >
      <Icon name="lock" />
      <span className="job-pgp-text">{text()}</span>
    </p>
  );
}
