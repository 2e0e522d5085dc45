import { useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { PromptDialog } from '../../components/PromptDialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isFolder } from './entries.ts';
import type { PaneSource } from './paneSource.ts';
import { isValidName, joinPath, parentPath } from '../../lib/paths.ts';

export type FileOp =
  | { kind: 'mkdir'; dir: string }
  | { kind: 'rename'; entry: FileEntry }
  | { kind: 'delete'; entries: FileEntry[] };

export interface FileOpsDialogsProps {
  op: FileOp;
  source: PaneSource;
  /** Names already in the folder, to refuse a taken name before asking the server. */
  taken: ReadonlySet<string>;
  onDone: (select?: string[]) => void;
  /** `changed`: part of the work happened (some items deleted) before an error. */
  onCancel: (changed: boolean) => void;
}

/** New folder, rename and delete, each with its dialog, its check and its error. */
export function FileOpsDialogs({ op, source, taken, onDone, ...props }: FileOpsDialogsProps) {
  const { t, errorText, plural } = useI18n();
  const changed = useRef(false);
  const onCancel = (): void => props.onCancel(changed.current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const run = async (work: () => Promise<string[] | undefined>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onDone(await work());
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const validate =
    (current?: string) =>
    (value: string): string | null => {
      if (!isValidName(value)) return t('ops.badName');
      if (value.trim() !== current && taken.has(value.trim())) return t('ops.nameTaken');
      return null;
    };

  if (op.kind === 'mkdir') {
    return (
      <PromptDialog
        title={t('ops.newFolder')}
        label={t('ops.folderName')}
        confirmLabel={t('ops.create')}
        validate={validate()}
        busy={busy}
        error={error && errorText(error)}
        onCancel={onCancel}
        onConfirm={(name) =>
          void run(async () => {
            const path = joinPath(op.dir, name, source.sep);
            await source.mkdir(path);
            return [path];
          })
        }
      />
    );
  }

  if (op.kind === 'rename') {
    const { entry } = op;
    return (
      <PromptDialog
        title={t('ops.renameTitle', { name: entry.name })}
        label={t('ops.newName')}
        initialValue={entry.name}
        selectBaseName={!isFolder(entry)}
        confirmLabel={t('ops.rename')}
        validate={validate(entry.name)}
        busy={busy}
        error={error && errorText(error)}
        onCancel={onCancel}
        onConfirm={(name) =>
          void run(async () => {
            if (name === entry.name) return [entry.path];
            const dir = parentPath(entry.path, source.sep) ?? '.';
            const to = joinPath(dir, name, source.sep);
            await source.rename(entry.path, to);
            return [to];
          })
        }
      />
    );
  }

  const folders = op.entries.filter(isFolder).length;
  const single = op.entries.length === 1 ? op.entries[0] : undefined;
  return (
    <ConfirmDialog
      title={
        single
          ? t('ops.deleteOne', { name: single.name })
          : plural({ one: 'ops.deleteMany.one', other: 'ops.deleteMany.other' }, op.entries.length)
      }
      confirmLabel={t('common.delete')}
      danger
      busy={busy}
      onCancel={onCancel}
      onConfirm={() =>
        void run(async () => {
          for (const entry of op.entries) {
            await source.remove(entry);
            changed.current = true;
          }
          return undefined;
        })
      }
    >
      <p>{source.kind === 'remote' ? t('ops.deleteRemoteBody') : t('ops.deleteLocalBody')}</p>
      {folders > 0 && <p className="warning-text">{t('ops.deleteFoldersWarning')}</p>}
      {error && <p className="field-error">{errorText(error)}</p>}
    </ConfirmDialog>
  );
}
