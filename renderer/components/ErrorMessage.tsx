import type { SerializedAppError } from '../../shared/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Icon } from './Icon.tsx';

export interface ErrorMessageProps {
  error: SerializedAppError;
  /** Plain-words lead-in, e.g. "Could not open this folder." */
  title?: string;
  compact?: boolean;
}

/** Labels for the details most errors carry; any other detail shows under its own name. */
const LABELS: Readonly<Record<string, MessageKey>> = {
  code: 'details.code',
  path: 'details.path',
  host: 'details.host',
  port: 'details.port',
  user: 'details.user',
  fingerprint: 'details.fingerprint',
  symmetric: 'details.protection',
};

/** Details whose value is a fact to say in words, not a raw value to show. */
const FACTS: Readonly<Record<string, MessageKey>> = {
  symmetric: 'details.symmetric',
};

function detailLines(error: SerializedAppError): Array<[string, string]> {
  const lines: Array<[string, string]> = [['code', error.code]];
  for (const [key, value] of Object.entries(error.details ?? {})) {
    if (value === undefined || (key in FACTS && value !== true)) continue;
    lines.push([key, Array.isArray(value) ? value.join(', ') : String(value)]);
  }

  return lines;
}

/**
 * An error in the user's words, chosen by code. The developer message and any stack stay out
 * of sight; the disclosure shows only the code and the safe details main chose to send.
 */
export function ErrorMessage({ error, title, compact }: ErrorMessageProps) {
  const { t, errorText } = useI18n();
  return (
    <div className={compact ? 'error-message compact' : 'error-message'} role="alert">
      <Icon name="warning" className="error-icon" />
      <div className="error-text">
        {title && <strong className="error-title">{title}</strong>}
        <p data-testid="error-text">{errorText(error)}</p>
        <details className="error-details">
          <summary>{t('common.details')}</summary>
          <dl>
            {detailLines(error).map(([key, value]) => (
              <div key={key} className="detail-line">
                <dt>{LABELS[key] ? t(LABELS[key]) : key}</dt>
                <dd>{FACTS[key] ? t(FACTS[key]) : value}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
    </div>
  );
}
