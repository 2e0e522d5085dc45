import type { SortSpec } from './entries.ts';
import type { PaneKind } from './paneSource.ts';
import type { Selection } from './selection.ts';

/**
 * What a pane remembers about where the user was, so leaving the file browser (for the
 * Connections screen) and coming back shows the same folders, view and scroll position.
 */
export interface PaneMemory {
  /** PaneSource.id: 'local', or the session id. A new session starts fresh. */
  sourceId: string;
  /** The start folder the pane was given; a different one (an sftp:// link) starts fresh. */
  startPath: string;
  path: string;
  history: string[];
  sort: SortSpec;
  query: string;
  /** The hidden-files switch as the user set it; null follows the setting. */
  hiddenChoice: boolean | null;
  selection: Selection;
  /** How far the list of `path` was scrolled. */
  scroll: { path: string; top: number } | null;
}

/**
 * One memory per side, kept outside React so it outlives the panes. Keyed by side rather
 * than by source id so that memories of ended sessions do not pile up: remembering a new
 * session's pane replaces the old one. Lives as long as the page (a reload forgets it).
 */
const memories = new Map<PaneKind, PaneMemory>();

/** The pane's memory when it is for this source and start folder. */
export function recallPane(
  kind: PaneKind,
  sourceId: string,
  startPath: string,
): PaneMemory | undefined {
  const memory = memories.get(kind);
  if (memory?.sourceId !== sourceId || memory.startPath !== startPath) return undefined;
  return memory;
}

export function rememberPane(kind: PaneKind, memory: Omit<PaneMemory, 'scroll'>): void {
  const before = memories.get(kind);
  const scroll = before?.sourceId === memory.sourceId ? before.scroll : null;
  memories.set(kind, { ...memory, scroll });
}

/** Called as the list scrolls; ignored when the memory belongs to another source. */
export function rememberScroll(kind: PaneKind, sourceId: string, path: string, top: number) {
  const memory = memories.get(kind);
  if (memory?.sourceId !== sourceId) return;
  memories.set(kind, { ...memory, scroll: { path, top } });
}
