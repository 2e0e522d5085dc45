import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { api } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { baseName, parentPath } from '../../lib/paths.ts';
import type { SessionState } from '../connections/useSession.ts';
import { ConflictDialog } from '../transfers/ConflictDialog.tsx';
import type { Candidate } from '../transfers/conflicts.ts';
import { useStartTransfer } from '../transfers/useStartTransfer.ts';
import type { TransfersState } from '../transfers/useTransfers.ts';
import { ConnectPrompt } from './ConnectPrompt.tsx';
import type { PaneDrag } from './dragData.ts';
import { DrivePicker } from './DrivePicker.tsx';
import { Pane } from './Pane.tsx';
import { localSource, remoteSource } from './paneSource.ts';
import { useLocalHome } from './useLocalHome.ts';

export interface BrowserViewProps {
  session: SessionState;
  profiles: Profile[];
  showHidden: boolean;
  transfers: TransfersState;
  onManageProfiles: () => void;
}

const asCandidate = (entry: FileEntry): Candidate => ({
  path: entry.path,
  name: entry.name,
  entry,
});

function fileCandidate(file: File, path: string, sep: '/' | '\\'): Candidate {
  const entry: FileEntry = {
    name: baseName(path, sep),
    path,
    type: 'file',
    size: file.size,
    modifiedMs: file.lastModified,
  };
  return { path, name: entry.name, entry };
}

const trimSep = (path: string): string => (path.length > 1 ? path.replace(/[\\/]+$/, '') : path);

