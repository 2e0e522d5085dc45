import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, NativeImage } from 'electron';
import { REQUEST_CHANNELS } from '../../shared/ipc/channels.ts';
import type { CallContext, Handlers } from './types.ts';

export interface RegisterOptions {
  /** The one window whose top frame may call; null while it does not exist. */
  getWindow: () => BrowserWindow | null;
  /** Icon shown under the cursor while dragging a file out of the app. */
  dragIcon: NativeImage;
}

function contextOf(event: IpcMainInvokeEvent, options: RegisterOptions): CallContext {
  const window = options.getWindow();
  const frame = event.senderFrame;
  const fromAppWindow = window !== null && event.sender.id === window.webContents.id;
  return {
    sender: {
      url: frame?.url ?? '',
      isTopFrame: fromAppWindow && frame !== null && frame.parent === null,
    },
    // Electron's typings still require `file`; `files` wins when both are given.
    startDrag: (files) =>
      event.sender.startDrag({ file: files[0] ?? '', files, icon: options.dragIcon }),
  };
}

/**
 * Binds every contract channel to ipcMain.handle. Handlers never throw (they answer
 * envelopes), so nothing relies on Electron's lossy error transport.
 */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, options: RegisterOptions) {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, args: unknown) =>
      handlers[channel](args, contextOf(event, options)),
    );
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}
