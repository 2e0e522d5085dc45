import { useState } from 'react';
import { ErrorMessage } from './components/ErrorMessage.tsx';
import { Icon } from './components/Icon.tsx';
import { BrowserView } from './features/browser/BrowserView.tsx';
import { ConnectionsView } from './features/connections/ConnectionsView.tsx';
import { HostKeyDialog } from './features/connections/HostKeyDialog.tsx';
import { HostKeyStop } from './features/connections/HostKeyStop.tsx';
import { PassphraseDialog } from './features/connections/PassphraseDialog.tsx';
import { usePgpKeys } from './features/connections/usePgpKeys.ts';
import { useProfiles } from './features/connections/useProfiles.ts';
import type { ProfileDraft } from './features/connections/profileDraft.ts';
import { useSession } from './features/connections/useSession.ts';
import { profileForLink, useSftpLinks } from './features/connections/useSftpLinks.ts';
import { PgpPassphrasePrompts } from './features/pgp/PgpPassphrasePrompts.tsx';
import { SettingsDialog } from './features/settings/SettingsDialog.tsx';
import type { SettingsState } from './features/settings/useSettings.ts';
import { TransferPanel } from './features/transfers/TransferPanel.tsx';
import type { TransferJob } from './features/transfers/jobs.ts';
import { useTransfers } from './features/transfers/useTransfers.ts';
import type { MessageKey } from './i18n/en.ts';
import { useI18n } from './i18n/I18nProvider.tsx';

type View = 'files' | 'connections';

/** The window: header with navigation, the current view, the queue, and global dialogs. */
/**
 * The top bar without a browsing connection must not contradict the queue: transfers have
 * their own connections, which reconnect by themselves when the link drops.
 */
function offlineStatus(jobs: TransferJob[]): MessageKey {
  const remote = jobs.filter((j) => j.state === 'running' && j.direction !== 'copy');
  if (remote.some((j) => j.reconnecting)) return 'session.lostReconnecting';
  return remote.length > 0 ? 'session.offlineTransfersGoOn' : 'session.offline';
}

export function Shell({ settings }: { settings: SettingsState }) {
  const { t } = useI18n();
  const profiles = useProfiles();
  const session = useSession();
  const transfers = useTransfers();
  const pgp = usePgpKeys();
  const [view, setShownView] = useState<View>('files');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const live = session.session;
  const liveProfile = profiles.profiles.find((p) => p.id === live?.profileId);
  const mismatch = session.failure?.error.code === 'HOST_KEY_MISMATCH' ? session.failure : null;
  const passProfile = profiles.profiles.find((p) => p.id === session.passphrase?.profileId);

  // An sftp:// link: connect with the matching profile and open its folder, or start a new
  // profile filled from the link when none matches.
  const [linkStart, setLinkStart] = useState<{ sessionId: string; path: string } | null>(null);
  const [prefill, setPrefill] = useState<Partial<ProfileDraft> | null>(null);
  const setView = (next: View): void => {
    // A link's prefilled profile is offered once; leaving the form lets it go.
    if (next !== 'connections') setPrefill(null);
    setShownView(next);
  };
  useSftpLinks(!profiles.loading, (link) => {
    const match = profileForLink(profiles.profiles, link);
    if (match === undefined) {
      setPrefill({
        name: link.host,
        host: link.host,
        port: String(link.port),
        user: link.user ?? '',
        remoteFolder: link.path,
      });
      setView('connections');
      return;
    }
    setView('files');
    void session.connect(match.id).then((info) => {
      if (info) setLinkStart({ sessionId: info.sessionId, path: link.path });
    });
  });

  const connect = (profileId: string, passphrase?: string, save?: boolean): void => {
    setView('files');
    void session.connect(
      profileId,
      passphrase === undefined ? {} : { passphrase, savePassphrase: save },
    );
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Pyplan Transfer</span>
        </div>
        <nav className="app-nav" aria-label={t('nav.label')}>
          <button
            type="button"
            className={view === 'files' ? 'active' : ''}
            aria-current={view === 'files' ? 'page' : undefined}
            onClick={() => setView('files')}
            data-testid="nav-files"
          >
            <Icon name="folder" />
            {t('nav.files')}
          </button>
          <button
            type="button"
            className={view === 'connections' ? 'active' : ''}
            aria-current={view === 'connections' ? 'page' : undefined}
            onClick={() => setView('connections')}
            data-testid="nav-connections"
          >
            <Icon name="server" />
            {t('nav.connections')}
          </button>
        </nav>
        <span className="spacer" />
        <span className={`status-chip${live ? ' online' : ''}`} data-testid="status-chip">
          <span className="dot" aria-hidden="true" />
          <span className="status-text">
            {session.connectingId
              ? t('session.connecting')
              : live
                ? t('session.connectedTo', { name: liveProfile?.name ?? live.host })
                : t(offlineStatus(transfers.jobs))}
          </span>
        </span>
        <button
          type="button"
          className="icon-button"
          onClick={() => setSettingsOpen(true)}
          aria-label={t('settings.title')}
          title={t('settings.title')}
          data-testid="open-settings"
        >
          <Icon name="gear" />
        </button>
      </header>
      {profiles.error && <ErrorMessage error={profiles.error} title={t('profiles.loadFailed')} />}
      <div className="app-body">
        {view === 'connections' && !profiles.loading ? (
          <ConnectionsView
            profiles={profiles}
            pgpKeys={pgp.keys}
            connectedId={live?.profileId ?? null}
            connectingId={session.connectingId}
            onConnect={(id) => connect(id)}
            onOpen={() => setView('files')}
            prefill={prefill}
          />
        ) : (
          <BrowserView
            session={session}
            profiles={profiles.profiles}
            showHidden={settings.settings.showHidden}
            transfers={transfers}
            remoteStart={linkStart}
            onManageProfiles={() => setView('connections')}
          />
        )}
      </div>
      {view === 'files' && <TransferPanel transfers={transfers} pgpKeys={pgp.keys} />}
      <HostKeyDialog />
      <PgpPassphrasePrompts />
      {mismatch && (
        <HostKeyStop
          host={String(mismatch.error.details.host ?? '')}
          port={Number(mismatch.error.details.port ?? 22)}
          keyType={
            mismatch.error.details.keyType === undefined
              ? undefined
              : String(mismatch.error.details.keyType)
          }
          expected={
            mismatch.error.details.expected === undefined
              ? undefined
              : String(mismatch.error.details.expected)
          }
          fingerprint={String(mismatch.error.details.fingerprint ?? '')}
          onClose={session.dismiss}
        />
      )}
      {session.passphrase && (
        <PassphraseDialog
          subject={passProfile?.name ?? ''}
          wrong={session.passphrase.wrong}
          onSubmit={(pass, remember) =>
            connect(session.passphrase?.profileId ?? '', pass, remember)
          }
          onCancel={session.dismiss}
        />
      )}
      {settingsOpen && (
        <SettingsDialog
          settings={settings}
          pgpKeys={pgp.keys}
          profiles={profiles.profiles}
          onPgpChanged={pgp.reload}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </div>
  );
}
