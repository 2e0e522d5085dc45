import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FileList, type FileListProps } from './FileList.tsx';

/** Loading notices appear only after this long, so quick folders do not flash. */
const LOADING_DELAY_MS = 200;

/** The list, or what stands in its place: loading (with Cancel), failed, or empty. */
export function PaneBody(props: FileListProps) {
  const { t } = useI18n();
  const { pane } = props;
  // Which folder has been loading for longer than the delay (none while it is quick).
  const [slowPath, setSlowPath] = useState<string | null>(null);
  const loading = pane.status === 'loading';

  useEffect(() => {
    if (!loading) return undefined;
    const timer = window.setTimeout(() => setSlowPath(pane.path), LOADING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [loading, pane.path]);

  if (loading) {
    if (slowPath !== pane.path) return <div className="pane-state" />;
    return (
      <EmptyState icon="spinner" title={t('browser.loading')} testId="pane-loading">
        <button type="button" className="btn" onClick={pane.cancel} data-testid="pane-cancel">
          {t('common.cancel')}
        </button>
      </EmptyState>
    );
  }

  if (pane.status === 'error' && pane.error) {
    return (
      <div className="pane-state pane-error" data-testid="pane-error">
        <ErrorMessage error={pane.error} title={t('browser.openFailed')} />
        <div className="row-actions">
          {pane.canGoBack && (
            <button type="button" className="btn" onClick={pane.back}>
              {t('browser.back')}
            </button>
          )}
          <button type="button" className="btn" onClick={() => void pane.refresh()}>
            {t('browser.tryAgain')}
          </button>
        </div>
      </div>
    );
  }

  if (pane.total === 0) {
    return (
      <div className="pane-empty-wrap" onContextMenu={(e) => props.onMenu(e, [])}>
        <EmptyState icon="folder" title={t('browser.emptyTitle')} testId="pane-empty">
          <p>{t('browser.emptyBody')}</p>
        </EmptyState>
      </div>
    );
  }

  return <FileList {...props} />;
}
