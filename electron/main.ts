import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, nativeImage, safeStorage, session, shell } from 'electron';
import type { EventChannel } from '../shared/ipc/channels.ts';
import { composeServices, type ComposedServices } from './ipc/composeServices.ts';
import { createEventSink } from './ipc/events.ts';
import { createHandlers } from './ipc/handlers.ts';
import { registerIpc } from './ipc/registerIpc.ts';
import { ElectronDialogs } from './platform/dialogs.ts';
import { createFileLogger } from './platform/fileLogger.ts';
import { ElectronKeyValueStore } from './platform/keyValueStore.ts';
import { SafeStorageSecretBox } from './platform/secretBox.ts';
import { findSftpUrlInArgs } from './services/app/urls.ts';
import { createMainWindow } from './window/createWindow.ts';
import { lockDownContents, restrictPermissions } from './window/lockdown.ts';

/**
 * Composition root: builds the Electron-free services, wires them to IPC and one locked-down
 * window, and routes sftp:// links. Everything with logic lives elsewhere.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const INDEX_HTML = join(app.getAppPath(), 'dist', 'renderer', 'index.html');
const openExternal = (url: string): void => void shell.openExternal(url);

let mainWindow: BrowserWindow | null = null;
let composed: ComposedServices | undefined;
/** Links that arrive before the services exist (macOS open-url at launch). */
const earlyLinks: string[] = [];

function receiveLink(url: string): void {
  if (composed) composed.services.links.receive(url);
  else earlyLinks.push(url);
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function send(channel: EventChannel, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const tempDir = join(app.getPath('temp'), 'pyplan-transfer');
  mkdirSync(tempDir, { recursive: true });
  const logger = createFileLogger(app.getPath('logs'));
  const store = new ElectronKeyValueStore(dataDir, logger);
  // electron-store installs a sync IPC channel for renderer-side stores; ours has none, and
  // the app allows no sync IPC, so it goes.
  ipcMain.removeAllListeners('electron-store-get-data');
  restrictPermissions(session.defaultSession, pathToFileURL(INDEX_HTML).href);

  composed = composeServices({
    dataDir,
    tempDir,
    home: app.getPath('home'),
    localUser: userInfo().username,
    platform: process.platform,
    ...(process.platform === 'win32' ? { appData: app.getPath('appData') } : {}),
    store,
    secrets: new SafeStorageSecretBox(safeStorage),
    dialogs: new ElectronDialogs(dialog, () => mainWindow),
    shell: { openExternal: (url) => shell.openExternal(url) },
    emit: createEventSink(send, logger),
    logger,
    info: { version: app.getVersion(), platform: process.platform },
  });
  const handlers = createHandlers(composed.services, {
    appUrl: pathToFileURL(INDEX_HTML).href,
  });
  registerIpc(ipcMain, handlers, {
    getWindow: () => mainWindow,
    dragIcon: nativeImage.createFromPath(join(app.getAppPath(), 'assets', 'drag.png')),
  });

  mainWindow = createMainWindow({
    preloadPath: join(HERE, 'preload.cjs'),
    store,
    devTools: !app.isPackaged,
  });
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadFile(INDEX_HTML);
  const launchLink = findSftpUrlInArgs(process.argv);
  for (const url of launchLink ? [...earlyLinks, launchLink] : earlyLinks) receiveLink(url);
  logger.info('start: ready', { version: app.getVersion() });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    const url = findSftpUrlInArgs(argv);
    if (url) receiveLink(url);
  });
  // macOS delivers links as open-url, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receiveLink(url);
  });
  app.on('web-contents-created', (_event, contents) =>
    lockDownContents(contents, { openExternal }),
  );
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!composed) return;
    const closing = composed;
    composed = undefined;
    event.preventDefault();
    void closing.dispose().finally(() => app.quit());
  });
  if (app.isPackaged) app.setAsDefaultProtocolClient('sftp');
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('Pyplan Transfer', `The app could not start: ${String(err)}`);
    app.quit();
  });
}
