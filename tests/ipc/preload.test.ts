import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApi, exposeApi, type IpcRendererLike } from '../../shared/ipc/api.ts';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  eventPath,
  requestPath,
} from '../../shared/ipc/channels.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the API does with ipcRenderer, as Electron's would be used. */
function fakeIpc(answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true })) {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return answer(channel, args);
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const fire = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'IPC-EVENT-OBJECT' }, payload);
  };
  return { ipc, invoked, listeners, fire };
}

const extras = { pathForFile: (file: { name: string }) => `/dropped/${file.name}` };

describe('buildApi (the preload API generated from the contract)', () => {
  it('binds each request channel to a named function invoking exactly that channel', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildApi(ipc, extras) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of REQUEST_CHANNELS) {
      const [domain, name] = requestPath(channel);
      const fn = api[domain]?.[name] as (arg?: unknown) => Promise<unknown>;
      expect(typeof fn, channel).toBe('function');
      await fn({ probe: channel });
      expect(invoked.at(-1)).toEqual({ channel, args: [{ probe: channel }] });
    }
    expect(invoked).toHaveLength(REQUEST_CHANNELS.length);
  });

  it('binds every event to a subscribe function whose unsubscribe detaches it', () => {
    const { ipc, listeners, fire } = fakeIpc();
    const api = buildApi(ipc, extras) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of EVENT_CHANNELS) {
      const [domain, name] = eventPath(channel);
      const subscribe = api[domain]?.[name] as (cb: (p: unknown) => void) => () => void;
      const seen: unknown[] = [];
      const unsubscribe = subscribe((payload) => seen.push(payload));
      fire(channel, { n: 1 });
      unsubscribe();
      fire(channel, { n: 2 });
      // Only the payload reaches the page, never Electron's event object (it holds .sender).
      expect(seen, channel).toEqual([{ n: 1 }]);
      expect(listeners.get(channel)?.size).toBe(0);
    }
  });

  it('exposes no generic invoke or send, and nothing can be added or replaced', () => {
    const api = buildApi(fakeIpc().ipc, extras) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const domains = Object.keys(api);
    for (const key of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer']) {
      expect(domains).not.toContain(key);
      for (const domain of domains) expect(Object.keys(api[domain] ?? {})).not.toContain(key);
    }
    expect(Object.isFrozen(api)).toBe(true);
    for (const domain of domains) expect(Object.isFrozen(api[domain])).toBe(true);
    expect(() => {
      (api.sftp as Record<string, unknown>).list = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('turns a transport failure into an INTERNAL envelope instead of a rejection', async () => {
    const { ipc } = fakeIpc(() => {
      throw new Error('No handler registered');
    });
    const api = buildApi(ipc, extras);
    await expect(api.profiles.list()).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('offers files.pathForFile for OS drops', () => {
    const api = buildApi(fakeIpc().ipc, extras);
    expect(api.files.pathForFile({ name: 'report.csv', size: 3 })).toBe('/dropped/report.csv');
  });
});

describe('exposeApi and preload.ts', () => {
  it('puts exactly one object, window.pyplan, into the page', () => {
    const exposed: Array<[string, unknown]> = [];
    exposeApi({ exposeInMainWorld: (key, api) => exposed.push([key, api]) }, fakeIpc().ipc, extras);
    expect(exposed.map(([key]) => key)).toEqual(['pyplan']);
  });

  it('preload.ts does nothing but expose the generated API', () => {
    const source = readFileSync(new URL('../../electron/preload.ts', import.meta.url), 'utf8');
    const code = source.replace(/\/\/.*$/gm, '');
    expect(code).toContain('exposeApi(contextBridge, ipcRenderer');
    expect(code).not.toMatch(/exposeInMainWorld|sendSync|ipcRenderer\.(invoke|send|on)\b/);
  });
});
