import type { ImportField, ImportSkipped } from '../../../shared/types/profile.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n, type I18n } from '../../i18n/I18nProvider.tsx';
import type { ImportFailure } from './saveImported.ts';

/** The profile form's label for each field an imported site can get wrong. */
const FIELD_LABELS: Record<ImportField, MessageKey> = {
  name: 'profile.name',
  host: 'profile.host',
  port: 'profile.port',
  user: 'profile.user',
  keyPath: 'profile.section.key',
  remoteFolder: 'profile.remoteFolder',
};

function invalidField(t: I18n['t'], field: ImportField): string {
  return t('import.skip.invalid', { field: t(FIELD_LABELS[field]) });
}

function skipReason(t: I18n['t'], s: ImportSkipped): string {
  switch (s.reason) {
    case 'noHost':
      return t('import.skip.noHost');
    case 'noUser':
      return t('import.skip.noUser');
    case 'invalid':
      return invalidField(t, s.field ?? 'name');
    case 'notSftp':
      return s.protocol === undefined
        ? t('import.skip.notSftp')
        : t('import.skip.protocol', { protocol: s.protocol });
  }
}

export interface ImportNotesProps {
  skipped: readonly ImportSkipped[];
  /** Sites the last Import did not save; null before any Import. */
  failed: readonly ImportFailure[] | null;
  savedCount: number;
}

/** Under the list of sites: the ones left out when the file was read, and the ones not saved. */
export function ImportNotes({ skipped, failed, savedCount }: ImportNotesProps) {
  const { t, plural, errorText } = useI18n();
  return (
    <>
      {failed !== null && failed.length > 0 && (
        <div className="import-failed" role="alert" data-testid="import-failed">
          <p>
            {savedCount > 0 &&
              `${plural({ one: 'import.saved.one', other: 'import.saved.other' }, savedCount)} `}
            {plural({ one: 'import.notSaved.one', other: 'import.notSaved.other' }, failed.length)}
          </p>
          <ul>
            {failed.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                <strong>{f.name}</strong>:{' '}
                {'field' in f ? invalidField(t, f.field) : errorText(f.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && (
        <details className="import-skipped">
          <summary>
            {plural({ one: 'import.skipped.one', other: 'import.skipped.other' }, skipped.length)}
          </summary>
          <ul>
            {skipped.map((s, i) => (
              <li key={`${s.name}-${i}`}>
                <strong>{s.name}</strong>: {skipReason(t, s)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
