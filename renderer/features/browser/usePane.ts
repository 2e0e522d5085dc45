import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { DEFAULT_SORT, filterEntries, sortEntries, type SortSpec } from './entries.ts';
import type { PaneSource } from './paneSource.ts';
import { parentPath } from '../../lib/paths.ts';
import { EMPTY_SELECTION, reconcile, selectKeys, type Selection } from './selection.ts';

export type ListStatus = 'loading' | 'ready' | 'error';

export interface PaneState {
  path: string;
  status: ListStatus;
  error: AppError | null;
  /** Sorted and filtered: what the list shows, in order. */
  view: FileEntry[];
  keys: string[];
  total: number;
  sort: SortSpec;
  query: string;
  showHidden: boolean;
  selection: Selection;
  canGoBack: boolean;
  setSort(sort: SortSpec): void;
  setQuery(query: string): void;
  setShowHidden(show: boolean): void;
  setSelection(selection: Selection): void;
  open(path: string): void;
  back(): void;
  up(): void;
  refresh(select?: string[]): Promise<void>;
  cancel(): void;
}

interface Shown {
  path: string;
  entries: FileEntry[];
}

/**
 * One pane's folder, history and view settings. Each listing carries a ticket; an answer
 * whose ticket is stale (the user cancelled or went elsewhere) is dropped, so a slow
 * 100,000-entry folder never overwrites the folder the user moved on to.
 */
export function usePane(source: PaneSource, startPath: string, hiddenDefault: boolean): PaneState {
  const [shown, setShown] = useState<Shown>({ path: startPath, entries: [] });
  const [status, setStatus] = useState<ListStatus>('loading');
  const [error, setError] = useState<AppError | null>(null);
  const [history, setHistory] = useState<string[]>([]);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [query, setQuery] = useState('');
  const [showHidden, setShowHidden] = useState(hiddenDefault);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const ticket = useRef(0);
  const lastGood = useRef<Shown>(shown);

  const load = useCallback(
    async (path: string, select: string[] = []): Promise<boolean> => {
      const mine = ++ticket.current;
      setStatus('loading');
      setError(null);
      setShown((s) => (s.path === path ? s : { path, entries: [] }));
      try {
        const entries = await source.list(path);
        if (mine !== ticket.current) return false;
        lastGood.current = { path, entries };
        setShown({ path, entries });
        setStatus('ready');
        if (select.length > 0) setSelection(selectKeys(select));
        return true;
      } catch (err) {
        if (mine !== ticket.current) return false;
        setError(toAppError(err));
        setStatus('error');
        return false;
      }
    },
    [source],
  );

  useEffect(() => {
    setHistory([]);
    setSelection(EMPTY_SELECTION);
    void load(startPath);
  }, [load, startPath]);

  useEffect(() => setShowHidden(hiddenDefault), [hiddenDefault]);

  const open = useCallback(
    (path: string) => {
      if (path === shown.path && status === 'ready') return;
      setHistory((h) => [...h, shown.path]);
      setSelection(EMPTY_SELECTION);
      setQuery('');
      void load(path);
    },
    [load, shown.path, status],
  );

  const back = useCallback(() => {
    const previous = history[history.length - 1];
    if (previous === undefined) return;
    setHistory((h) => h.slice(0, -1));
    setSelection(EMPTY_SELECTION);
    void load(previous);
  }, [history, load]);

  const up = useCallback(() => {
    const parent = parentPath(shown.path, source.sep);
    if (parent === null) return;
    const child = shown.path;
    setHistory((h) => [...h, shown.path]);
    // Land on the folder we came out of, as Explorer does.
    void load(parent).then((ok) => ok && setSelection(selectKeys([child])));
  }, [load, shown.path, source.sep]);

  const refresh = useCallback(
    async (select?: string[]) => {
      await load(shown.path, select);
    },
    [load, shown.path],
  );

  const cancel = useCallback(() => {
    ticket.current += 1;
    const good = lastGood.current;
    setHistory((h) => (h[h.length - 1] === good.path ? h.slice(0, -1) : h));
    setShown(good);
    setStatus('ready');
    setError(null);
  }, []);

  const view = useMemo(
    () => sortEntries(filterEntries(shown.entries, { query, showHidden }), sort),
    [shown.entries, query, showHidden, sort],
  );
  const keys = useMemo(() => view.map((e) => e.path), [view]);

  useEffect(() => setSelection((s) => reconcile(s, keys)), [keys]);

  return {
    path: shown.path,
    status,
    error,
    view,
    keys,
    total: shown.entries.length,
    sort,
    query,
    showHidden,
    selection,
    canGoBack: history.length > 0,
    setSort,
    setQuery,
    setShowHidden,
    setSelection,
    open,
    back,
    up,
    refresh,
    cancel,
  };
}
