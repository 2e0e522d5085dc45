import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { FileList, type FileListProps } from './FileList.tsx';

/** The list, or in its place why the folder could not be shown, with a way out. */
export function PaneBody(props: FileListProps) {
  const { t } = useI18n();
  const { pane } = props;

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
          <button type="button" className="btn" onClick={() => pane.refresh()}>
            {t('browser.tryAgain')}
          </button>
        </div>
      </div>
    );
  }

  return <FileList {...props} />;
}
