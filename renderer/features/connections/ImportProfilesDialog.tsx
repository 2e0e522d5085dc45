import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import type { ImportSource, ProfileInput } from '../../../shared/types/profile.ts';
import { api } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Icon } from '../../components/Icon.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ImportNotes } from './ImportNotes.tsx';
import { saveImported, type ImportFailure } from './saveImported.ts';

type Found = RequestOutput<'profiles:importFrom'>;

const SOURCES: Array<{ source: ImportSource; label: MessageKey }> = [
  { source: 'sshConfig', label: 'import.sshConfig' },
  { source: 'filezilla', label: 'import.filezilla' },
  { source: 'winscp', label: 'import.winscp' },
];

/** "user@host:port", an IPv6 address in brackets so its colons are not read as the port. */
function siteAddress(site: Found['profiles'][number]): string {
  const host = site.host.includes(':') ? `[${site.host}]` : site.host;
  return `${site.user}@${host}:${site.port}`;
}

export interface ImportProfilesDialogProps {
  onSave: (input: ProfileInput) => Promise<unknown>;
  onClose: () => void;
}

/** Brings in sites saved in ~/.ssh/config, FileZilla or WinSCP; the user picks which. */
export function ImportProfilesDialog({ onSave, onClose }: ImportProfilesDialogProps) {
  const { t, plural } = useI18n();
  const [found, setFound] = useState<Found | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [error, setError] = useState<AppError | null>(null);
  const [failed, setFailed] = useState<ImportFailure[] | null>(null);
  const [savedCount, setSavedCount] = useState(0);
  const [busy, setBusy] = useState(false);

  const read = async (source: ImportSource, chooseFile: boolean): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      let path: string | undefined;
      if (chooseFile) {
        path = (await api.call('dialogs:openFile', { purpose: 'importSource' })).paths[0];
        if (path === undefined) return;
      }
      const result = await api.call('profiles:importFrom', { source, path });
      setFound(result);
      setPicked(new Set(result.profiles.map((_, i) => i)));
      setFailed(null);
      setSavedCount(0);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  /**
   * Saved sites leave the list and the ones that failed stay unticked with the reason, so
   * clicking Import again can never save a site twice.
   */
  const importPicked = async (): Promise<void> => {
    if (found === null) return;
    setError(null);
    setBusy(true);
    const sites = found.profiles.filter((_, index) => picked.has(index));
    const outcome = await saveImported(sites, onSave);
    setBusy(false);
    if (outcome.failed.length === 0) {
      onClose();
      return;
    }
    setFound({ ...found, profiles: found.profiles.filter((s) => !outcome.saved.includes(s)) });
    setPicked(new Set());
    setFailed(outcome.failed);
    setSavedCount((n) => n + outcome.saved.length);
  };

  const toggle = (index: number, on: boolean): void =>
    setPicked((p) => {
      const next = new Set(p);
      if (on) next.add(index);
      else next.delete(index);
      return next;
    });

  return (
    <Dialog
      title={t('import.title')}
      icon="import"
      size="large"
      onClose={onClose}
      testId="import-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {savedCount > 0 ? t('common.close') : t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || picked.size === 0}
            onClick={() => void importPicked()}
          >
            {plural({ one: 'import.go.one', other: 'import.go.other' }, picked.size)}
          </button>
        </>
      }
    >
      <p>{t('import.intro')}</p>
      <div className="import-sources">
        {SOURCES.map(({ source, label }) => (
          <div key={source} className="import-source">
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => void read(source, false)}
            >
              <Icon name="import" />
              {t(label)}
            </button>
            <button
              type="button"
              className="link-button"
              disabled={busy}
              onClick={() => void read(source, true)}
            >
              {t('import.chooseFile')}
            </button>
          </div>
        ))}
      </div>
      {error && <ErrorMessage error={error} title={t('import.failed')} />}
      {found && (
        <div className="import-found">
          <p className="hint">{t('import.readFrom', { path: found.path })}</p>
          {found.profiles.length === 0 && <p>{t('import.none')}</p>}
          <ul className="import-list">
            {found.profiles.map((site, index) => (
              <li key={`${site.name}-${index}`}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={picked.has(index)}
                    onChange={(e) => toggle(index, e.target.checked)}
                  />
                  <span>
                    <strong>{site.name}</strong> <span className="muted">{siteAddress(site)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <ImportNotes skipped={found.skipped} failed={failed} savedCount={savedCount} />
        </div>
      )}
    </Dialog>
  );
}
