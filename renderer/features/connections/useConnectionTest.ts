import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { ProfileInput } from '../../../shared/types/profile.ts';
import { api } from '../../api/client.ts';
import type { TestResult } from './TestConnectionPanel.tsx';
import { promptIsFor } from './testProgress.ts';

export interface ConnectionTest {
  running: boolean;
  /**
   * The running test reached the server: main asks to confirm its identity (a host-key
   * prompt for the tested host), so "Reach the server" is done and the identity check is on.
   */
  reached: boolean;
  result: TestResult | null;
  error: AppError | null;
  /** Set when the key needs a passphrase: ask, then call retry with it. */
  needsPassphrase: { wrong: boolean } | null;
  /** Tests the form's values as they are; nothing is saved. */
  run(profile: ProfileInput): Promise<void>;
  /** Runs the last test again with the key's passphrase. */
  retry(passphrase: string, savePassphrase: boolean): Promise<void>;
  reset(): void;
}

const PASSPHRASE_CODES = new Set(['KEY_PASSPHRASE_REQUIRED', 'KEY_PASSPHRASE_WRONG']);

export function useConnectionTest(): ConnectionTest {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [needsPassphrase, setNeedsPassphrase] = useState<{ wrong: boolean } | null>(null);
  const [reached, setReached] = useState(false);

  const last = useRef<ProfileInput | null>(null);

  useEffect(() => {
    if (!running) return undefined;
    return api.on('ssh:hostKeyPrompt', (prompt) => {
      if (last.current !== null && promptIsFor(prompt, last.current)) setReached(true);
    });
  }, [running]);

  const start = useCallback(async (profile: ProfileInput, passphrase?: string, save = false) => {
    last.current = profile;
    setRunning(true);
    setReached(false);
    setResult(null);
    setError(null);
    setNeedsPassphrase(null);
    try {
      const outcome = await api.call('connection:test', {
        profile,
        ...(passphrase === undefined ? {} : { passphrase, savePassphrase: save }),
      });
      const failed = outcome.steps.find((s) => s.status === 'failed')?.error;
      if (failed && PASSPHRASE_CODES.has(failed.code)) {
        setNeedsPassphrase({ wrong: passphrase !== undefined });
      }
      setResult(outcome);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setRunning(false);
    }
  }, []);

  const run = useCallback((profile: ProfileInput) => start(profile), [start]);
  const retry = useCallback(
    async (passphrase: string, save: boolean) => {
      if (last.current) await start(last.current, passphrase, save);
    },
    [start],
  );

  const reset = useCallback(() => {
    setResult(null);
    setError(null);
    setNeedsPassphrase(null);
  }, []);

  return { running, reached, result, error, needsPassphrase, run, retry, reset };
}
