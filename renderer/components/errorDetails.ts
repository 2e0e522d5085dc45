import type { SerializedAppError } from '../../shared/errors.ts';
import type { MessageKey } from '../i18n/en.ts';

/**
 * The details an error's disclosure shows, each under its label. Main also sends facts meant
 * for the logs and for choosing the message (the headers read from a key file, an SFTP status
 * number, which wording to use); named by their field, they would read as untranslated
 * jargon, so a detail shows only when it has a label here.
 */
const LABELS: Readonly<Record<string, MessageKey>> = {
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

export interface DetailLine {
  key: string;
  label: string;
  value: string;
}

/** The error code first, then every labelled detail that has something to say. */
export function detailLines(
  error: SerializedAppError,
  t: (key: MessageKey) => string,
): DetailLine[] {
  const lines: DetailLine[] = [{ key: 'code', label: t('details.code'), value: error.code }];
  for (const [key, value] of Object.entries(error.details ?? {})) {
    const label = LABELS[key];
    if (label === undefined || value === undefined) continue;
    const fact = FACTS[key];
    if (fact !== undefined) {
      if (value === true) lines.push({ key, label: t(label), value: t(fact) });
      continue;
    }
    const shown = Array.isArray(value) ? value.join(', ') : String(value);
    if (shown.trim() !== '') lines.push({ key, label: t(label), value: shown });
  }

  return lines;
}
