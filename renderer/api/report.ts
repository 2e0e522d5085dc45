import { toAppError } from '../../shared/errors.ts';
import { api } from './client.ts';

/**
 * Sends an unexpected failure to main's log (code and developer message only; main redacts
 * and rate-limits). Used where no person is waiting on the result, so nothing is shown.
 */
export function reportError(where: string, err: unknown): void {
  const error = toAppError(err);
  if (error.code === 'CANCELLED') return;
  api
    .call('app:log', {
      level: error.code === 'INTERNAL' ? 'error' : 'warn',
      message: `${where}: ${error.message}`.slice(0, 2000),
      fields: { code: error.code },
    })
    .catch(() => undefined);
}
