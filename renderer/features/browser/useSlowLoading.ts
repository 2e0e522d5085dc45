import { useEffect, useState } from 'react';
import type { PaneState } from './usePane.ts';

/** Loading notices appear only after this long, so quick folders do not flash. */
const LOADING_DELAY_MS = 200;

/** True once the pane's current folder has been loading for longer than the delay. */
export function useSlowLoading(pane: Pick<PaneState, 'status' | 'path'>): boolean {
  // Which folder has been loading for longer than the delay (none while it is quick).
  const [slowPath, setSlowPath] = useState<string | null>(null);
  const loading = pane.status === 'loading';

  useEffect(() => {
    if (!loading) return undefined;
    const timer = window.setTimeout(() => setSlowPath(pane.path), LOADING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [loading, pane.path]);

  return loading && slowPath === pane.path;
}
