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

/** Saved profiles and imported SSH keys, refreshed after every change made through here. */
export function useProfiles(): ProfilesState {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [keys, setKeys] = useState<StoredKeyInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(async () => {
    try {
      const [list, keyList] = await Promise.all([
        api.call('profiles:list'),
        api.call('profiles:listKeys'),
      ]);
      setProfiles(list);
      setKeys(keyList);
      setError(null);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

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
