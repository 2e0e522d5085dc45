import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  clickItem,
  enterTargets,
  moveFocus,
  moveToEdge,
  reconcile,
  selectAll,
  pickSelected,
  type Selection,
} from '../../renderer/features/browser/selection.ts';

const items = ['a', 'b', 'c', 'd', 'e'];
const keys = (s: Selection): string[] => [...s.selected].sort();

describe('mouse selection', () => {
  it('a plain click selects one item and sets the anchor', () => {
    const s = clickItem(selectAll(items), items, 'c');
    expect(keys(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
    expect(s.focus).toBe('c');
  });

  it('Ctrl+click toggles items in and out', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'a');
    s = clickItem(s, items, 'c', { toggle: true });
    expect(keys(s)).toEqual(['a', 'c']);
    s = clickItem(s, items, 'a', { toggle: true });
    expect(keys(s)).toEqual(['c']);
  });

  it('Shift+click selects the range from the anchor, in either direction', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'b');
    s = clickItem(s, items, 'd', { shift: true });
    expect(keys(s)).toEqual(['b', 'c', 'd']);
    s = clickItem(s, items, 'a', { shift: true });
    expect(keys(s)).toEqual(['a', 'b']);
    expect(s.anchor).toBe('b');
  });

  it('Ctrl+Shift+click adds a range to the existing selection', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'a');
    s = clickItem(s, items, 'd', { toggle: true });
    s = clickItem(s, items, 'e', { shift: true, toggle: true });
    expect(keys(s)).toEqual(['a', 'd', 'e']);
  });
});

describe('keyboard selection', () => {
  it('arrows move a single selection and stop at the edges', () => {
    let s = moveFocus(EMPTY_SELECTION, items, 1);
    expect(keys(s)).toEqual(['a']);
    s = moveFocus(s, items, 1);
    expect(keys(s)).toEqual(['b']);
    s = moveFocus(s, items, -5);
    expect(keys(s)).toEqual(['a']);
  });

  it('up from nothing starts at the bottom', () => {
    expect(moveFocus(EMPTY_SELECTION, items, -1).focus).toBe('e');
  });

  it('Shift+arrows extend from the anchor and shrink back', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'c');
    s = moveFocus(s, items, 1, { shift: true });
    s = moveFocus(s, items, 1, { shift: true });
    expect(keys(s)).toEqual(['c', 'd', 'e']);
    s = moveFocus(s, items, -3, { shift: true });
    expect(keys(s)).toEqual(['b', 'c']);
  });

  it('Home and End jump to the edges; Shift+End selects to the end', () => {
    const s = clickItem(EMPTY_SELECTION, items, 'b');
    expect(moveToEdge(s, items, 'first').focus).toBe('a');
    expect(keys(moveToEdge(s, items, 'last', { shift: true }))).toEqual(['b', 'c', 'd', 'e']);
  });

  it('Ctrl+arrows move only the focus; Space then adds the focused item', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'a');
    s = moveFocus(s, items, 1, { shift: true });
    s = moveFocus(s, items, 1, { shift: true });
    s = moveFocus(s, items, 1, { toggle: true });
    s = moveFocus(s, items, 1, { toggle: true });
    expect(keys(s)).toEqual(['a', 'b', 'c']);
    expect(s.focus).toBe('e');
    s = clickItem(s, items, s.focus as string, { toggle: true });
    expect(keys(s)).toEqual(['a', 'b', 'c', 'e']);
    expect(moveToEdge(s, items, 'first', { toggle: true })).toMatchObject({
      selected: s.selected,
      focus: 'a',
    });
  });

  it('Ctrl+A selects everything and leaves the focus where it was', () => {
    const s = selectAll(items, 'c');
    expect(keys(s)).toEqual(items);
    expect(s.focus).toBe('c');
    expect(selectAll(items, 'gone').focus).toBe('a');
  });

  it('an empty list has nothing to focus', () => {
    expect(moveFocus(EMPTY_SELECTION, [], 1)).toEqual(EMPTY_SELECTION);
  });
});

describe('reconcile and order', () => {
  it('drops vanished keys and keeps the same object when nothing changed', () => {
    const s = selectAll(items);
    expect(reconcile(s, items)).toBe(s);
    const after = reconcile(s, ['b', 'c']);
    expect(keys(after)).toEqual(['b', 'c']);
    expect(after.focus).toBeNull();
  });

  it('Enter acts on the whole selection when the focus is on one of its items', () => {
    const rows = items.map((path) => ({ path }));
    let s = clickItem(EMPTY_SELECTION, items, 'b');
    expect(enterTargets(s, rows)).toEqual([{ path: 'b' }]);
    s = moveFocus(s, items, 2, { shift: true });
    expect(enterTargets(s, rows)).toEqual([{ path: 'b' }, { path: 'c' }, { path: 'd' }]);
    // A cursor moved off the selection with Ctrl: Enter is for the row under it.
    s = moveFocus(s, items, 1, { toggle: true });
    expect(enterTargets(s, rows)).toEqual([{ path: 'e' }]);
    expect(enterTargets(EMPTY_SELECTION, rows)).toEqual([]);
  });

  it('lists selected items in list order', () => {
    let s = clickItem(EMPTY_SELECTION, items, 'd');
    s = clickItem(s, items, 'a', { toggle: true });
    const rows = items.map((path) => ({ path }));
    expect(pickSelected(s, rows)).toEqual([{ path: 'a' }, { path: 'd' }]);
  });
});
