import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { PaneState } from './usePane.ts';

export interface PaneToolbarProps {
  pane: PaneState;
  canGoUp: boolean;
  onHome?: () => void;
  onNewFolder: () => void;
  children?: ReactNode;
}

/** Back, up, refresh, home and new folder, then the filter box and the hidden-files switch. */
export function PaneToolbar({ pane, canGoUp, onHome, onNewFolder, children }: PaneToolbarProps) {
  const { t } = useI18n();
  const loading = pane.status === 'loading';
  return (
    <div className="pane-toolbar" role="toolbar">
      <button
        type="button"
        className="icon-button"
        onClick={pane.back}
        disabled={!pane.canGoBack}
        title={t('browser.back')}
        aria-label={t('browser.back')}
      >
        <Icon name="back" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={pane.up}
        disabled={!canGoUp}
        title={t('browser.up')}
        aria-label={t('browser.up')}
        data-testid="pane-up"
      >
        <Icon name="up" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => void pane.refresh()}
        disabled={loading}
        title={t('browser.refresh')}
        aria-label={t('browser.refresh')}
        data-testid="pane-refresh"
      >
        <Icon name="refresh" className={loading ? 'spin' : ''} />
      </button>
      {onHome && (
        <button
          type="button"
          className="icon-button"
          onClick={onHome}
          title={t('browser.home')}
          aria-label={t('browser.home')}
        >
          <Icon name="home" />
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        onClick={onNewFolder}
        title={t('ops.newFolder')}
        aria-label={t('ops.newFolder')}
        data-testid="pane-mkdir"
      >
        <Icon name="newFolder" />
      </button>
      {children}
      <span className="spacer" />
      <label className="filter-box">
        <Icon name="search" />
        <input
          type="search"
          value={pane.query}
          placeholder={t('browser.filter')}
          aria-label={t('browser.filter')}
          data-testid="pane-filter"
          onChange={(e) => pane.setQuery(e.target.value)}
        />
      </label>
      <button
        type="button"
        className={`icon-button toggle${pane.showHidden ? ' on' : ''}`}
        aria-pressed={pane.showHidden}
        onClick={() => pane.setShowHidden(!pane.showHidden)}
        title={t('browser.showHidden')}
        aria-label={t('browser.showHidden')}
        data-testid="pane-hidden"
      >
        <Icon name="eye" />
      </button>
    </div>
  );
}
