import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { RequestOutput } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';

export type SessionInfo = RequestOutput<'connection:connect'>;

export interface ConnectFailure {
  profileId: string;
  error: AppError;
  /** The link dropped after it worked, rather than never coming up. */
  lost: boolean;
}

export interface PassphraseRequest {
  profileId: string;
  /** The last passphrase was wrong (not just missing). */
  wrong: boolean;
}

export interface ConnectOptions {
  passphrase?: string;
  savePassphrase?: boolean;
}

export interface SessionState {
  session: SessionInfo | null;
  connectingId: string | null;
  failure: ConnectFailure | null;
  passphrase: PassphraseRequest | null;
  connect(profileId: string, options?: ConnectOptions): Promise<SessionInfo | null>;
  disconnect(): Promise<void>;
  dismiss(): void;
}

const PASSPHRASE_CODES = new Set(['KEY_PASSPHRASE_REQUIRED', 'KEY_PASSPHRASE_WRONG']);

/**
 * The one live connection. A failed connect is kept (with its profile) so the screen can say
 * what went wrong; a missing or wrong key passphrase becomes a prompt instead of an error.
 */
export function useSession(): SessionState {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [connectingId, setConnectingId] = useState<string | null>(null);
  const [failure, setFailure] = useState<ConnectFailure | null>(null);
  const [passphrase, setPassphrase] = useState<PassphraseRequest | null>(null);
  const current = useRef<SessionInfo | null>(null);

  useEffect(() => {
    return api.on('connection:closed', (event) => {
      const live = current.current;
      if (live === null || live.sessionId !== event.sessionId) return;
      current.current = null;
      setSession(null);
      if (event.error) {
        setFailure({ profileId: live.profileId, error: toAppError(event.error), lost: true });
      }
    });
  }, []);

  const connect = useCallback(async (profileId: string, options: ConnectOptions = {}) => {
    setConnectingId(profileId);
    setFailure(null);
    setPassphrase(null);
    try {
      const previous = current.current;
      if (previous !== null) {
        current.current = null;
        setSession(null);
        await api.call('connection:disconnect', { sessionId: previous.sessionId });
      }
      const info = await api.call('connection:connect', { profileId, ...options });
      current.current = info;
      setSession(info);
      return info;
    } catch (err) {
      const error = toAppError(err);
      if (PASSPHRASE_CODES.has(error.code)) {
        setPassphrase({ profileId, wrong: options.passphrase !== undefined });
      } else if (error.code !== 'CANCELLED') {
        setFailure({ profileId, error, lost: false });
      }
      return null;
    } finally {
      setConnectingId(null);
    }
  }, []);

  const disconnect = useCallback(async () => {
    const live = current.current;
    if (live === null) return;
    current.current = null;
    setSession(null);
    try {
      await api.call('connection:disconnect', { sessionId: live.sessionId });
    } catch (err) {
      reportError('connection:disconnect', err);
    }
  }, []);

  const dismiss = useCallback(() => {
    setFailure(null);
    setPassphrase(null);
  }, []);

  return { session, connectingId, failure, passphrase, connect, disconnect, dismiss };
}
