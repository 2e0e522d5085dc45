import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { PaneState } from './usePane.ts';

/** Loading notices appear only after this long, so quick folders do not flash. */
const LOADING_DELAY_MS = 200;

/**
 * What the list shows when it has no rows: loading (with Cancel), an empty folder, or nothing
 * matching the filter. It lives inside the focusable list, so the keyboard keeps working.
 */
export function ListPlaceholder({ pane }: { pane: PaneState }) {
  const { t } = useI18n();
  // Which folder has been loading for longer than the delay (none while it is quick).
  const [slowPath, setSlowPath] = useState<string | null>(null);
  const loading = pane.status === 'loading';

  useEffect(() => {
    if (!loading) return undefined;
    const timer = window.setTimeout(() => setSlowPath(pane.path), LOADING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [loading, pane.path]);

  if (loading) {
    if (slowPath !== pane.path) return null;
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
  if (pane.view.length === 0) return <p className="list-note">{t('browser.nothingMatches')}</p>;

  return null;
}
