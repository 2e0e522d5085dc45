import type { Profile } from '../../../shared/types/profile.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatAddress } from '../../lib/format.ts';
import type { ConnectFailure } from '../connections/useSession.ts';

export interface ConnectPromptProps {
  profiles: Profile[];
  connectingId: string | null;
  failure: ConnectFailure | null;
  onConnect: (profileId: string) => void;
  onManage: () => void;
}

/** What the server side shows while not connected: the saved sites, one click away. */
export function ConnectPrompt(props: ConnectPromptProps) {
  const { t } = useI18n();
  const failed = props.profiles.find((p) => p.id === props.failure?.profileId);
  // A changed server identity has its own stop screen (HostKeyStop); one stop, not two.
  const failure = props.failure?.error.code === 'HOST_KEY_MISMATCH' ? null : props.failure;
  return (
    <section className="pane pane-remote pane-disconnected" data-testid="pane-remote-disconnected">
      <header className="pane-header">
        <Icon name="server" className="pane-icon" />
        <span className="pane-title">{t('browser.server')}</span>
      </header>
      <div className="connect-prompt">
        {failure && (
          <div className="connect-failure" data-testid="connect-failure">
            <ErrorMessage
              error={failure.error}
              title={
                failure.lost
                  ? t('session.lost', { name: failed?.name ?? '' })
                  : t('session.failed', { name: failed?.name ?? '' })
              }
            />
            {failed && (
              <button type="button" className="btn" onClick={() => props.onConnect(failed.id)}>
                {t('session.retry')}
              </button>
            )}
          </div>
        )}
        {props.profiles.length === 0 ? (
          <EmptyState icon="plug" title={t('session.noProfiles')}>
            <p>{t('session.noProfilesBody')}</p>
            <button type="button" className="btn btn-primary" onClick={props.onManage}>
              {t('profiles.new')}
            </button>
          </EmptyState>
        ) : (
          <>
            <h2 className="connect-heading">{t('session.pick')}</h2>
            <ul className="site-cards">
              {props.profiles.map((profile) => (
                <li key={profile.id}>
                  <button
                    type="button"
                    className="site-card"
                    disabled={props.connectingId !== null}
                    onClick={() => props.onConnect(profile.id)}
                    data-testid="site-card"
                  >
                    <Icon
                      name={props.connectingId === profile.id ? 'spinner' : 'server'}
                      className={props.connectingId === profile.id ? 'spin' : ''}
                    />
                    <span className="site-name">{profile.name}</span>
                    <span className="site-address">
                      {formatAddress(profile.user, profile.host, profile.port)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="link-button" onClick={props.onManage}>
              {t('session.manage')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
