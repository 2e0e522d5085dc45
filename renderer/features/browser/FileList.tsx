import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type DragEvent, type MouseEvent } from 'react';
import type { FileEntry } from '../../../shared/types/remote.ts';
import { FileListHeader } from './FileListHeader.tsx';
import { FileRow } from './FileRow.tsx';
import { ListPlaceholder } from './ListPlaceholder.tsx';
import { EMPTY_SELECTION, clickItem, pickSelected } from './selection.ts';
import { handleListKey } from './useListKeyboard.ts';
import type { PaneState } from './usePane.ts';

export const ROW_HEIGHT = 28;
/** The column titles stick to the top inside the scrolling area, so both share one width. */
const HEADER_HEIGHT = 30;

export interface FileListProps {
  pane: PaneState;
  label: string;
  /** Path of the folder row highlighted as the drop target, if any. */
  dropRow: string | null;
  onOpen: (entry: FileEntry) => void;
  /** Enter on a multi-selection: send these to the other side. */
  onTransfer: (entries: FileEntry[]) => void;
  onMenu: (event: MouseEvent, entries: FileEntry[]) => void;
  onRename: () => void;
  onDelete: () => void;
  onDragStart: (event: DragEvent, entries: FileEntry[]) => void;
  onDragOverRow: (event: DragEvent, entry: FileEntry) => void;
}

const isToggle = (e: MouseEvent): boolean =>
  /Mac/i.test(navigator.platform) ? e.metaKey : e.ctrlKey;

/**
 * The virtualised file table: only the rows in view exist in the page, so a folder of
 * 100,000 entries scrolls as smoothly as one of ten.
 */
export function FileList(props: FileListProps) {
  const { pane } = props;
  const { view, keys, selection, setSelection } = pane;
  const scroller = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns fresh functions each render; React Compiler skips this
  // component, which is what the library expects.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });

  const focusIndex = selection.focus === null ? -1 : keys.indexOf(selection.focus);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [focusIndex, virtualizer]);

  // A pane shown again returns to where its list was scrolled, once all rows are back.
  const { status, path, takeScroll } = pane;
  useEffect(() => {
    if (status !== 'ready') return;
    const top = takeScroll(path);
    if (top !== null) scroller.current?.scrollTo({ top });
  }, [status, path, takeScroll]);

  const onMouseDown = useCallback(
    (event: MouseEvent, index: number) => {
      const key = keys[index];
      if (key === undefined || event.button !== 0) return;
      const modifiers = { shift: event.shiftKey, toggle: isToggle(event) };
      // Pressing on a selected row without modifiers may start a drag of the whole
      // selection; it collapses to this row on click instead (see onClick).
      if (selection.selected.has(key) && !modifiers.shift && !modifiers.toggle) return;
      setSelection(clickItem(selection, keys, key, modifiers));
    },
    [keys, selection, setSelection],
  );

  const onClick = useCallback(
    (event: MouseEvent, index: number) => {
      const key = keys[index];
      if (key === undefined || event.shiftKey || isToggle(event)) return;
      if (selection.selected.size > 1 && selection.selected.has(key)) {
        setSelection(clickItem(selection, keys, key));
      }
    },
    [keys, selection, setSelection],
  );

  const onDoubleClick = useCallback(
    (index: number) => {
      const entry = view[index];
      if (entry) props.onOpen(entry);
    },
    [view, props],
  );

  const onContextMenu = useCallback(
    (event: MouseEvent, index: number) => {
      event.preventDefault();
      event.stopPropagation();
      const key = keys[index];
      if (key === undefined) return;
      let next = selection;
      if (!selection.selected.has(key)) next = clickItem(selection, keys, key);
      setSelection(next);
      props.onMenu(
        event,
        view.filter((e) => next.selected.has(e.path)),
      );
    },
    [keys, selection, setSelection, view, props],
  );

  const onRowDragStart = useCallback(
    (event: DragEvent, index: number) => {
      const key = keys[index];
      if (key === undefined) return;
      let entries = pickSelected(selection, view);
      if (!selection.selected.has(key)) {
        setSelection(clickItem(selection, keys, key));
        entries = view.slice(index, index + 1);
      }
      props.onDragStart(event, entries);
    },
    [keys, selection, setSelection, view, props],
  );

  const onDragOverRow = useCallback(
    (event: DragEvent, index: number) => {
      const entry = view[index];
      if (entry) props.onDragOverRow(event, entry);
    },
    [view, props],
  );

  // Page Up/Down move by what fits on screen, less the header and one row of overlap.
  const pageSize = (): number => {
    const height = scroller.current?.clientHeight ?? 400;
    return Math.max(1, Math.floor((height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
  };

  return (
    <div className="file-list" role="grid" aria-label={props.label} aria-rowcount={view.length + 1}>
      <div
        ref={scroller}
        className="file-scroller"
        tabIndex={0}
        data-testid="file-scroller"
        onScroll={(e) => pane.saveScroll(e.currentTarget.scrollTop)}
        onKeyDown={(event) =>
          handleListKey(event, {
            keys,
            view,
            selection,
            pageSize: pageSize(),
            setSelection,
            open: props.onOpen,
            transfer: props.onTransfer,
            up: pane.up,
            refresh: () => void pane.refresh(),
            rename: props.onRename,
            remove: props.onDelete,
            clear: () => setSelection(EMPTY_SELECTION),
          })
        }
        onMouseDown={(e) => {
          // A press on empty space clears the selection; rows and column titles keep it.
          const hit = e.target instanceof Element && e.target.closest('.file-row, .file-header');
          if (!hit && e.button === 0) setSelection(EMPTY_SELECTION);
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          setSelection(EMPTY_SELECTION);
          props.onMenu(e, []);
        }}
      >
        {pane.total > 0 && <FileListHeader sort={pane.sort} onSort={pane.setSort} />}
        <div className="file-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = view[item.index] as FileEntry;
            return (
              <FileRow
                key={entry.path}
                entry={entry}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                selected={selection.selected.has(entry.path)}
                focused={selection.focus === entry.path}
                dropTarget={props.dropRow === entry.path}
                onMouseDown={onMouseDown}
                onClick={onClick}
                onDoubleClick={onDoubleClick}
                onContextMenu={onContextMenu}
                onDragStart={onRowDragStart}
                onDragOverRow={onDragOverRow}
              />
            );
          })}
        </div>
        {view.length === 0 && <ListPlaceholder pane={pane} />}
      </div>
    </div>
  );
}
