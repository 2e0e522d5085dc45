import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import type { PgpKeyInfo } from './PgpRulesField.tsx';

/** The OpenPGP keys kept by the app, for choosing recipients and managing them in Settings. */
export function usePgpKeys(): { keys: PgpKeyInfo[]; reload: () => Promise<void> } {
  const [keys, setKeys] = useState<PgpKeyInfo[]>([]);

  const reload = useCallback(async () => {
    try {
      setKeys(await api.call('pgp:listKeys'));
    } catch (err) {
      reportError('pgp:listKeys', err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { keys, reload };
}
