import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import type { PgpKeyInfo } from './PgpRulesField.tsx';

async function fetchKeys(): Promise<PgpKeyInfo[] | null> {
  try {
    return await api.call('pgp:listKeys');
  } catch (err) {
    reportError('pgp:listKeys', err);
    return null;
  }
}

/** The OpenPGP keys kept by the app, for choosing recipients and managing them in Settings. */
export function usePgpKeys(): { keys: PgpKeyInfo[]; reload: () => Promise<void> } {
  const [keys, setKeys] = useState<PgpKeyInfo[]>([]);

  const reload = useCallback(async () => {
    const list = await fetchKeys();
    if (list !== null) setKeys(list);
  }, []);

  useEffect(() => {
    let live = true;
    void fetchKeys().then((list) => live && list !== null && setKeys(list));
    return () => {
      live = false;
    };
  }, []);

  return { keys, reload };
}
