import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { parentPath } from '../../lib/paths.ts';
import { arrangeEntries, DEFAULT_SORT, type SortSpec } from './entries.ts';
import { recallPane, rememberPane, rememberScroll } from './paneMemory.ts';
import type { PaneSource } from './paneSource.ts';
import { EMPTY_SELECTION, reconcile, selectKeys, type Selection } from './selection.ts';

/** 'loading' also while entries stream in: the list shows them, and Cancel is offered. */
export type ListStatus = 'loading' | 'ready' | 'error';

export interface PaneState {
  path: string;
  status: ListStatus;
  error: AppError | null;
  /** Filtered, and sorted once complete (in arrival order while streaming): what is shown. */
  view: FileEntry[];
  keys: string[];
  /** Entries received for this folder (all of them once it is ready). */
  total: number;
  /** The user stopped the listing: `total` is what arrived before that. */
  stopped: boolean;
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
  /** Records the list's scroll position, so a remounted pane can return to it. */
  saveScroll(top: number): void;
  /** Once per mount: the remembered scroll position when `path` is the remembered folder. */
  takeScroll(path: string): number | null;
}

/** What the pane asked for. Each request has a new ticket; answers carry the ticket. */
interface Request {
  path: string;
  ticket: number;
  /** Keys to select once the listing arrives (a new folder, the folder we came out of). */
  select: string[];
  /** Set by Cancel: show this listing without asking again. */
  cached?: Listing;
}

interface Listing {
  ticket: number;
  path: string;
  entries: FileEntry[];
  state: 'streaming' | 'done' | 'stopped' | 'error';
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
 * One pane's folder, history and view settings. A listing's batches are used only while its
 * ticket is the current request's, and leaving a folder cancels its listing, so a slow
 * 100,000-entry folder never overwrites the folder the user moved on to. Navigation and view
 * settings are remembered per source (paneMemory.ts) for when the pane is shown again.
 */
export function usePane(source: PaneSource, startPath: string, hiddenDefault: boolean): PaneState {
  const [memory] = useState(() => recallPane(source.kind, source.id, startPath));
  const [base, setBase] = useState({ source, startPath });
  const [current, setCurrent] = useState<Request>(() => request(memory?.path ?? startPath));
  const [listing, setListing] = useState<Listing | null>(null);
  const [lastGood, setLastGood] = useState<Listing | null>(null);
  const [history, setHistory] = useState<string[]>(memory?.history ?? []);
  const [sort, setSort] = useState<SortSpec>(memory?.sort ?? DEFAULT_SORT);
  const [query, setQuery] = useState(memory?.query ?? '');
  const [hiddenChoice, setShowHidden] = useState<boolean | null>(memory?.hiddenChoice ?? null);
  const [picked, setSelection] = useState<Selection>(memory?.selection ?? EMPTY_SELECTION);
  const pendingScroll = useRef(memory?.scroll ?? null);

  // Another computer side or start folder (a new session, a profile's folder): start over.
  if (base.source !== source || base.startPath !== startPath) {
    setBase({ source, startPath });
    setCurrent(request(startPath));
    setHistory([]);
    setSelection(EMPTY_SELECTION);
  }

  useEffect(() => {
    rememberPane(source.kind, {
      sourceId: source.id,
      startPath: base.startPath,
      path: current.path,
      history,
      sort,
      query,
      hiddenChoice,
      selection: picked,
    });
  }, [source, base.startPath, current.path, history, sort, query, hiddenChoice, picked]);

  useEffect(() => {
    if (current.cached) return undefined;
    const { ticket, path, select } = current;
    let entries: FileEntry[] = [];
    let live = true;
    const stream = source.list(path, (batch) => {
      entries = entries.concat(batch);
      if (live) setListing({ ticket, path, entries, state: 'streaming' });
    });
    stream.done.then(
      () => {
        if (!live) return;
        const done: Listing = { ticket, path, entries, state: 'done' };
        setListing(done);
        setLastGood(done);
        if (select.length > 0) setSelection(selectKeys(select));
      },
      (err: unknown) => {
        if (live) setListing({ ticket, path, entries, state: 'error', error: toAppError(err) });
      },
    );
    return () => {
      live = false;
      // Leaving the folder (or the pane) stops the walk on the server too.
      stream.cancel();
    };
  }, [current, source]);

  const shown = current.cached ?? (listing?.ticket === current.ticket ? listing : null);
  const status: ListStatus =
    shown === null || shown.state === 'streaming'
      ? 'loading'
      : shown.state === 'error'
        ? 'error'
        : 'ready';

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
    if (shown !== null && shown.entries.length > 0) {
      // Keep what arrived; replacing the request ends the listing effect, which stops the walk.
      const stopped: Listing = { ...shown, state: 'stopped' };
      setLastGood(stopped);
      setCurrent(request(current.path, [], stopped));
      return;
    }
    if (lastGood === null) {
      // Nothing was shown yet: stay here, saying it was cancelled, with Try again.
      const error = toAppError({ code: 'CANCELLED', message: 'listing cancelled' });
      const cancelled: Listing = {
        ticket: 0,
        path: current.path,
        entries: [],
        state: 'error',
        error,
      };
      setCurrent(request(current.path, [], cancelled));
      return;
    }
    // Nothing of the new folder arrived yet: back to the folder shown before.
    setHistory((h) => (h[h.length - 1] === lastGood.path ? h.slice(0, -1) : h));
    setCurrent(request(lastGood.path, [], lastGood));
  }, [lastGood, status, shown, current.path]);

  const saveScroll = useCallback(
    (top: number) => rememberScroll(source.kind, source.id, current.path, top),
    [source, current.path],
  );
  const takeScroll = useCallback((path: string): number | null => {
    const saved = pendingScroll.current;
    pendingScroll.current = null;
    return saved !== null && saved.path === path ? saved.top : null;
  }, []);

  const showHidden = hiddenChoice ?? hiddenDefault;
  const entries = shown?.entries;
  const streaming = shown?.state === 'streaming';
  const view = useMemo(
    () => arrangeEntries(entries ?? [], { query, showHidden }, sort, streaming),
    [entries, query, showHidden, sort, streaming],
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
    stopped: shown?.state === 'stopped',
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
    saveScroll,
    takeScroll,
  };
}
