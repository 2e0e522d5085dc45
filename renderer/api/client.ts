import { AppError, type Result } from '../../shared/errors.ts';
import {
  eventPath,
  requestPath,
  type EventChannel,
  type RequestChannel,
} from '../../shared/ipc/channels.ts';
import type { EventPayload, RequestInput, RequestOutput } from '../../shared/ipc/contract.ts';
import { unwrap } from './envelope.ts';

/**
 * The typed way the page talks to main. `window.pyplan` (built by the preload from the shared
 * contract) answers every request with a Result envelope; here an error envelope becomes a
 * thrown AppError, so components use try/catch and pick user text by `error.code`.
 */
type InputArgs<C extends RequestChannel> =
  undefined extends RequestInput<C> ? [input?: RequestInput<C>] : [input: RequestInput<C>];

export interface Api {
  call<C extends RequestChannel>(channel: C, ...input: InputArgs<C>): Promise<RequestOutput<C>>;
  /** Subscribes to a main-to-renderer event; the returned function unsubscribes. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The local path of a File from an OS drop (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
}

type Bridge = Record<string, Record<string, unknown> | undefined>;
type RequestFn = (input: unknown) => Promise<Result<unknown>>;
type EventFn = (listener: (payload: unknown) => void) => () => void;

function member(bridge: Bridge, domain: string, name: string): unknown {
  const fn = bridge[domain]?.[name];
  if (typeof fn !== 'function') {
    throw new AppError('INTERNAL', `window.pyplan.${domain}.${name} is missing`);
  }

  return fn;
}

export function createApi(bridge: Bridge): Api {
  return {
    async call(channel, ...input) {
      const [domain, verb] = requestPath(channel);
      const fn = member(bridge, domain, verb) as RequestFn;
      const result = await fn(input[0]);

      return unwrap(result) as never;
    },
    on(event, listener) {
      const [domain, name] = eventPath(event);
      const subscribe = member(bridge, domain, name) as EventFn;

      return subscribe(listener as (payload: unknown) => void);
    },
    pathForFile(file) {
      const fn = member(bridge, 'files', 'pathForFile') as (f: File) => string;
      return fn(file);
    },
  };
}

declare global {
  interface Window {
    pyplan?: unknown;
  }
}

/** Whether the page runs with the preload's API (it does not when opened as a plain file). */
export function hasBridge(): boolean {
  return typeof window !== 'undefined' && typeof window.pyplan === 'object' && !!window.pyplan;
}

export const api: Api = createApi(
  new Proxy({} as Bridge, {
    // Read window.pyplan at call time: the test harness installs it before the page script
    // runs, but a lazy read keeps module evaluation free of that ordering assumption.
    get: (_target, domain: string) => (window.pyplan as Bridge | undefined)?.[domain],
  }),
);
