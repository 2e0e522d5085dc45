import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './windowState.ts';

export interface WindowOptionsInput {
  preloadPath: string;
  bounds: WindowBounds;
  /** DevTools only in development builds. */
  devTools: boolean;
  iconPath?: string;
}

export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;

/**
 * The main window's options as a plain function so tests can check the security settings
 * without Electron. SECURITY: the page is sandboxed and isolated: a script injected through
 * a file name or a server message gets no Node, no require, no other frames.
 */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { x, y, width, height } = input.bounds;
  return {
    ...(x === undefined || y === undefined ? {} : { x, y }),
    width,
    height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Pyplan Transfer',
    backgroundColor: '#ffffff',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
