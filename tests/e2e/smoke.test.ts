import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenedApp } from './harness.ts';
import { E2E_ARTIFACTS, shoot } from './ui.ts';

/**
 * The page's globals as these checks use them. Node's type library has no DOM, and e2e code
 * stays in the node project, so the few members needed are typed here.
 */
interface PageElement {
  textContent: string | null;
  src: string;
  setAttribute(name: string, value: string): void;
  remove(): void;
}
interface PageGlobals {
  pyplan: Record<string, Record<string, unknown>>;
  document: {
    createElement(tag: string): PageElement;
    body: { append(node: PageElement): void };
    addEventListener(type: string, cb: (e: { effectiveDirective: string }) => void): void;
  };
  fetch(url: string): Promise<unknown>;
  [flag: `__${string}`]: boolean | undefined;
}

let opened: OpenedApp;
beforeAll(async () => {
  opened = await openApp();
});
afterAll(async () => {
  await opened?.close();
});

describe('the built renderer in Chromium', () => {
  it('loads from file:// with window.pyplan in place and frozen', async () => {
    expect(opened.page.url()).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html$/);
    const shape = await opened.page.evaluate(() => {
      const api = (globalThis as unknown as PageGlobals).pyplan;
      return {
        frozen: Object.isFrozen(api) && Object.isFrozen(api.sftp),
        list: typeof api.sftp?.list,
        onProgress: typeof api.transfers?.onProgress,
        invoke: 'invoke' in api,
      };
    });
    expect(shape).toEqual({
      frozen: true,
      list: 'function',
      onProgress: 'function',
      invoke: false,
    });
  });

  it('reaches the real handlers and receives events', async () => {
    const info = await opened.page.evaluate(() => {
      const app = (globalThis as unknown as PageGlobals).pyplan.app as {
        info(): Promise<unknown>;
      };
      return app.info();
    });
    expect(info).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });
    const received = opened.page.evaluate(
      () =>
        new Promise((resolve) => {
          const app = (globalThis as unknown as PageGlobals).pyplan.app as {
            onOpenLink(cb: (link: unknown) => void): () => void;
          };
          const off = app.onOpenLink((link) => {
            off();
            resolve(link);
          });
        }),
    );
    await new Promise((r) => setTimeout(r, 50));
    opened.services.links.receive('sftp://analyst@sftp.pyplan.com/in');
    expect(await received).toEqual({
      host: 'sftp.pyplan.com',
      port: 22,
      user: 'analyst',
      path: '/in',
    });
  });

  it('renders the app with no page errors, saved as light and dark screenshots', async () => {
    await opened.page.waitForSelector('#root > *', { timeout: 15_000 });
    const files = ['light', 'dark'].map((s) => join(E2E_ARTIFACTS, `smoke-app-loaded-${s}.png`));
    for (const file of files) rmSync(file, { force: true });
    await shoot(opened.page, 'smoke-app-loaded');
    expect(files.filter((file) => existsSync(file))).toEqual(files);
    expect(opened.errors).toEqual([]);
  });

  it('enforces the CSP: no eval, no inline script or handler, no network', async () => {
    const outcome = await opened.page.evaluate(async () => {
      const page = globalThis as unknown as PageGlobals;
      const violations: string[] = [];
      page.document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(e.effectiveDirective),
      );
      // Code the page compiles from strings (timers, handlers) is what CSP governs; code
      // evaluated through DevTools is exempt, so eval is tried through a string timer.
      const later = setTimeout as unknown as (code: string, ms: number) => void;
      later('globalThis.__evalRan = true;', 0);
      const img = page.document.createElement('img');
      img.setAttribute('onerror', 'globalThis.__handlerRan = true;');
      img.src = 'data:,broken';
      page.document.body.append(img);
      const script = page.document.createElement('script');
      script.textContent = 'globalThis.__inlineRan = true;';
      page.document.body.append(script);
      const fetchBlocked = await page.fetch('https://example.com/').then(
        () => false,
        () => true,
      );
      await new Promise((r) => setTimeout(r, 100));
      img.remove();
      script.remove();
      return {
        evalRan: page.__evalRan === true,
        handlerRan: page.__handlerRan === true,
        inlineRan: page.__inlineRan === true,
        fetchBlocked,
        violations,
      };
    });
    expect(outcome).toMatchObject({
      evalRan: false,
      handlerRan: false,
      inlineRan: false,
      fetchBlocked: true,
    });
    expect(outcome.violations).toEqual(
      expect.arrayContaining(['script-src', 'script-src-elem', 'script-src-attr', 'connect-src']),
    );
  });
});
