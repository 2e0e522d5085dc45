import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Profile } from '../../../shared/types/profile.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatAddress } from '../../lib/format.ts';
import type { SessionState } from '../connections/useSession.ts';
import { ConflictDialog } from '../transfers/ConflictDialog.tsx';
import type { TransfersState } from '../transfers/useTransfers.ts';
import { ConnectPrompt } from './ConnectPrompt.tsx';
import { DrivePicker } from './DrivePicker.tsx';
import { Pane } from './Pane.tsx';
import { localSource, remoteSource } from './paneSource.ts';
import { useLocalHome } from './useLocalHome.ts';
import { useTransferActions } from './useTransferActions.ts';
import { DragOutToast } from './DragOutToast.tsx';

export interface BrowserViewProps {
  session: SessionState;
  profiles: Profile[];
  showHidden: boolean;
  transfers: TransfersState;
  /** A folder to open on the server side for this session (from an sftp:// link). */
  remoteStart: { sessionId: string; path: string } | null;
  onManageProfiles: () => void;
}

const trimSep = (path: string): string => (path.length > 1 ? path.replace(/[\\/]+$/, '') : path);

/** The commander view: this computer on the left, the server on the right. */
export function BrowserView(props: BrowserViewProps) {
  const { t } = useI18n();
  const { session: sessionState, transfers } = props;
  const session = sessionState.session;
  const { home, drives } = useLocalHome();
  const [refresh, setRefresh] = useState({ local: 0, remote: 0 });
  const [paths, setPaths] = useState({ local: '', remote: '' });
  const profile = props.profiles.find((p) => p.id === session?.profileId);
  const sep = home?.sep ?? '/';

  const local = useMemo(() => localSource(sep), [sep]);
  const remote = useMemo(() => (session ? remoteSource(session.sessionId) : null), [session]);
  const { onJobEnded } = transfers;

  // Connecting with a profile that names a local folder opens it there; disconnecting does
  // not move the local pane, so the user keeps their place.
  const [profileStart, setProfileStart] = useState<{ session: string; path: string } | null>(null);
  const profileFolder = profile?.localFolder ?? null;
  if (session && profileFolder !== null && profileStart?.session !== session.sessionId) {
    setProfileStart({ session: session.sessionId, path: profileFolder });
  }
  const localStart = profileStart?.path ?? home?.path ?? null;

  // A transfer into the folder a pane shows makes that pane reload once it ends, done or
  // failed (a failed one may have left files, such as a download kept encrypted).
  useEffect(
    () =>
      onJobEnded((job) => {
        const side = job.direction === 'upload' ? 'remote' : 'local';
        if (trimSep(job.targetDir) !== trimSep(paths[side])) return;
        setRefresh((r) => ({ ...r, [side]: r[side] + 1 }));
      }),
    [onJobEnded, paths],
  );

  const onLocalPath = useCallback((p: string) => setPaths((s) => ({ ...s, local: p })), []);
  const onRemotePath = useCallback((p: string) => setPaths((s) => ({ ...s, remote: p })), []);

  const actions = useTransferActions(session, sep, paths);

  return (
    <div className="browser-view" data-testid="browser-view">
      {actions.error && (
        <div className="browser-error">
          <ErrorMessage error={actions.error} title={t('browser.transferFailed')} compact />
          <button
            type="button"
            className="icon-button"
            onClick={actions.clearError}
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
            onTransfer={(entries) => void actions.send('upload', entries)}
            onPaneDrop={actions.dropOnLocal}
            onFilesDrop={actions.copyFiles}
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
            startPath={
              props.remoteStart?.sessionId === session.sessionId
                ? props.remoteStart.path
                : session.startPath
            }
            title={profile?.name ?? session.host}
            subtitle={formatAddress(session.user, session.host, session.port)}
            hiddenDefault={props.showHidden}
            refreshKey={refresh.remote}
            canTransfer
            transferLabel={t('menu.download')}
            onPathChange={onRemotePath}
            onTransfer={(entries) => void actions.send('download', entries)}
            onPaneDrop={actions.dropOnRemote}
            onFilesDrop={actions.uploadFiles}
            onDragOut={actions.dragOut}
            extraMenu={(entries) => [
              {
                id: 'downloadTo',
                label: t('menu.downloadTo'),
                icon: 'download',
                onSelect: () => void actions.downloadTo(entries),
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
      {actions.drag.preparing && (
        <DragOutToast progress={actions.drag.preparing} onCancel={actions.drag.cancel} />
      )}
      {actions.pending && (
        <ConflictDialog
          key={actions.pending.item.candidate.path}
          item={actions.pending.item}
          targetDir={actions.pending.targetDir}
          remaining={actions.pending.remaining}
          onAnswer={actions.pending.answer}
        />
      )}
    </div>
  );
}
