import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useSettings } from '../settings/useSettings.ts';

const MiB = 1024 * 1024;
/** Bytes per second; 0 is no limit. Enough choices to leave room on a shared office line. */
const CHOICES = [0, MiB / 4, MiB, 5 * MiB, 10 * MiB, 50 * MiB];

/**
 * The bandwidth limit for all transfers together, kept in the settings so it holds after a
 * restart; main applies it to running transfers at once.
 */
export function SpeedLimit() {
  const { t, rate } = useI18n();
  const { settings, update } = useSettings();
  const limit = settings.bandwidthLimit ?? 0;
  const choose = (value: number): void => void update({ bandwidthLimit: value });
  const choices = CHOICES.includes(limit) ? CHOICES : [...CHOICES, limit].sort((a, b) => a - b);

  return (
    <select
      className="speed-limit"
      value={limit}
      aria-label={t('queue.speedLimit')}
      title={t('queue.speedLimit')}
      onChange={(e) => choose(Number(e.target.value))}
      data-testid="queue-speed-limit"
    >
      {choices.map((value) => (
        <option key={value} value={value}>
          {value === 0 ? t('queue.noLimit') : t('queue.limitTo', { rate: rate(value) })}
        </option>
      ))}
    </select>
  );
}