/** The commander view: this computer on the left, the server on the right. */
export function BrowserView(props: BrowserViewProps) {
  const { t } = useI18n();
  const { session: sessionState, transfers } = props;
  const session = sessionState.session;
  const { home, drives } = useLocalHome();
  const starter = useStartTransfer();
  const [error, setError] = useState<AppError | null>(null);
  const [refresh, setRefresh] = useState({ local: 0, remote: 0 });
  const [paths, setPaths] = useState({ local: '', remote: '' });
  const profile = props.profiles.find((p) => p.id === session?.profileId);
  const sep = home?.sep ?? '/';

  const local = useMemo(() => localSource(sep), [sep]);
  const remote = useMemo(() => (session ? remoteSource(session.sessionId) : null), [session]);
  const { onJobDone } = transfers;

  // Connecting with a profile that names a local folder opens it there; disconnecting does
  // not move the local pane, so the user keeps their place.
  const [profileStart, setProfileStart] = useState<{ session: string; path: string } | null>(null);
  const profileFolder = profile?.localFolder ?? null;
  if (session && profileFolder !== null && profileStart?.session !== session.sessionId) {
    setProfileStart({ session: session.sessionId, path: profileFolder });
  }
  const localStart = profileStart?.path ?? home?.path ?? null;

  // A finished transfer into the folder a pane shows makes that pane reload.
  useEffect(
    () =>
      onJobDone((job) => {
        const side = job.direction === 'upload' ? 'remote' : 'local';
        if (trimSep(job.targetDir) !== trimSep(paths[side])) return;
        setRefresh((r) => ({ ...r, [side]: r[side] + 1 }));
      }),
    [onJobDone, paths],
  );

  const onLocalPath = useCallback((p: string) => setPaths((s) => ({ ...s, local: p })), []);
  const onRemotePath = useCallback((p: string) => setPaths((s) => ({ ...s, remote: p })), []);

  const send = async (direction: 'upload' | 'download', sources: Candidate[], dir?: string) => {
    if (!session || sources.length === 0) return;
    setError(null);
    const targetDir = dir ?? (direction === 'upload' ? paths.remote : paths.local);
    const targetSep = direction === 'upload' ? '/' : sep;
    const req = { direction, sessionId: session.sessionId, sources, targetDir, targetSep } as const;
    setError(await starter.start(req));
  };

  const dropOnRemote = (drag: PaneDrag, targetDir: string): void => {
    void send('upload', drag.entries.map(asCandidate), targetDir);
  };
  const dropOnLocal = (drag: PaneDrag, targetDir: string): void => {
    // A drag from a session that has since closed must not download from the new one.
    if (drag.sourceId !== session?.sessionId) return;
    void send('download', drag.entries.map(asCandidate), targetDir);
  };

  const uploadFiles = async (files: File[], targetDir: string): Promise<null> => {
    const sources = files.map((f) => fileCandidate(f, api.pathForFile(f), sep));
    await send(
      'upload',
      sources.filter((s) => s.path !== ''),
      targetDir,
    );
    return null;
  };

  // Files dropped from the OS onto this computer's side: show where they are.
  const revealFiles = async (files: File[]): Promise<string | null> => {
    const first = files[0];
    const path = first ? api.pathForFile(first) : '';
    if (path === '') return null;
    try {
      const entry = await api.call('local:stat', { path });
      return entry.type === 'directory' ? path : parentPath(path, sep);
    } catch (err) {
      setError(toAppError(err));
      return null;
    }
  };

  const downloadTo = async (entries: FileEntry[]): Promise<void> => {
    const { paths: chosen } = await api.call('dialogs:openFolder', { purpose: 'downloadTarget' });
    if (chosen[0] !== undefined) await send('download', entries.map(asCandidate), chosen[0]);
  };

  // Alt-drag of one remote file hands it to the OS (desktop, Explorer, Finder); main
  // downloads it to a temporary folder first. Plain drags stay inside the window.
  const dragOut = (event: DragEvent, entries: FileEntry[]): boolean => {
    const [entry, ...rest] = entries;
    if (!event.altKey || !session || !entry || rest.length > 0 || entry.type !== 'file') {
      return false;
    }
    event.preventDefault();
    api
      .call('files:startDrag', { sessionId: session.sessionId, remotePath: entry.path })
      .catch((err: unknown) => setError(toAppError(err)));
    return true;
  };

  return (
    <div className="browser-view" data-testid="browser-view">
      {error && (
        <div className="browser-error">
          <ErrorMessage error={error} title={t('browser.transferFailed')} compact />
          <button
            type="button"
            className="icon-button"
            onClick={() => setError(null)}
            aria-label={t('common.close')}
          >
            ×
          </button>
        </div>
      )}
      <div className="panes">
        {localStart === null ? (
          <section className="pane">
            <EmptyState icon="spinner" title={t('browser.loading')} />
          </section>
        ) : (
          <Pane
            source={local}
            startPath={localStart}
            title={t('browser.local')}
            hiddenDefault={props.showHidden}
            refreshKey={refresh.local}
            canTransfer={session !== null}
            transferLabel={t('menu.upload')}
            onPathChange={onLocalPath}
            onTransfer={(entries) => void send('upload', entries.map(asCandidate))}
            onPaneDrop={dropOnLocal}
            onFilesDrop={revealFiles}
            homePath={home?.path}
            toolbarExtra={(open, path) =>
              drives.length > 1 ? <DrivePicker drives={drives} path={path} onOpen={open} /> : null
            }
          />
        )}
        {session && remote ? (
          <Pane
            key={session.sessionId}
            source={remote}
            startPath={session.startPath}
            title={profile?.name ?? session.host}
            subtitle={`${session.user}@${session.host}`}
            hiddenDefault={props.showHidden}
            refreshKey={refresh.remote}
            canTransfer
            transferLabel={t('menu.download')}
            onPathChange={onRemotePath}
            onTransfer={(entries) => void send('download', entries.map(asCandidate))}
            onPaneDrop={dropOnRemote}
            onFilesDrop={uploadFiles}
            onDragOut={dragOut}
            extraMenu={(entries) => [
              {
                id: 'downloadTo',
                label: t('menu.downloadTo'),
                icon: 'download',
                onSelect: () => void downloadTo(entries),
              },
            ]}
            headerExtra={
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void sessionState.disconnect()}
                data-testid="disconnect"
              >
                {t('session.disconnect')}
              </button>
            }
          />
        ) : (
          <ConnectPrompt
            profiles={props.profiles}
            connectingId={sessionState.connectingId}
            failure={sessionState.failure}
            onConnect={(id) => void sessionState.connect(id)}
            onManage={props.onManageProfiles}
          />
        )}
      </div>
      {starter.pending && (
        <ConflictDialog
          key={starter.pending.item.candidate.path}
          item={starter.pending.item}
          targetDir={starter.pending.targetDir}
          remaining={starter.pending.remaining}
          onAnswer={starter.pending.answer}
        />
      )}
    </div>
  );
}
