import { useEffect, useState } from 'react';
import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';

export type PolicyInfo = RequestOutput<'ssh:listPolicies'>[number];

// The list is fixed for the life of the app: ask main once.
let request: Promise<PolicyInfo[]> | null = null;

/** The algorithm policies main knows ('default' first); empty until they arrive. */
export function usePolicies(): PolicyInfo[] {
  const [policies, setPolicies] = useState<PolicyInfo[]>([]);

  useEffect(() => {
    let live = true;
    request ??= api.call('ssh:listPolicies');
    request.then(
      (list) => live && setPolicies(list),
      (err: unknown) => {
        request = null;
        reportError('ssh:listPolicies', err);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return policies;
}
