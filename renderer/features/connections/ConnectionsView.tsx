import { useCallback, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ImportProfilesDialog } from './ImportProfilesDialog.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { ProfileList } from './ProfileList.tsx';
import type { PgpKeyInfo } from './PgpRulesField.tsx';
import type { ProfileDraft } from './profileDraft.ts';
import type { ProfilesState } from './useProfiles.ts';

type Editing = { id: string } | 'new' | null;

export interface ConnectionsViewProps {
  profiles: ProfilesState;
  pgpKeys: PgpKeyInfo[];
  connectedId: string | null;
  connectingId: string | null;
  onConnect: (profileId: string) => void;
  /** Shows the files of the connected profile. */
  onOpen: () => void;
  /** Fields for a new profile (from an sftp:// link no saved profile matches). */
  prefill: Partial<ProfileDraft> | null;
}

/** The site manager: saved profiles on the left, the selected one's form on the right. */
export function ConnectionsView(props: ConnectionsViewProps) {
  const { t } = useI18n();
  const { profiles } = props;
  // With no connection saved yet there is nothing to choose: the screen opens on a new one,
  // which is also what the Files screen's "New connection" (first start) comes here for.
  const [editing, setEditing] = useState<Editing>(() =>
    profiles.profiles[0] ? { id: profiles.profiles[0].id } : 'new',
  );
  // Changes only when the user opens another profile (or reverts), so saving a new profile
  // keeps the same form, with its test results, on screen.
  const [formKey, setFormKey] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [pendingSwitch, setPendingSwitch] = useState<Editing | undefined>(undefined);
  const [deleting, setDeleting] = useState<Profile | null>(null);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  // A new prefill opens a new profile form filled with it (when nothing unsaved is open).
  const [seenPrefill, setSeenPrefill] = useState<Partial<ProfileDraft> | null>(null);
  const [initial, setInitial] = useState<Partial<ProfileDraft> | null>(null);
  if (props.prefill !== seenPrefill) {
    setSeenPrefill(props.prefill);
    if (props.prefill !== null && !dirty) {
      setInitial(props.prefill);
      setEditing('new');
      setFormKey((k) => k + 1);
    }
  }

  const editingId = editing !== null && editing !== 'new' ? editing.id : null;
  const current = profiles.profiles.find((p) => p.id === editingId);

  const open = (next: Editing): void => {
    setDirty(false);
    setInitial(null);
    setEditing(next);
    setFormKey((k) => k + 1);
  };
  const switchTo = (next: Editing): void => {
    if (dirty) setPendingSwitch(next);
    else open(next);
  };

  const act = async (work: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(toAppError(err));
    }
  };

  const save = useCallback(
    async (input: Parameters<ProfilesState['save']>[0]) => {
      const saved = await profiles.save(input);
      setEditing({ id: saved.id });
      return saved;
    },
    [profiles],
  );

  return (
    <div className="connections-view" data-testid="connections-view">
      <aside className="connections-sidebar">
        <div className="sidebar-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => switchTo('new')}
            data-testid="profile-new"
          >
            <Icon name="plus" />
            {t('profiles.new')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setImporting(true)}
            data-testid="profile-import"
          >
            <Icon name="import" />
            {t('profiles.import')}
          </button>
        </div>
        {error && <ErrorMessage error={error} compact />}
        <ProfileList
          profiles={profiles.profiles}
          selectedId={editingId}
          connectedId={props.connectedId}
          connectingId={props.connectingId}
          onSelect={(id) => switchTo({ id })}
          onConnect={props.onConnect}
          onOpen={props.onOpen}
          onDuplicate={(id) =>
            void act(async () => open({ id: (await profiles.duplicate(id)).id }))
          }
          onDelete={setDeleting}
        />
      </aside>
      <main className="connections-main">
        {editing === null || (editingId !== null && current === undefined) ? (
          <EmptyState icon="server" title={t('profiles.pickTitle')}>
            <p>{t('profiles.pickBody')}</p>
          </EmptyState>
        ) : (
          <ProfileForm
            key={formKey}
            profile={current}
            initial={editing === 'new' ? (initial ?? undefined) : undefined}
            fromLink={editing === 'new' && initial !== null}
            keys={profiles.keys}
            pgpKeys={props.pgpKeys}
            connecting={props.connectingId !== null}
            onSave={save}
            onCancel={() => open(current ? { id: current.id } : null)}
            onConnect={props.onConnect}
            onDirtyChange={setDirty}
          />
        )}
      </main>
      {pendingSwitch !== undefined && (
        <ConfirmDialog
          title={t('profiles.discardTitle')}
          confirmLabel={t('common.discard')}
          danger
          onCancel={() => setPendingSwitch(undefined)}
          onConfirm={() => {
            open(pendingSwitch);
            setPendingSwitch(undefined);
          }}
        >
          <p>{t('profiles.discardBody')}</p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('profiles.deleteTitle', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(null);
            if (editingId === target.id) open(null);
            void act(() => profiles.remove(target.id));
          }}
        >
          <p>{t('profiles.deleteBody')}</p>
        </ConfirmDialog>
      )}
      {importing && (
        <ImportProfilesDialog onSave={profiles.save} onClose={() => setImporting(false)} />
      )}
    </div>
  );
}
