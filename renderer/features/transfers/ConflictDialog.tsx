import { useState } from 'react';
import { ConflictSchema } from '../../../shared/schemas/transfer.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isFolder } from '../browser/entries.ts';
import type { Choice, ConflictItem } from './conflicts.ts';
import { isFolderClash, isSourceNewer } from './conflicts.ts';

export interface ConflictAnswer {
  choice: Choice;
  applyToAll: boolean;
}

export interface ConflictDialogProps {
  item: ConflictItem;
  targetDir: string;
  /** Conflicts still to decide after this one (for "apply to all"). */
  remaining: number;
  onAnswer: (answer: ConflictAnswer | null) => void;
}

/** "Keep both" appears only once the transfer service accepts it in the contract. */
const OFFERS_RENAME = (ConflictSchema.options as readonly string[]).includes('rename');

/** Asks what to do when the target already has an item of the same name. */
export function ConflictDialog({ item, targetDir, remaining, onAnswer }: ConflictDialogProps) {
  const { t, size, date, plural } = useI18n();
  const [applyToAll, setApplyToAll] = useState(false);
  const newer = isSourceNewer(item);
  const folders = isFolderClash(item);
  const answer = (choice: Choice): void => onAnswer({ choice, applyToAll });
  // A folder's own size says nothing about what is inside it.
  const sizeOf = (entry: FileEntry | undefined): string => {
    if (entry === undefined) return '—';
    return isFolder(entry) ? t('browser.folderKind') : size(entry.size);
  };

  return (
    <Dialog
      title={t('conflict.title')}
      icon="warning"
      size="wide"
      onClose={() => onAnswer(null)}
      testId="conflict-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={() => onAnswer(null)}>
            {t('conflict.cancelAll')}
          </button>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            onClick={() => answer('skip')}
            data-testid="conflict-skip"
          >
            {t('conflict.skip')}
          </button>
          {OFFERS_RENAME && (
            <button
              type="button"
              className="btn"
              onClick={() => answer('rename')}
              data-testid="conflict-rename"
            >
              {t('conflict.rename')}
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => answer('newer')}
            data-testid="conflict-newer"
          >
            {t('conflict.newer')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => answer('overwrite')}
            data-testid="conflict-overwrite"
          >
            {t('conflict.overwrite')}
          </button>
        </>
      }
    >
      <p>{t('conflict.intro', { name: item.candidate.name, folder: targetDir })}</p>
      <table className="compare-table">
        <thead>
          <tr>
            <th />
            <th>{t('browser.col.size')}</th>
            <th>{t('browser.col.modified')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('conflict.existing')}</th>
            <td>{sizeOf(item.existing)}</td>
            <td>{date(item.existing.modifiedMs)}</td>
          </tr>
          <tr>
            <th scope="row">{t('conflict.incoming')}</th>
            <td>{sizeOf(item.source)}</td>
            <td>{item.source ? date(item.source.modifiedMs) : '—'}</td>
          </tr>
        </tbody>
      </table>
      {newer !== undefined && (
        <p className="hint" data-testid="conflict-newer-hint">
          {newer ? t('conflict.incomingNewer') : t('conflict.incomingOlder')}
        </p>
      )}
      {folders && (
        <ul className="hint conflict-choices" data-testid="conflict-folder-help">
          <li>{t('conflict.folderMerge')}</li>
          <li>{t('conflict.folderNewer')}</li>
          {OFFERS_RENAME && <li>{t('conflict.folderRename')}</li>}
          <li>{t('conflict.folderSkip')}</li>
        </ul>
      )}
      {remaining > 0 && (
        <label className="check">
          <input
            type="checkbox"
            checked={applyToAll}
            onChange={(e) => setApplyToAll(e.target.checked)}
          />
          <span>
            {plural({ one: 'conflict.applyAll.one', other: 'conflict.applyAll.other' }, remaining)}
          </span>
        </label>
      )}
    </Dialog>
  );
}
