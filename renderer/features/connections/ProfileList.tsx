import { useState, type MouseEvent } from 'react';
import type { Profile } from '../../../shared/types/profile.ts';
import { ContextMenu, type MenuEntry } from '../../components/ContextMenu.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatAddress } from '../../lib/format.ts';

export interface ProfileListProps {
  profiles: Profile[];
  selectedId: string | null;
  connectedId: string | null;
  connectingId: string | null;
  onSelect: (id: string) => void;
  onConnect: (id: string) => void;
  /** Shows the files of the profile that is connected. */
  onOpen: () => void;
  onDuplicate: (id: string) => void;
  onDelete: (profile: Profile) => void;
}

export function ProfileList(props: ProfileListProps) {
  const { t } = useI18n();
  const [menu, setMenu] = useState<{ x: number; y: number; profile: Profile } | null>(null);

  if (props.profiles.length === 0) {
    return (
      <EmptyState icon="server" title={t('profiles.emptyTitle')} testId="profiles-empty">
        <p>{t('profiles.emptyBody')}</p>
      </EmptyState>
    );
  }

  const openMenu = (event: MouseEvent, profile: Profile): void => {
    event.preventDefault();
    props.onSelect(profile.id);
    setMenu({ x: event.clientX, y: event.clientY, profile });
  };

  const menuItems = (profile: Profile): MenuEntry[] => [
    {
      id: 'connect',
      label: t('profile.connect'),
      icon: 'plug',
      onSelect: () => props.onConnect(profile.id),
    },
    {
      id: 'edit',
      label: t('profiles.edit'),
      icon: 'pencil',
      onSelect: () => props.onSelect(profile.id),
    },
    {
      id: 'duplicate',
      label: t('profiles.duplicate'),
      icon: 'copy',
      onSelect: () => props.onDuplicate(profile.id),
    },
    'separator',
    {
      id: 'delete',
      label: t('common.delete'),
      icon: 'trash',
      danger: true,
      onSelect: () => props.onDelete(profile),
    },
  ];

  return (
    <>
      <ul className="profile-list" aria-label={t('profiles.title')} data-testid="profile-list">
        {props.profiles.map((profile) => {
          const selected = profile.id === props.selectedId;
          const connected = profile.id === props.connectedId;
          return (
            <li
              key={profile.id}
              className={`profile-item${selected ? ' selected' : ''}`}
              onContextMenu={(e) => openMenu(e, profile)}
            >
              <button
                type="button"
                className="profile-main"
                onClick={() => props.onSelect(profile.id)}
                aria-current={selected ? 'true' : undefined}
                title={connected ? t('profiles.connected') : undefined}
              >
                <span className="profile-icon-wrap">
                  <Icon name="server" className="profile-icon" />
                  {/* One mark, not a badge beside the button: the name keeps its room. */}
                  {connected && (
                    <span
                      className="profile-online"
                      role="img"
                      aria-label={t('profiles.connected')}
                      data-testid="profile-connected"
                    />
                  )}
                </span>
                <span className="profile-text">
                  <span className="profile-name">{profile.name}</span>
                  <span className="profile-address">
                    {formatAddress(profile.user, profile.host, profile.port)}
                  </span>
                </span>
              </button>
              {/* Connected already: the button opens its files instead of connecting again. */}
              {connected ? (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={props.onOpen}
                  aria-label={`${t('profiles.open')} ${profile.name}`}
                  data-testid="profile-open"
                >
                  {t('profiles.open')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => props.onConnect(profile.id)}
                  disabled={props.connectingId !== null}
                  aria-label={`${t('profile.connect')} ${profile.name}`}
                >
                  {props.connectingId === profile.id
                    ? t('profiles.connecting')
                    : t('profile.connect')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          items={menuItems(menu.profile)}
          onClose={() => setMenu(null)}
        />
      )}
    </>
  );
}
