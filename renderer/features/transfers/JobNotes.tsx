import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { failedOnlyToDecrypt, isFinished, keptCopies, type TransferJob } from './jobs.ts';
import type { Conflict } from './useTransfers.ts';

type WarningCode = TransferJob['warnings'][number]['code'];

const WARNING_TEXT: Record<Exclude<WarningCode, 'SKIPPED_EXISTING'>, MessageKey> = {
  ATTRIBUTES_NOT_SET: 'queue.warn.attributes',
  NOT_VERIFIED: 'queue.warn.notVerified',
  SKIPPED_UNSAFE_NAME: 'queue.warn.unsafeName',
  SKIPPED_LINK: 'queue.warn.link',
  RESTARTED_CHANGED: 'queue.warn.restarted',
};

export interface JobNotesProps {
  job: TransferJob;
  onRetry: (jobId: string, conflict?: Conflict) => void;
}

/**
 * What a finished job wants the user to know besides "done": files kept because they were
 * already there (with a way to replace them), files inside a folder that failed (with their
 * reasons), downloads kept encrypted because they could not be decrypted, and warnings
 * such as dates the server would not set. Texts are chosen by code; main's English messages
 * are not shown.
 */
export function JobNotes({ job, onRetry }: JobNotesProps) {
  const { t, plural, errorText } = useI18n();
  const skipped = job.warnings.filter((w) => w.code === 'SKIPPED_EXISTING').length;
  const others = [...new Set(job.warnings.map((w) => w.code))].filter(
    (code): code is Exclude<WarningCode, 'SKIPPED_EXISTING'> => code !== 'SKIPPED_EXISTING',
  );
  // Downloads that arrived but could not be decrypted are not "could not be copied": they are
  // listed apart, saying where the encrypted copy is. A lone one is already said by the job's
  // error message (JobRow).
  const notCopied = job.failed.filter((f) => f.kept === undefined);
  const kept = keptCopies(job);
  const keptListed = kept.length > 1 || (kept.length === 1 && !failedOnlyToDecrypt(job));
  if (skipped === 0 && others.length === 0 && notCopied.length === 0 && !keptListed) return null;

  return (
    <div className="job-notes" data-testid="job-notes">
      {skipped > 0 && (
        <p className="job-note">
          {plural({ one: 'queue.skipped.one', other: 'queue.skipped.other' }, skipped)}{' '}
          {/* A job runs again only once it has finished. */}
          {isFinished(job.state) && (
            <button
              type="button"
              className="link-button"
              onClick={() => onRetry(job.id, 'overwrite')}
            >
              {plural(
                { one: 'queue.replaceSkipped.one', other: 'queue.replaceSkipped.other' },
                skipped,
              )}
            </button>
          )}
        </p>
      )}
      {others.map((code) => (
        <p key={code} className="job-note">
          {t(WARNING_TEXT[code])}
        </p>
      ))}
      {keptListed && (
        <details className="job-failed" data-testid="job-not-decrypted">
          <summary className="job-note danger">
            {plural(
              { one: 'queue.notDecryptedFiles.one', other: 'queue.notDecryptedFiles.other' },
              kept.length,
            )}
          </summary>
          <ul>
            {kept.map((f) => (
              <li key={f.path}>
                <code>{f.kept}</code> — {errorText(f.error)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {notCopied.length > 0 && (
        <details className="job-failed">
          <summary className="job-note danger">
            {plural(
              { one: 'queue.failedFiles.one', other: 'queue.failedFiles.other' },
              notCopied.length,
            )}
          </summary>
          <ul>
            {notCopied.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> — {errorText(f.error)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
