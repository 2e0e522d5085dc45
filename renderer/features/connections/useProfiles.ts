import { useCallback, useEffect, useState } from 'react';
import type { Profile, ProfileInput, StoredKeyInfo } from '../../../shared/types/profile.ts';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import { api } from '../../api/client.ts';

export interface ProfilesState {
  profiles: Profile[];
  keys: StoredKeyInfo[];
  loading: boolean;
  error: AppError | null;
  reload(): Promise<void>;
  save(input: ProfileInput): Promise<Profile>;
  remove(id: string): Promise<void>;
  duplicate(id: string): Promise<Profile>;
}

type Loaded =
  { ok: true; profiles: Profile[]; keys: StoredKeyInfo[] } | { ok: false; error: AppError };

async function fetchAll(): Promise<Loaded> {
  try {
    const [profiles, keys] = await Promise.all([
      api.call('profiles:list'),
      api.call('profiles:listKeys'),
    ]);
    return { ok: true, profiles, keys };
  } catch (err) {
    return { ok: false, error: toAppError(err) };
  }
}

/** Saved profiles and imported SSH keys, refreshed after every change made through here. */
export function useProfiles(): ProfilesState {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [keys, setKeys] = useState<StoredKeyInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);

  const apply = useCallback((result: Loaded) => {
    if (result.ok) {
      setProfiles(result.profiles);
      setKeys(result.keys);
      setError(null);
    } else {
      setError(result.error);
    }
    setLoading(false);
  }, []);

  const reload = useCallback(async () => apply(await fetchAll()), [apply]);

  useEffect(() => {
    let live = true;
    void fetchAll().then((result) => live && apply(result));
    return () => {
      live = false;
    };
  }, [apply]);

  const save = useCallback(
    async (input: ProfileInput) => {
      const saved = await api.call('profiles:save', input);
      await reload();
      return saved;
    },
    [reload],
  );

  const remove = useCallback(
    async (id: string) => {
      await api.call('profiles:delete', { id });
      await reload();
    },
    [reload],
  );

  const duplicate = useCallback(
    async (id: string) => {
      const copy = await api.call('profiles:duplicate', { id });
      await reload();
      return copy;
    },
    [reload],
  );

  return { profiles, keys, loading, error, reload, save, remove, duplicate };
}
