import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../shared/ipc/channels.ts';
import { registerIpc } from '../../electron/ipc/registerIpc.ts';
import type { CallContext, Handlers } from '../../electron/ipc/handlers.ts';

// The thin Electron glue, with fakes in place of ipcMain and the window: what reaches
// webContents.startDrag when a handler asks for a drag of several items.
describe('registerIpc', () => {
  it('starts one OS drag of every prepared file and folder', async () => {
    const contexts: CallContext[] = [];
    const handlers = Object.fromEntries(
      REQUEST_CHANNELS.map((channel) => [
        channel,
        async (_args: unknown, ctx: CallContext) => {
          contexts.push(ctx);
          return { ok: true, value: null };
        },
      ]),
    ) as unknown as Handlers;
    const registered = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: unknown, args: unknown) => Promise<unknown>) =>
        void registered.set(channel, fn),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    const drags: unknown[] = [];
    const webContents = { id: 7, startDrag: (item: unknown) => void drags.push(item) };
    const unregister = registerIpc(ipcMain as never, handlers, {
      getWindow: () => ({ webContents }) as never,
      dragIcon: 'drag-icon' as never,
    });
    expect([...registered.keys()]).toEqual([...REQUEST_CHANNELS]);

    const event = {
      sender: webContents,
      senderFrame: { url: 'file:///app/index.html', parent: null },
    };
    await registered.get('files:startDrag')?.(event, {});
    const ctx = contexts[0];
    expect(ctx?.sender).toEqual({ url: 'file:///app/index.html', isTopFrame: true });
    ctx?.startDrag?.(['/tmp/drag-1/Pack', '/tmp/drag-1/a.csv']);
    expect(drags).toEqual([
      {
        file: '/tmp/drag-1/Pack',
        files: ['/tmp/drag-1/Pack', '/tmp/drag-1/a.csv'],
        icon: 'drag-icon',
      },
    ]);
    unregister();
    expect(registered.size).toBe(0);
  });
});
