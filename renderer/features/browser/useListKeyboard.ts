import type { KeyboardEvent } from 'react';
import type { FileEntry } from '../../../shared/types/remote.ts';
import {
  clickItem,
  enterTargets,
  moveFocus,
  moveToEdge,
  selectAll,
  type Selection,
} from './selection.ts';

export interface ListKeyActions {
  keys: string[];
  view: FileEntry[];
  selection: Selection;
  pageSize: number;
  setSelection(selection: Selection): void;
  open(entry: FileEntry): void;
  /** Enter on a row of a multi-selection: the whole selection goes to the other side. */
  transfer(entries: FileEntry[]): void;
  up(): void;
  refresh(): void;
  rename(): void;
  remove(): void;
  clear(): void;
}

/** Whether the keyboard is a Mac's (Cmd instead of Ctrl, Cmd+Backspace to delete). */
export const isMac = (): boolean => /Mac/i.test(navigator.platform);

/**
 * The keyboard of a file list, as commander-style clients have it: arrows, Page Up/Down,
 * Home/End (with Shift to extend, with Ctrl/Cmd to move the focus alone), Ctrl/Cmd+A, Space
 * (or Ctrl+Space) toggles the focused row, Enter opens (or transfers a multi-selection),
 * Backspace goes up, Delete deletes, F2 renames, F5 refreshes, Escape clears the selection.
 */
export function handleListKey(event: KeyboardEvent, a: ListKeyActions): void {
  const toggle = isMac() ? event.metaKey : event.ctrlKey;
  const mods = { shift: event.shiftKey, toggle };
  const moves: Record<string, number> = {
    ArrowDown: 1,
    ArrowUp: -1,
    PageDown: a.pageSize,
    PageUp: -a.pageSize,
  };
  const move = moves[event.key];

  if (move !== undefined) {
    a.setSelection(moveFocus(a.selection, a.keys, move, mods));
  } else if (event.key === 'Home' || event.key === 'End') {
    a.setSelection(moveToEdge(a.selection, a.keys, event.key === 'Home' ? 'first' : 'last', mods));
  } else if (toggle && event.key.toLowerCase() === 'a') {
    a.setSelection(selectAll(a.keys, a.selection.focus));
  } else if (event.key === ' ' && a.selection.focus !== null) {
    a.setSelection(clickItem(a.selection, a.keys, a.selection.focus, { toggle: true }));
  } else if (event.key === 'Enter') {
    // With the focus on one of several selected rows, Enter acts on the selection as a drag
    // of it would: everything, folders included, is transferred (folders with their contents)
    // rather than one folder opened and the rest forgotten. A lone row opens, as before (a
    // folder is entered, a file transferred).
    const [first, ...rest] = enterTargets(a.selection, a.view);
    if (first && rest.length > 0) a.transfer([first, ...rest]);
    else if (first) a.open(first);
  } else if (event.key === 'Delete' || (isMac() && event.metaKey && event.key === 'Backspace')) {
    a.remove();
  } else if (event.key === 'Backspace') {
    a.up();
  } else if (event.key === 'F2') {
    a.rename();
  } else if (event.key === 'F5') {
    a.refresh();
  } else if (event.key === 'Escape') {
    a.clear();
  } else {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
}
