import { useState, type DragEvent } from 'react';
import { useDragOut, type DragOut } from './useDragOut.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { api } from '../../api/client.ts';
import { baseName, type Sep } from '../../lib/paths.ts';
import type { SessionInfo } from '../connections/useSession.ts';
import type { Candidate } from '../transfers/conflicts.ts';
import { useStartTransfer, type PendingConflict } from '../transfers/useStartTransfer.ts';
import { copyRefusal } from './copyRefusal.ts';
import type { PaneDrag } from './dragData.ts';

const asCandidate = (entry: FileEntry): Candidate => ({ path: entry.path, name: entry.name });
const pathCandidate = (path: string, sep: Sep): Candidate => ({ path, name: baseName(path, sep) });

export interface TransferActions {
  error: AppError | null;
  clearError(): void;
  pending: PendingConflict | null;
  send(direction: 'upload' | 'download', entries: FileEntry[], dir?: string): Promise<void>;
  dropOnRemote(drag: PaneDrag, targetDir: string): void;
  dropOnLocal(drag: PaneDrag, targetDir: string): void;
  uploadFiles(files: File[], targetDir: string): void;
  copyFiles(files: File[], targetDir: string): void;
  downloadTo(entries: FileEntry[]): Promise<void>;
  dragOut(event: DragEvent, entries: FileEntry[]): boolean;
  /** An Alt-drag's copies being prepared, and how to stop them. */
  drag: DragOut;
}

/**
 * Everything that starts a transfer from the panes: menu items, double-clicks, drags between
 * the panes, files dropped from the OS, and Alt-drags out to the desktop. `paths` are the
 * folders the panes show, the default targets.
 */
export function useTransferActions(
  session: SessionInfo | null,
  sep: Sep,
  paths: { local: string; remote: string },
): TransferActions {
  const starter = useStartTransfer();
  const [error, setError] = useState<AppError | null>(null);
  const drag = useDragOut(setError);

  const start = async (direction: 'upload' | 'download', sources: Candidate[], dir?: string) => {
    if (!session || sources.length === 0) return;
    setError(null);
    const targetDir = dir ?? (direction === 'upload' ? paths.remote : paths.local);
    const req = { direction, sessionId: session.sessionId, sources, targetDir } as const;
    setError(await starter.start(req));
  };

  const dropOnRemote = (drag: PaneDrag, targetDir: string): void => {
    void start('upload', drag.entries.map(asCandidate), targetDir);
  };
  const dropOnLocal = (drag: PaneDrag, targetDir: string): void => {
    // A drag from a session that has since closed must not download from the new one.
    if (drag.sourceId !== session?.sessionId) return;
    void start('download', drag.entries.map(asCandidate), targetDir);
  };

  const uploadFiles = async (files: File[], targetDir: string): Promise<void> => {
    const sources = files.map((f) => pathCandidate(api.pathForFile(f), sep));
    await start(
      'upload',
      sources.filter((s) => s.path !== ''),
      targetDir,
    );
  };

  // Files dropped from the OS onto this computer's side are copied into the folder, as the
  // OS's own file manager would; no session is needed.
  const copyFiles = async (files: File[], targetDir: string): Promise<void> => {
    const dropped = files.map((file) => api.pathForFile(file)).filter((path) => path !== '');
    const refusal = copyRefusal(dropped, targetDir, sep);
    setError(refusal);
    if (dropped.length === 0 || refusal !== null) return;
    const sources = dropped.map((path) => pathCandidate(path, sep));
    const req = { direction: 'copy', sources, targetDir } as const;
    setError(await starter.start(req));
  };

  const downloadTo = async (entries: FileEntry[]): Promise<void> => {
    const { paths: chosen } = await api.call('dialogs:openFolder', { purpose: 'downloadTarget' });
    if (chosen[0] !== undefined) await start('download', entries.map(asCandidate), chosen[0]);
  };

  // Alt-drag hands the selected remote files and folders to the OS (desktop, Explorer,
  // Finder); main downloads them all to a temporary folder first and starts the OS drag only
  // once every one is complete. Plain drags stay inside the window.
  // Known shortcoming: the OS drag starts only when the downloads are done, so the mouse
  // button must still be held by then; what each OS does with a drag started after the button
  // went up was not tried (the Electron binary cannot run on our build machines).
  const dragOut = (event: DragEvent, entries: FileEntry[]): boolean => {
    const movable = entries.every((e) => e.type === 'file' || e.type === 'directory');
    if (!event.altKey || !session || entries.length === 0 || !movable) return false;
    event.preventDefault();
    if (drag.preparing) return true;
    drag.start(
      session.sessionId,
      entries.map((e) => e.path),
    );
    return true;
  };

  return {
    error,
    clearError: () => setError(null),
    pending: starter.pending,
    send: (direction, entries, dir) => start(direction, entries.map(asCandidate), dir),
    dropOnRemote,
    dropOnLocal,
    uploadFiles: (files, dir) => void uploadFiles(files, dir),
    copyFiles: (files, dir) => void copyFiles(files, dir),
    downloadTo,
    dragOut,
    drag,
  };
}
