import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { EventPayload } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';

export type DragProgress = EventPayload<'files:dragProgress'>;

export interface DragOut {
  /** Copies being prepared for an Alt-drag, with how far they are; null when none. */
  preparing: DragProgress | null;
  start(sessionId: string, remotePaths: string[]): void;
  cancel(): void;
}

/**
 * An Alt-drag out to the desktop: main downloads the items to a temporary folder (under the
 * app's bandwidth limit) and starts the OS drag only once all are complete. Meanwhile the
 * page shows how far it is, and Cancel or Esc stops it (the copies are removed).
 */
export function useDragOut(onError: (error: AppError) => void): DragOut {
  const [preparing, setPreparing] = useState<DragProgress | null>(null);
  const active = useRef(false);

  useEffect(
    () =>
      api.on('files:dragProgress', (p) => {
        if (active.current) setPreparing(p);
      }),
    [],
  );

  const cancel = useCallback((): void => {
    if (active.current) void api.call('files:cancelDrag').catch(() => undefined);
  }, []);

  const open = preparing !== null;
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') cancel();
    };
    // Capture: the file list's own Escape (clear the selection) must not swallow it.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, cancel]);

  const start = (sessionId: string, remotePaths: string[]): void => {
    active.current = true;
    setPreparing({ items: remotePaths.length, bytesDone: 0, bytesTotal: 0 });
    api
      .call('files:startDrag', { sessionId, remotePaths })
      .catch((err: unknown) => {
        const error = toAppError(err);
        // The user's own Cancel needs no message.
        if (error.code !== 'CANCELLED') onError(error);
      })
      .finally(() => {
        active.current = false;
        setPreparing(null);
      });
  };

  return { preparing, start, cancel };
}
