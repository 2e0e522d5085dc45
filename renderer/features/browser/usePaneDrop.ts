import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { dragKind, endPaneDrag, type PaneDrag } from './dragData.ts';
import type { PaneKind } from './paneSource.ts';

export interface DropHandlers {
  /** The folder that will receive the drop (a folder row, or the pane's own folder). */
  target: string | null;
  /** Where the dragged items come from, while something is over the pane. */
  from: 'pane' | 'os' | null;
  onDragOver(event: DragEvent): void;
  onDragOverRow(event: DragEvent, entry: FileEntry): void;
  onDragLeave(event: DragEvent): void;
  onDrop(event: DragEvent): void;
}

export interface DropOptions {
  kind: PaneKind;
  path: string;
  /** False while the pane cannot take anything (remote pane without a session). */
  enabled: boolean;
  onPaneDrop(drag: PaneDrag, targetDir: string): void;
  onFilesDrop(files: File[], targetDir: string): void;
}

/**
 * Drop handling for a pane: accepts the other pane's selection and files from the OS, and
 * remembers which folder is under the pointer so it can be highlighted.
 */
export function usePaneDrop(options: DropOptions): DropHandlers {
  const [target, setTarget] = useState<string | null>(null);
  const [from, setFrom] = useState<'pane' | 'os' | null>(null);
  const { kind, path, enabled, onPaneDrop, onFilesDrop } = options;

  useEffect(() => {
    const clear = (): void => {
      setTarget(null);
      endPaneDrag();
    };
    window.addEventListener('dragend', clear);
    window.addEventListener('drop', clear);
    return () => {
      window.removeEventListener('dragend', clear);
      window.removeEventListener('drop', clear);
    };
  }, []);

  const accepts = useCallback(
    (event: DragEvent): boolean => {
      if (!enabled) return false;
      const drag = dragKind(event.dataTransfer);
      return drag !== null && (drag.kind === 'os' || drag.drag.from !== kind);
    },
    [enabled, kind],
  );

  const allow = (event: DragEvent, folder: string): void => {
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    setTarget((t) => (t === folder ? t : folder));
    setFrom(dragKind(event.dataTransfer)?.kind ?? null);
  };

  return {
    target,
    from: target === null ? null : from,
    onDragOver: (event) => {
      if (accepts(event)) allow(event, path);
    },
    onDragOverRow: (event, entry) => {
      if (accepts(event)) allow(event, entry.path);
    },
    onDragLeave: (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && event.currentTarget.contains(next)) return;
      setTarget(null);
    },
    onDrop: (event) => {
      const drag = dragKind(event.dataTransfer);
      const folder = target ?? path;
      setTarget(null);
      if (!accepts(event) || drag === null) return;
      event.preventDefault();
      event.stopPropagation();
      if (drag.kind === 'pane') onPaneDrop(drag.drag, folder);
      else onFilesDrop(Array.from(event.dataTransfer.files), folder);
      endPaneDrag();
    },
  };
}
