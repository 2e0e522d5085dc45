import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isFolder } from './entries.ts';
import type { PaneState } from './usePane.ts';

/** "1,204 items · 3 selected (12.5 MB)" under the list. */
export function PaneStatus({ pane }: { pane: PaneState }) {
  const { plural, size, t } = useI18n();
  if (pane.status !== 'ready') return <footer className="pane-status" />;

  let bytes = 0;
  let count = 0;
  if (pane.selection.selected.size > 0) {
    for (const entry of pane.view) {
      if (!pane.selection.selected.has(entry.path)) continue;
      count += 1;
      if (!isFolder(entry)) bytes += entry.size;
    }
  }
  const shown = pane.view.length;
  return (
    <footer className="pane-status" data-testid="pane-status">
      <span>
        {plural({ one: 'browser.items.one', other: 'browser.items.other' }, shown)}
        {shown !== pane.total && ` ${t('browser.ofTotal', { total: pane.total.toLocaleString() })}`}
      </span>
      {count > 0 && (
        <span>
          {plural({ one: 'browser.selected.one', other: 'browser.selected.other' }, count)} (
          {size(bytes)})
        </span>
      )}
    </footer>
  );
}
