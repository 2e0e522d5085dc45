import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isFolder } from './entries.ts';
import type { PaneState } from './usePane.ts';
import { useSlowLoading } from './useSlowLoading.ts';

/**
 * "1,204 items · 3 selected (12.5 MB)" under the list, with `hint` once something is
 * selected; while a long listing streams in, how
 * many arrived so far with Cancel; after Cancel, that the list is incomplete.
 */
export function PaneStatus({ pane, hint }: { pane: PaneState; hint?: string | undefined }) {
  const { plural, size, t } = useI18n();
  const slow = useSlowLoading(pane);
  // With no rows yet, the list itself shows the loading notice and its Cancel.
  if (slow && pane.view.length > 0) return <StreamingStatus pane={pane} />;
  if (pane.status !== 'ready') return <footer className="pane-status" />;

  let bytes = 0;
  let count = 0;
  let files = 0;
  if (pane.selection.selected.size > 0) {
    for (const entry of pane.view) {
      if (!pane.selection.selected.has(entry.path)) continue;
      count += 1;
      if (isFolder(entry)) continue;
      files += 1;
      bytes += entry.size;
    }
  }
  const shown = pane.view.length;
  return (
    <footer className="pane-status" data-testid="pane-status">
      {pane.stopped ? (
        <span className="pane-stopped" data-testid="pane-stopped">
          {plural({ one: 'browser.stopped.one', other: 'browser.stopped.other' }, pane.total)}
        </span>
      ) : (
        <span>
          {plural({ one: 'browser.items.one', other: 'browser.items.other' }, shown)}
          {shown !== pane.total &&
            ` ${t('browser.ofTotal', { total: pane.total.toLocaleString() })}`}
        </span>
      )}
      {count > 0 && (
        <span>
          {plural({ one: 'browser.selected.one', other: 'browser.selected.other' }, count)}
          {files > 0 && ` (${size(bytes)})`}
        </span>
      )}
      {/* Where the user meets it: with something selected, what else a drag can do. */}
      {count > 0 && hint && (
        <span className="pane-hint" title={hint} data-testid="pane-hint">
          {hint}
        </span>
      )}
    </footer>
  );
}

function StreamingStatus({ pane }: { pane: PaneState }) {
  const { plural, t } = useI18n();
  return (
    <footer className="pane-status" data-testid="pane-streaming">
      <span className="pane-streaming">
        <Icon name="spinner" className="spin" />
        {plural({ one: 'browser.soFar.one', other: 'browser.soFar.other' }, pane.total)}
      </span>
      {/* Rows keep their place while they arrive; the list is sorted once at the end. */}
      <span className="pane-unsorted" data-testid="pane-unsorted">
        {t('browser.sortedWhenDone')}
      </span>
      <button type="button" className="link-button" onClick={pane.cancel} data-testid="pane-cancel">
        {t('common.cancel')}
      </button>
    </footer>
  );
}
