import type { KeyValueStore } from '../services/profiles/stores.ts';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends Required<WindowBounds> {
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800 };
const STORE_KEY = 'window';
/** At least this much of the title bar must be on a screen for the window to be reachable. */
const VISIBLE_MARGIN = 100;

function isSaved(value: unknown): value is SavedWindowState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(v[k])) &&
    typeof v.maximized === 'boolean'
  );
}

function overlaps(bounds: Rect, area: Rect): boolean {
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const left = Math.max(bounds.x, area.x);
  const titleVisible = bounds.y >= area.y && bounds.y < area.y + area.height;
  return right - left >= VISIBLE_MARGIN && titleVisible;
}

/**
 * Where to open the window: the saved place when it is still on one of the screens (a monitor
 * may have been unplugged since), else centred at the default size.
 */
export function restoreBounds(
  saved: unknown,
  workAreas: Rect[],
  minimum: { width: number; height: number },
): { bounds: WindowBounds; maximized: boolean } {
  if (!isSaved(saved)) return { bounds: DEFAULT_BOUNDS, maximized: false };
  const bounds = {
    x: Math.round(saved.x),
    y: Math.round(saved.y),
    width: Math.max(minimum.width, Math.round(saved.width)),
    height: Math.max(minimum.height, Math.round(saved.height)),
  };
  if (!workAreas.some((area) => overlaps(bounds, area))) {
    return { bounds: { width: bounds.width, height: bounds.height }, maximized: saved.maximized };
  }
  return { bounds, maximized: saved.maximized };
}

export function loadWindowState(store: KeyValueStore): unknown {
  return store.get(STORE_KEY);
}

export function saveWindowState(store: KeyValueStore, state: SavedWindowState): void {
  store.set(STORE_KEY, state);
}
