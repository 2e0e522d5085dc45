import { ProgressBar } from '../../components/ProgressBar.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { DragProgress } from './useDragOut.ts';

/**
 * "Preparing 3 items for dragging… 12 MB of 40 MB" with Cancel, while an Alt-drag's copies
 * download: the OS drag starts only once every one is complete. Esc cancels too.
 */
export function DragOutToast({ progress, onCancel }: { progress: DragProgress; onCancel(): void }) {
  const { plural, size, t } = useI18n();
  const { items, bytesDone, bytesTotal } = progress;
  const pct = bytesTotal > 0 ? (100 * bytesDone) / bytesTotal : undefined;
  return (
    <div className="drag-out-toast" role="status" data-testid="drag-out-toast">
      <Icon name="spinner" className="spin" />
      <div className="drag-out-text">
        <strong>
          {plural({ one: 'dragOut.preparing.one', other: 'dragOut.preparing.other' }, items)}
        </strong>
        <span data-testid="drag-out-bytes">
          {bytesTotal > 0
            ? t('dragOut.bytes', { done: size(bytesDone), total: size(bytesTotal) })
            : t('dragOut.starting')}
        </span>
        <ProgressBar value={pct} label={t('dragOut.label')} />
        <span className="hint">{t('dragOut.hint')}</span>
      </div>
      <button
        type="button"
        className="btn btn-small"
        onClick={onCancel}
        data-testid="drag-out-cancel"
      >
        {t('common.cancel')}
      </button>
    </div>
  );
}
