import type { FileEntry } from '../../../shared/types/remote.ts';
import type { PaneKind } from './paneSource.ts';

/**
 * Drags between the two panes carry this type. During dragover a page may read only the
 * types, not the data, so the payload also waits here until the drop.
 */
export const PANE_DRAG_TYPE = 'application/x-pyplan-entries';

export interface PaneDrag {
  from: PaneKind;
  /** The source pane's session or 'local', so a drag from a closed session is refused. */
  sourceId: string;
  /** The dragged entries as the source pane listed them. */
  entries: FileEntry[];
}

let current: PaneDrag | null = null;

export function beginPaneDrag(event: { dataTransfer: DataTransfer | null }, drag: PaneDrag): void {
  current = drag;
  const data = event.dataTransfer;
  if (data === null) return;
  data.effectAllowed = 'copy';
  data.setData(PANE_DRAG_TYPE, JSON.stringify(drag));
  // Plain text for drops into other programs' text fields: the paths, one per line.
  data.setData('text/plain', drag.entries.map((e) => e.path).join('\n'));
}

export function endPaneDrag(): void {
  current = null;
}

export type DropKind = { kind: 'pane'; drag: PaneDrag } | { kind: 'os' } | null;

/** What is being dragged over us: one of our panes' selections, OS files, or nothing usable. */
export function dragKind(data: DataTransfer | null): DropKind {
  if (data === null) return null;
  const types = Array.from(data.types);
  if (types.includes(PANE_DRAG_TYPE)) {
    if (current !== null) return { kind: 'pane', drag: current };
    const raw = safeParse(data.getData(PANE_DRAG_TYPE));
    return raw === null ? null : { kind: 'pane', drag: raw };
  }

  return types.includes('Files') ? { kind: 'os' } : null;
}

function safeParse(text: string): PaneDrag | null {
  try {
    const value = JSON.parse(text) as Partial<PaneDrag>;
    const entries = value.entries;
    if (value.from !== 'local' && value.from !== 'remote') return null;
    if (!Array.isArray(entries)) return null;
    if (!entries.every((e) => typeof e?.path === 'string' && typeof e?.name === 'string')) {
      return null;
    }
    return { from: value.from, sourceId: String(value.sourceId ?? ''), entries };
  } catch {
    return null;
  }
}
