import {
  DEFAULT_SIMULTANEOUS_TRANSFERS,
  MAX_SIMULTANEOUS_TRANSFERS,
} from '../../../shared/schemas/settings.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useSettings } from '../settings/useSettings.ts';

const CHOICES = Array.from({ length: MAX_SIMULTANEOUS_TRANSFERS }, (_, i) => i + 1);

/**
 * How many files transfer at the same time, kept in the settings so it holds after a restart;
 * main applies it at once (files already moving finish, the next wait for a free slot). Small
 * files are not counted by the queue, so this is about the large ones.
 */
export function FilesAtOnce() {
  const { t, plural } = useI18n();
  const { settings, update } = useSettings();
  const files = settings.simultaneousTransfers ?? DEFAULT_SIMULTANEOUS_TRANSFERS;
  const choose = (value: number): void => void update({ simultaneousTransfers: value });

  return (
    <select
      className="files-at-once"
      value={files}
      aria-label={t('queue.filesAtOnce')}
      title={t('queue.filesAtOnce')}
      onChange={(e) => choose(Number(e.target.value))}
      data-testid="queue-files-at-once"
    >
      {CHOICES.map((value) => (
        <option key={value} value={value}>
          {plural({ one: 'queue.filesAtOnce.one', other: 'queue.filesAtOnce.other' }, value)}
        </option>
      ))}
    </select>
  );
}
