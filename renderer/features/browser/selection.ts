/**
 * The selection model of a file list, as Explorer and Finder behave: a click selects one item,
 * Ctrl/Cmd+click toggles, Shift+click selects the range from the anchor, arrows move the focus
 * (with Shift they extend the range, with Ctrl/Cmd they leave the selection as it is). Items
 * are identified by key (the entry's path), and the list order is the visible (sorted,
 * filtered) order. Every function returns a new value.
 */
export interface Selection {
  readonly selected: ReadonlySet<string>;
  /** Where a Shift range starts: the last item clicked without Shift. */
  readonly anchor: string | null;
  /** The item with the keyboard focus ring; arrows move from here. */
  readonly focus: string | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), anchor: null, focus: null };

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  toggle?: boolean;
}

function range(items: readonly string[], from: string | null, to: string): Set<string> {
  const end = items.indexOf(to);
  const start = from === null ? -1 : items.indexOf(from);
  if (end < 0) return new Set();
  if (start < 0) return new Set([to]);
  const [lo, hi] = start <= end ? [start, end] : [end, start];

  return new Set(items.slice(lo, hi + 1));
}

/** A mouse click on `key` with the given modifier keys held. */
export function clickItem(
  selection: Selection,
  items: readonly string[],
  key: string,
  modifiers: Modifiers = {},
): Selection {
  if (modifiers.shift) {
    const selected = range(items, selection.anchor ?? key, key);
    if (modifiers.toggle) selection.selected.forEach((k) => selected.add(k));
    return { selected, anchor: selection.anchor ?? key, focus: key };
  }
  if (modifiers.toggle) {
    const selected = new Set(selection.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchor: key, focus: key };
  }

  return { selected: new Set([key]), anchor: key, focus: key };
}

/**
 * Moves the focus by `delta` rows (negative is up), clamped to the list. With Shift the
 * selection becomes the range from the anchor; with Ctrl/Cmd alone only the focus moves, as
 * in Explorer, WinSCP and VS Code, so Space can then add the focused item; with neither, the
 * selection becomes the focused item alone.
 */
export function moveFocus(
  selection: Selection,
  items: readonly string[],
  delta: number,
  modifiers: Modifiers = {},
): Selection {
  if (items.length === 0) return EMPTY_SELECTION;
  const current = selection.focus === null ? -1 : items.indexOf(selection.focus);
  const start = current < 0 ? (delta > 0 ? -1 : items.length) : current;
  const index = Math.max(0, Math.min(items.length - 1, start + delta));
  const key = items[index] as string;

  if (modifiers.shift) {
    const anchor = selection.anchor ?? selection.focus ?? key;
    return { selected: range(items, anchor, key), anchor, focus: key };
  }
  if (modifiers.toggle) return { ...selection, focus: key };

  return { selected: new Set([key]), anchor: key, focus: key };
}

/** Home and End: jump to the first or last row. */
export function moveToEdge(
  selection: Selection,
  items: readonly string[],
  edge: 'first' | 'last',
  modifiers: Modifiers = {},
): Selection {
  return moveFocus(selection, items, edge === 'first' ? -items.length : items.length, modifiers);
}

/** Ctrl/Cmd+A. The focus stays where it is when it is on a listed item, as in Explorer. */
export function selectAll(items: readonly string[], focus: string | null = null): Selection {
  const kept = focus !== null && items.includes(focus) ? focus : (items[0] ?? null);
  return { selected: new Set(items), anchor: items[0] ?? null, focus: kept };
}

/** Selects exactly these keys (e.g. a new folder after creating it), focusing the first. */
export function selectKeys(keys: readonly string[]): Selection {
  const first = keys[0] ?? null;
  return { selected: new Set(keys), anchor: first, focus: first };
}

/**
 * After a refresh or a filter change: drop keys that are no longer visible, and move focus
 * and anchor off vanished items, so actions never apply to something the user cannot see.
 */
export function reconcile(selection: Selection, items: readonly string[]): Selection {
  const present = new Set(items);
  const selected = new Set([...selection.selected].filter((k) => present.has(k)));
  const keep = (k: string | null): string | null => (k !== null && present.has(k) ? k : null);
  const focus = keep(selection.focus);
  const anchor = keep(selection.anchor);
  const unchanged =
    selected.size === selection.selected.size &&
    focus === selection.focus &&
    anchor === selection.anchor;

  return unchanged ? selection : { selected, anchor, focus };
}

/** The selected items themselves, in list order (for entries keyed by their path). */
export function pickSelected<T extends { path: string }>(
  selection: Selection,
  items: readonly T[],
): T[] {
  if (selection.selected.size === 0) return [];
  return items.filter((item) => selection.selected.has(item.path));
}

/**
 * What Enter acts on: with the focus on one of several selected items, all of them (in list
 * order); otherwise the focused item alone, or nothing.
 */
export function enterTargets<T extends { path: string }>(
  selection: Selection,
  items: readonly T[],
): T[] {
  const { focus, selected } = selection;
  if (focus === null) return [];
  if (selected.size > 1 && selected.has(focus)) return pickSelected(selection, items);

  return items.filter((item) => item.path === focus);
}
