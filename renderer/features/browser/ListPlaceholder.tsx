import { EmptyState } from '../../components/EmptyState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { PaneState } from './usePane.ts';
import { useSlowLoading } from './useSlowLoading.ts';

/**
 * What the list shows when it has no rows: loading (with Cancel), an empty folder, a folder of
 * hidden items only, or nothing matching the filter. It lives inside the focusable list, so
 * the keyboard keeps working. Once rows stream in, the loading notice and Cancel move to the
 * status bar (PaneStatus).
 */
export function ListPlaceholder({ pane }: { pane: PaneState }) {
  const { plural, t } = useI18n();
  const slow = useSlowLoading(pane);

  if (pane.status === 'loading') {
    if (!slow) return null;
    return (
      <EmptyState icon="spinner" title={t('browser.loading')} testId="pane-loading">
        <button type="button" className="btn" onClick={pane.cancel} data-testid="pane-cancel">
          {t('common.cancel')}
        </button>
      </EmptyState>
    );
  }
  if (pane.total === 0) {
    return (
      <EmptyState icon="folder" title={t('browser.emptyTitle')} testId="pane-empty">
        <p>{t('browser.emptyBody')}</p>
      </EmptyState>
    );
  }
  // With no filter typed and dot files not shown, an empty view means every item is hidden:
  // say so, and where the switch is, rather than blame a filter the user never typed.
  if (pane.view.length === 0 && pane.query.trim() === '' && !pane.showHidden) {
    return (
      <p className="list-note" data-testid="pane-all-hidden">
        {plural({ one: 'browser.allHidden.one', other: 'browser.allHidden.other' }, pane.total)}
      </p>
    );
  }
  if (pane.view.length === 0) return <p className="list-note">{t('browser.nothingMatches')}</p>;

  return null;
}
