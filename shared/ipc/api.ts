import type { Result, SerializedAppError } from '../errors.ts';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  eventPath,
  requestPath,
  type Domain,
  type EventChannel,
  type RequestChannel,
} from './channels.ts';
import type { EventPayload, RequestInput, RequestOutput } from './contract.ts';

export type Unsubscribe = () => void;

/** A dropped OS file as the renderer holds it (a DOM File satisfies this). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

type RequestFn<C extends RequestChannel> =
  undefined extends RequestInput<C>
    ? () => Promise<Result<RequestOutput<C>>>
    : (input: RequestInput<C>) => Promise<Result<RequestOutput<C>>>;

type Subscribe<E extends EventChannel> = (
  listener: (payload: EventPayload<E>) => void,
) => Unsubscribe;

type DomainApi<D extends Domain> = {
  readonly [C in RequestChannel as C extends `${D}:${infer V}` ? V : never]: RequestFn<C>;
} & {
  readonly [
    E in EventChannel as E extends `${D}:${infer V}` ? `on${Capitalize<V>}` : never
  ]: Subscribe<E>;
};

/**
 * The whole API the renderer sees as `window.pyplan`, inferred from the contract:
 * `pyplan.sftp.list({ sessionId, path })`, `pyplan.transfers.onProgress(cb)`. Requests never
 * reject; they resolve to a Result envelope.
 */
export type PyplanApi = { readonly [D in Domain]: DomainApi<D> } & {
  readonly files: {
    /** Full path of a file dropped from the OS (Electron's webUtils.getPathForFile). */
    pathForFile(file: DroppedFile): string;
  };
};

/** The part of Electron's ipcRenderer the API needs; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ApiExtras {
  pathForFile(file: DroppedFile): string;
}

function transportFailure(channel: string, err: unknown): { ok: false; error: SerializedAppError } {
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'INTERNAL', message: `${channel}: ${message}` } };
}

function makeRequest(ipc: IpcRendererLike, channel: RequestChannel) {
  return async (input?: unknown): Promise<unknown> => {
    try {
      return await ipc.invoke(channel, input);
    } catch (err) {
      // Only a bug (missing handler, uncloneable value) gets here: main never throws.
      return transportFailure(channel, err);
    }
  };
}

function makeSubscribe(ipc: IpcRendererLike, channel: EventChannel) {
  return (listener: (payload: unknown) => void): Unsubscribe => {
    if (typeof listener !== 'function') throw new TypeError(`${channel}: listener required`);
    // SECURITY: the IpcRendererEvent (with .sender) never reaches the page, only the payload.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };
}

/**
 * Builds the frozen API object from the channel lists: one named function per request and one
 * subscribe function per event. There is deliberately no generic invoke.
 */
export function buildApi(ipc: IpcRendererLike, extras: ApiExtras): PyplanApi {
  const domains: Record<string, Record<string, unknown>> = {};
  const slot = (domain: string): Record<string, unknown> => (domains[domain] ??= {});
  for (const channel of REQUEST_CHANNELS) {
    const [domain, name] = requestPath(channel);
    slot(domain)[name] = makeRequest(ipc, channel);
  }
  for (const channel of EVENT_CHANNELS) {
    const [domain, name] = eventPath(channel);
    slot(domain)[name] = makeSubscribe(ipc, channel);
  }
  slot('files').pathForFile = (file: DroppedFile) => extras.pathForFile(file);
  for (const domain of Object.values(domains)) Object.freeze(domain);
  return Object.freeze(domains) as unknown as PyplanApi;
}

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

/** What preload.ts runs: the one and only thing it puts into the page. */
export function exposeApi(bridge: ContextBridgeLike, ipc: IpcRendererLike, extras: ApiExtras) {
  bridge.exposeInMainWorld('pyplan', buildApi(ipc, extras));
}
