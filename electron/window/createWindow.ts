import { BrowserWindow, screen } from 'electron';
import type { KeyValueStore } from '../services/profiles/stores.ts';
import { buildWindowOptions, MIN_HEIGHT, MIN_WIDTH } from './windowOptions.ts';
import { loadWindowState, restoreBounds, saveWindowState } from './windowState.ts';

export interface MainWindowOptions {
  preloadPath: string;
  store: KeyValueStore;
  devTools: boolean;
  iconPath?: string;
}

function trackState(window: BrowserWindow, store: KeyValueStore): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    saveWindowState(store, { ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

/**
 * The one app window, restored to where it was. The caller loads the UI (from files) after
 * keeping the reference, so IPC from the first script already finds its window.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  const saved = restoreBounds(loadWindowState(options.store), areas, {
    width: MIN_WIDTH,
    height: MIN_HEIGHT,
  });
  const window = new BrowserWindow(
    buildWindowOptions({
      preloadPath: options.preloadPath,
      bounds: saved.bounds,
      devTools: options.devTools,
      ...(options.iconPath ? { iconPath: options.iconPath } : {}),
    }),
  );
  trackState(window, options.store);
  window.once('ready-to-show', () => {
    if (saved.maximized) window.maximize();
    window.show();
  });
  return window;
}
