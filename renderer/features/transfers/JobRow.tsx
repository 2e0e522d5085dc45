import { memo } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import type { PgpKeyInfo } from '../../lib/pgpKeys.ts';
import { JobNotes } from './JobNotes.tsx';
import { JobPgp } from './JobPgp.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { percent } from '../../lib/format.ts';
import { failedOnlyToDecrypt, isFinished, savedAs, type TransferJob } from './jobs.ts';
import type { Conflict } from './useTransfers.ts';

export interface JobRowProps {
  job: TransferJob;
  /** The app's OpenPGP keys, naming the keys a job encrypts to or was signed with. */
  pgpKeys: readonly PgpKeyInfo[];
  onCancel: (jobId: string) => void;
  onPause: (jobId: string) => void;
  onResume: (jobId: string) => void;
  onRetry: (jobId: string, conflict?: Conflict) => void;
}

const TONE = {
  queued: 'muted',
  running: 'normal',
  paused: 'muted',
  waiting: 'muted',
  done: 'success',
  failed: 'danger',
  cancelled: 'muted',
} as const;

const DIRECTION_ICON = { upload: 'upload', download: 'download', copy: 'copy' } as const;

/** One job: what, where, how far, how fast, and what can be done about it. */
export const JobRow = memo(function JobRow(props: JobRowProps) {
  const { job, pgpKeys, onCancel, onPause, onResume, onRetry } = props;
  const { t, size, rate, eta } = useI18n();
  const { progress } = job;
  const pct = percent(progress.bytesDone, progress.bytesTotal);
  const unfinished = !isFinished(job.state);
  // A waiting job can be paused too, so connecting its server later does not start it.
  const pausable = job.state === 'queued' || job.state === 'running' || job.state === 'waiting';
  const renamed = savedAs(job);
  const notDecrypted = failedOnlyToDecrypt(job);
  // A running job says which way it goes, as the direction icon does.
  const stateLabel = job.reconnecting
    ? t('queue.reconnecting')
    : job.state === 'running'
      ? t(`queue.running.${job.direction}`)
      : t(`queue.state.${job.state}`);
  const actions = [
    { shown: pausable, testId: 'job-pause', label: t('queue.pause'), run: onPause },
    {
      shown: job.state === 'paused',
      testId: 'job-resume',
      label: t('queue.resume'),
      run: onResume,
    },
    { shown: unfinished, testId: 'job-cancel', label: t('common.cancel'), run: onCancel },
    {
      shown: job.state === 'failed' || job.state === 'cancelled',
      testId: 'job-retry',
      label: t('queue.retry'),
      run: (id: string) => onRetry(id),
    },
  ];

  return (
    <div
      className={`job-row job-${job.state}`}
      data-testid="job-row"
      data-state={job.state}
      data-name={job.name}
    >
      <Icon
        name={DIRECTION_ICON[job.direction]}
        className="job-direction"
        label={t(`queue.dir.${job.direction}`)}
      />
      <div className="job-main">
        <div className="job-title">
          <span className="job-name" title={job.source}>
            {job.name}
          </span>
          {renamed !== undefined && (
            <span className="job-saved-as" title={job.resultPath} data-testid="job-saved-as">
              {t('queue.savedAs', { name: renamed })}
            </span>
          )}
          <span className="job-target" title={job.targetDir}>
            → {job.targetDir}
          </span>
        </div>
        <div className="job-progress">
          <ProgressBar
            value={job.state === 'queued' ? 0 : pct}
            tone={TONE[job.state]}
            label={job.name}
          />
          <span className="job-numbers">
            {size(progress.bytesDone)} / {size(progress.bytesTotal)}
            {progress.filesTotal > 1 &&
              ` · ${t('queue.files', { done: progress.filesDone, total: progress.filesTotal })}`}
            {/* While reconnecting, the last rate and time left would be stale: not shown. */}
            {job.state === 'running' &&
              !job.reconnecting &&
              ` · ${rate(progress.rate)} · ${eta(progress.etaSeconds)}`}
          </span>
        </div>
        <JobPgp pgp={job.pgp} keys={pgpKeys} />
        {job.state === 'failed' && job.error && (
          <ErrorMessage
            error={job.error}
            compact
            // The file is there, only not decrypted: said first, before the reason.
            title={notDecrypted && t('queue.notDecrypted', { name: notDecrypted.kept })}
          />
        )}
        {job.state === 'running' && job.reconnecting && (
          <p className="job-note" role="status" data-testid="job-reconnecting">
            {t('queue.reconnectingNote')}
          </p>
        )}
        {job.state === 'waiting' && (
          <p className="job-note" data-testid="job-waiting">
            {t('queue.waitingNote')}
          </p>
        )}
        <JobNotes job={job} onRetry={onRetry} />
      </div>
      <div className="job-side">
        <span
          className={`badge state-${job.reconnecting ? 'waiting' : job.state}`}
          data-testid="job-state"
        >
          {stateLabel}
        </span>
        {actions
          .filter((action) => action.shown)
          .map((action) => (
            <button
              key={action.testId}
              type="button"
              className="btn btn-small"
              onClick={() => action.run(job.id)}
              data-testid={action.testId}
            >
              {action.label}
            </button>
          ))}
      </div>
    </div>
  );
});
