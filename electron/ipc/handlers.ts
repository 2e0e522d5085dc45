import { REQUEST_CHANNELS, type RequestChannel } from '../../shared/ipc/channels.ts';
import { listingHandlers } from './handlersListing.ts';
import { localHandlers } from './handlersLocal.ts';
import { profileHandlers } from './handlersProfiles.ts';
import { remoteHandlers } from './handlersRemote.ts';
import type { HandlerServices } from './services.ts';
import type { Handler, Handlers, Implementation, Implementations } from './types.ts';
import { wrapHandler } from './wrap.ts';

export type { HandlerServices } from './services.ts';
export type { CallContext, Handler, Handlers } from './types.ts';

export interface HandlerOptions {
  /** The URL the app window loads (file:// index or custom protocol); the only trusted sender. */
  appUrl: string;
}

/** The service call behind every channel; the spread fails to compile if one is missing. */
export function implementations(services: HandlerServices): Implementations {
  return {
    ...profileHandlers(services),
    ...remoteHandlers(services),
    ...localHandlers(services),
    ...listingHandlers(services),
  };
}

/**
 * Builds the whole IPC surface without Electron: one checked, validating, envelope-answering
 * handler per contract channel. registerIpc binds these to ipcMain; the e2e harness binds the
 * same object into headless Chromium.
 */
export function createHandlers(services: HandlerServices, options: HandlerOptions): Handlers {
  const impl = implementations(services);
  const logger = services.logger.child('ipc');
  const handlers = {} as Record<RequestChannel, Handler>;
  for (const channel of REQUEST_CHANNELS) {
    const run = impl[channel] as Implementation<typeof channel>;
    handlers[channel] = wrapHandler(channel, run, options.appUrl, logger);
  }
  return Object.freeze(handlers);
}
