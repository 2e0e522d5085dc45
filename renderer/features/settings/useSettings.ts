import { useCallback, useEffect, useState } from 'react';
import type { RequestInput, RequestOutput } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';

export type Settings = RequestOutput<'settings:get'>;
export type SettingsPatch = RequestInput<'settings:update'>;

const FALLBACK: Settings = { language: 'en', theme: 'system', showHidden: false };

export interface SettingsState {
  settings: Settings;
  loaded: boolean;
  update(patch: SettingsPatch): Promise<void>;
}

/** The app settings kept by main; until they arrive the page uses the defaults. */
export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings>(FALLBACK);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .call('settings:get')
      .then((value) => live && setSettings(value))
      .catch((err: unknown) => reportError('settings:get', err))
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);

  const update = useCallback(async (patch: SettingsPatch) => {
    // Show the change at once; main's answer (the merged settings) then confirms it.
    setSettings((current) => ({ ...current, ...patch }));
    try {
      setSettings(await api.call('settings:update', patch));
    } catch (err) {
      reportError('settings:update', err);
    }
  }, []);

  return { settings, loaded, update };
}
