import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { baseName, type Sep } from '../../lib/paths.ts';
import type { PaneKind } from './paneSource.ts';

export interface DropHintProps {
  kind: PaneKind;
  /** Where the dragged items come from. */
  from: 'pane' | 'os' | null;
  /** The folder that would receive them. */
  target: string;
  sep: Sep;
}

/** The pill that says what letting go will do, and where. */
export function DropHint({ kind, from, target, sep }: DropHintProps) {
  const { t } = useI18n();
  const folder = baseName(target, sep);
  if (kind === 'remote') {
    return (
      <div className="drop-hint" role="status" data-testid="drop-hint">
        <Icon name="upload" />
        {t('drop.upload', { folder })}
      </div>
    );
  }

  return (
    <div className="drop-hint" role="status" data-testid="drop-hint">
      <Icon name={from === 'os' ? 'copy' : 'download'} />
      {from === 'os' ? t('drop.copy', { folder }) : t('drop.download', { folder })}
    </div>
  );
}
