import type { SerializedAppError } from '../../shared/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { detailLines } from './errorDetails.ts';
import { Icon } from './Icon.tsx';

export interface ErrorMessageProps {
  error: SerializedAppError;
  /** Plain-words lead-in, e.g. "Could not open this folder." */
  title?: string;
  compact?: boolean;
}

/**
 * An error in the user's words, chosen by code. The developer message and any stack stay out
 * of sight; the disclosure shows only the code and the labelled details (see errorDetails).
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
            {detailLines(error, t).map((line) => (
              <div key={line.key} className="detail-line">
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
    </div>
  );
}
