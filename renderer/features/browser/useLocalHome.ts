import { useEffect, useState } from 'react';
import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';

export type LocalHome = RequestOutput<'local:home'>;

/** This computer's home folder, path separator and drives (C:\, D:\ on Windows). */
export function useLocalHome(): { home: LocalHome | null; drives: string[] } {
  const [home, setHome] = useState<LocalHome | null>(null);
  const [drives, setDrives] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api
      .call('local:home')
      .then((value) => live && setHome(value))
      .catch((err: unknown) => reportError('local:home', err));
    api
      .call('local:drives')
      .then((value) => live && setDrives(value))
      .catch((err: unknown) => reportError('local:drives', err));
    return () => {
      live = false;
    };
  }, []);

  return { home, drives };
}
