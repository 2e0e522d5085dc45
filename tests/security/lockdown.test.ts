import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { isTrustedSender } from '../../electron/ipc/senderCheck.ts';
import { buildWindowOptions } from '../../electron/window/windowOptions.ts';
import {
  isPermissionAllowed,
  lockDownContents,
  restrictPermissions,
} from '../../electron/window/lockdown.ts';
import { DEFAULT_BOUNDS, restoreBounds } from '../../electron/window/windowState.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The CSP of an HTML file's meta tag, as directive → sources. */
function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!meta?.[1]) throw new Error('no CSP meta tag');
  const directives = meta[1]
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((d) => d[0]);
  return new Map(directives.map(([name, ...sources]) => [name as string, sources]));
}

describe('Content-Security-Policy of renderer/index.html', () => {
  const csp = cspOf(readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8'));

  it("starts from default-src 'none'", () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
  });

  it('runs only bundled scripts: no inline, no eval, no remote hosts', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
  });

  it('allows no network, frames, plugins, base or form targets from the page', () => {
    for (const directive of ['connect-src', 'object-src', 'frame-src', 'base-uri', 'form-action']) {
      expect(csp.get(directive), directive).toEqual(["'none'"]);
    }
  });

  it('names no remote origin anywhere', () => {
    const sources = [...csp.values()].flat();
    expect(sources.filter((s) => /^(https?:|wss?:|\*)/.test(s))).toEqual([]);
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
  });
});

describe('main window options', () => {
  const options = buildWindowOptions({
    preloadPath: '/app/dist-electron/preload.cjs',
    bounds: { x: 10, y: 20, width: 1000, height: 700 },
    devTools: false,
  });

  it('isolates and sandboxes the page with no Node and no webview', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('opens where it was saved, hidden until ready', () => {
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
  });
});

type Handler = (...args: unknown[]) => void;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (event: string, handler: Handler) => handlers.set(event, handler),
    setWindowOpenHandler: (h: typeof openHandler) => {
      openHandler = h;
    },
  };
  const fire = (event: string, url: string) => {
    let prevented = false;
    handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    fire,
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('navigation lockdown', () => {
  it('blocks navigation, redirects and webviews; allow-listed links open outside', () => {
    const opened: string[] = [];
    const { contents, fire, open } = fakeContents();
    lockDownContents(contents, { openExternal: (url) => opened.push(url) });
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'https://docs.pyplan.com/guide')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-attach-webview', 'about:blank')).toBe(true);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://pyplan.com/help')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.pyplan.com/guide', 'https://pyplan.com/help']);
  });

  it('grants only notifications and clipboard writes, only to the app page', () => {
    const page = 'file:///opt/pyplan/resources/app.asar/dist/renderer/index.html';
    expect(isPermissionAllowed('notifications', page, page)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', page, page)).toBe(true);
    for (const other of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid']) {
      expect(isPermissionAllowed(other, page, page)).toBe(false);
    }
    expect(isPermissionAllowed('notifications', 'https://evil.example/', page)).toBe(false);
    expect(isPermissionAllowed('notifications', 'file:///tmp/index.html', page)).toBe(false);
  });

  it('installs handlers that refuse foreign requests and every device', () => {
    const page = 'file:///opt/pyplan/resources/app.asar/dist/renderer/index.html';
    const answers: unknown[] = [];
    const session = {
      setPermissionRequestHandler: (
        h: (c: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void,
      ) => {
        h(null, 'media', (ok) => answers.push(ok), { requestingUrl: page });
        h(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: page });
        h(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: 'https://x.test/' });
      },
      setPermissionCheckHandler: (
        h: (c: unknown, p: string, o: string, d: { requestingUrl?: string }) => boolean,
      ) => answers.push(h(null, 'clipboard-read', page, { requestingUrl: page })),
      setDevicePermissionHandler: (h: () => boolean) => answers.push(h()),
    };
    restrictPermissions(session as unknown as Session, page);
    expect(answers).toEqual([false, true, false, false, false]);
  });
});

describe('IPC sender check', () => {
  const app =
    'file:///Applications/Pyplan.app/Contents/Resources/app.asar/dist/renderer/index.html';
  it.each([
    [{ url: app, isTopFrame: true }, true],
    [{ url: `${app}#/settings`, isTopFrame: true }, true],
    [{ url: app, isTopFrame: false }, false],
    [{ url: 'file:///tmp/index.html', isTopFrame: true }, false],
    [{ url: 'https://pyplan.com/', isTopFrame: true }, false],
    [{ url: 'about:blank', isTopFrame: true }, false],
    [{ url: '', isTopFrame: true }, false],
  ])('%o trusted: %s', (sender, trusted) => {
    expect(isTrustedSender(sender, app)).toBe(trusted);
  });

  it('trusts a custom protocol by origin', () => {
    expect(
      isTrustedSender({ url: 'app://pyplan/x', isTopFrame: true }, 'app://pyplan/index.html'),
    ).toBe(true);
    expect(
      isTrustedSender({ url: 'app://other/x', isTopFrame: true }, 'app://pyplan/index.html'),
    ).toBe(false);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores a saved place that is still on a screen', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: true };
    expect(restoreBounds(saved, screen, { width: 900, height: 600 })).toEqual({
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('recentres a window saved on a monitor that is gone, and ignores junk', () => {
    const saved = { x: 3000, y: 50, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, screen, { width: 900, height: 600 }).bounds).toEqual({
      width: 1000,
      height: 700,
    });
    expect(restoreBounds({ x: 'a' }, screen, { width: 900, height: 600 }).bounds).toEqual(
      DEFAULT_BOUNDS,
    );
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the app loads its UI from files only', () => {
  it('never loads a URL or a local web server in the Electron glue', () => {
    const glue = [
      join(ROOT, 'electron', 'main.ts'),
      ...sourceFiles(join(ROOT, 'electron', 'window')),
    ];
    for (const file of glue) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/loadURL|localhost|127\.0\.0\.1|VITE_DEV_SERVER/);
    }
    expect(readFileSync(join(ROOT, 'electron', 'main.ts'), 'utf8')).toContain('loadFile(');
  });
});
