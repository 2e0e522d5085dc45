import { useCallback, useEffect, useMemo, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { parentPath } from '../../lib/paths.ts';
import { DEFAULT_SORT, filterEntries, sortEntries, type SortSpec } from './entries.ts';
import type { PaneSource } from './paneSource.ts';
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
  refresh(select?: string[]): void;
  cancel(): void;
}

/** What the pane asked for. Each request has a new ticket; answers carry the ticket. */
interface Request {
  path: string;
  ticket: number;
  /** Keys to select once the listing arrives (a new folder, the folder we came out of). */
  select: string[];
  /** Set by Cancel: show the last good listing again without asking the server. */
  cached?: Listing;
}

interface Listing {
  ticket: number;
  path: string;
  entries: FileEntry[];
  error?: AppError;
}

let tickets = 0;
const request = (path: string, select: string[] = [], cached?: Listing): Request => ({
  path,
  ticket: ++tickets,
  select,
  cached,
});

/**
 * One pane's folder, history and view settings. A listing answer is used only while its
 * ticket is the current request's, so a slow 100,000-entry folder the user cancelled or left
 * never overwrites the folder they moved on to.
 */
export function usePane(source: PaneSource, startPath: string, hiddenDefault: boolean): PaneState {
  const [base, setBase] = useState({ source, startPath });
  const [current, setCurrent] = useState<Request>(() => request(startPath));
  const [listing, setListing] = useState<Listing | null>(null);
  const [lastGood, setLastGood] = useState<Listing | null>(null);
  const [history, setHistory] = useState<string[]>([]);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [query, setQuery] = useState('');
  const [hiddenChoice, setShowHidden] = useState<boolean | null>(null);
  const [picked, setSelection] = useState<Selection>(EMPTY_SELECTION);

  // Another computer side or start folder (a new session, a profile's folder): start over.
  if (base.source !== source || base.startPath !== startPath) {
    setBase({ source, startPath });
    setCurrent(request(startPath));
    setHistory([]);
    setSelection(EMPTY_SELECTION);
  }

  useEffect(() => {
    if (current.cached) return undefined;
    let live = true;
    const answer = (result: Omit<Listing, 'ticket' | 'path'>): void => {
      if (!live) return;
      const done = { ticket: current.ticket, path: current.path, ...result };
      setListing(done);
      if (result.error) return;
      setLastGood(done);
      if (current.select.length > 0) setSelection(selectKeys(current.select));
    };
    source.list(current.path).then(
      (entries) => answer({ entries }),
      (err: unknown) => answer({ entries: [], error: toAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [current, source]);

  const shown = current.cached ?? (listing?.ticket === current.ticket ? listing : null);
  const status: ListStatus = shown === null ? 'loading' : shown.error ? 'error' : 'ready';

  const go = useCallback((path: string, from: string, select: string[] = []) => {
    setHistory((h) => [...h, from]);
    setSelection(EMPTY_SELECTION);
    setQuery('');
    setCurrent(request(path, select));
  }, []);

  const open = useCallback(
    (path: string) => {
      if (path !== current.path || status === 'error') go(path, current.path);
    },
    [current.path, status, go],
  );

  const back = useCallback(() => {
    const previous = history[history.length - 1];
    if (previous === undefined) return;
    setHistory((h) => h.slice(0, -1));
    setSelection(EMPTY_SELECTION);
    setCurrent(request(previous));
  }, [history]);

  // Going up lands on the folder we came out of, as Explorer does.
  const up = useCallback(() => {
    const parent = parentPath(current.path, source.sep);
    if (parent !== null) go(parent, current.path, [current.path]);
  }, [current.path, source.sep, go]);

  const refresh = useCallback(
    (select: string[] = []) => setCurrent((c) => request(c.path, select)),
    [],
  );

  const cancel = useCallback(() => {
    if (status !== 'loading') return;
    if (lastGood === null) {
      // Nothing was shown yet: stay here, saying it was cancelled, with Try again.
      const error = toAppError({ code: 'CANCELLED', message: 'listing cancelled' });
      setCurrent(request(current.path, [], { ticket: 0, path: current.path, entries: [], error }));
      return;
    }
    setHistory((h) => (h[h.length - 1] === lastGood.path ? h.slice(0, -1) : h));
    setCurrent(request(lastGood.path, [], lastGood));
  }, [lastGood, status, current.path]);

  const showHidden = hiddenChoice ?? hiddenDefault;
  const entries = shown?.entries;
  const view = useMemo(
    () => sortEntries(filterEntries(entries ?? [], { query, showHidden }), sort),
    [entries, query, showHidden, sort],
  );
  const keys = useMemo(() => view.map((e) => e.path), [view]);
  // Items that vanished (refresh, filter) silently leave the selection.
  const selection = useMemo(() => reconcile(picked, keys), [picked, keys]);

  return {
    path: current.path,
    status,
    error: shown?.error ?? null,
    view,
    keys,
    total: entries?.length ?? 0,
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
