import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { Icon } from '../../components/Icon.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { percent } from '../../lib/format.ts';
import type { PgpKeyInfo } from '../../lib/pgpKeys.ts';
import { FilesAtOnce } from './FilesAtOnce.tsx';
import { JobRow } from './JobRow.tsx';
import { overallTone, summarize } from './jobs.ts';
import { SpeedLimit } from './SpeedLimit.tsx';
import type { TransfersState } from './useTransfers.ts';

export interface TransferPanelProps {
  transfers: TransfersState;
  /** The app's OpenPGP keys, naming who a job encrypts to or who signed a download. */
  pgpKeys: readonly PgpKeyInfo[];
}

/** The queue under the panes: a summary line with the overall bar, then every job. */
export function TransferPanel({ transfers, pgpKeys }: TransferPanelProps) {
  const { t, plural, rate, eta } = useI18n();
  const { jobs } = transfers;
  const [open, setOpen] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const summary = useMemo(() => summarize(jobs), [jobs]);
  const active = summary.running + summary.queued;
  const held = summary.paused + summary.waiting;
  const finished = summary.done + summary.failed + summary.cancelled;
  // TanStack Virtual returns fresh functions each render; React Compiler skips this
  // component, which is what the library expects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: open ? jobs.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => 64,
    overscan: 6,
    getItemKey: (index) => jobs[index]?.id ?? index,
  });

  const summaryText = (): string => {
    if (jobs.length === 0) return t('queue.empty');
    const heldText = plural({ one: 'queue.held.one', other: 'queue.held.other' }, held);
    if (active === 0 && held > 0) return heldText;
    if (active === 0) return t('queue.allDone', { done: summary.done, failed: summary.failed });
    const count = plural({ one: 'queue.active.one', other: 'queue.active.other' }, active);
    const moving = `${count} · ${rate(summary.rate)} · ${eta(summary.etaSeconds)}`;
    return held > 0 ? `${moving} · ${heldText}` : moving;
  };

  return (
    <section
      className={`transfer-panel${open ? ' open' : ''}`}
      aria-label={t('queue.title')}
      data-testid="transfer-panel"
    >
      <header className="queue-header">
        <button
          type="button"
          className="queue-toggle"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} />
          <span className="queue-title">{t('queue.title')}</span>
        </button>
        <span className="queue-summary" data-testid="queue-summary">
          {summaryText()}
        </span>
        {jobs.length > 0 && (
          <ProgressBar
            value={percent(summary.bytesDone, summary.bytesTotal)}
            tone={overallTone(summary)}
            label={t('queue.overall')}
          />
        )}
        <span className="spacer" />
        {/* One unit, so a narrow window wraps the two limits together. */}
        <span className="queue-limits">
          <SpeedLimit />
          <FilesAtOnce />
        </span>
        {active + summary.waiting > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void transfers.pauseAll()}
            data-testid="queue-pause-all"
          >
            {t('queue.pauseAll')}
          </button>
        )}
        {summary.paused > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void transfers.resumeAll()}
            data-testid="queue-resume-all"
          >
            {t('queue.resumeAll')}
          </button>
        )}
        {active + held > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void transfers.cancelAll()}
            data-testid="queue-cancel-all"
          >
            {t('queue.cancelAll')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void transfers.clearFinished()}
          disabled={finished === 0}
          data-testid="queue-clear"
        >
          {t('queue.clearFinished')}
        </button>
      </header>
      {open && (
        <div
          ref={scroller}
          className={jobs.length === 0 ? 'queue-list empty' : 'queue-list'}
          data-testid="queue-list"
        >
          {jobs.length === 0 ? (
            <p className="queue-hint">{t('queue.hint')}</p>
          ) : (
            <div className="queue-rows" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const job = jobs[item.index];
                if (!job) return null;
                return (
                  <div
                    key={item.key}
                    ref={virtualizer.measureElement}
                    data-index={item.index}
                    className="queue-item"
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    <JobRow
                      job={job}
                      pgpKeys={pgpKeys}
                      onCancel={(id) => void transfers.cancel(id)}
                      onPause={(id) => void transfers.pause(id)}
                      onResume={(id) => void transfers.resume(id)}
                      onRetry={(id, c) => void transfers.retry(id, c)}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
