import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REQUEST_CHANNELS, type EventChannel } from '../../shared/ipc/channels.ts';
import type { CallContext } from '../../electron/ipc/handlers.ts';
import { createHandlers } from '../../electron/ipc/handlers.ts';
import type { Sshd } from '../helpers/sshd.ts';
import type { PgpRules } from '../../shared/types/profile.ts';
import { createTestApp, type TestApp } from '../ipc/testServices.ts';

/**
 * Runs the built renderer in headless Chromium against the real services. The preload's API
 * is installed by an init script built from the same shared/ipc/api.ts the preload uses; its
 * transport is a Playwright binding that calls the same createHandlers(...) layer main
 * registers on ipcMain, with the sender taken from the calling frame. Events are pushed into
 * the page. No HTTP server is involved: the page loads from file://, as in the app.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INDEX_HTML = join(ROOT, 'dist', 'renderer', 'index.html');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Electron serves module scripts from file:// (its file protocol has the needed
  // privileges); plain Chromium needs this switch to do the same.
  '--allow-file-access-from-files',
];

/** The page side: a fake ipcRenderer over the binding, handed to the real buildApi. */
const PAGE_ENTRY = `
import { buildApi } from './shared/ipc/api.ts';
const listeners = new Map();
const ipc = {
  invoke: (channel, arg) => window.__pyplanInvoke(channel, arg),
  on: (channel, listener) => {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel).add(listener);
  },
  removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
};
const dropPaths = new Map();
Object.defineProperty(window, '__pyplanDeliver', {
  value: (channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener({}, payload);
  },
});
Object.defineProperty(window, '__pyplanSetDropPath', {
  value: (name, path) => dropPaths.set(name, path),
});
Object.defineProperty(window, 'pyplan', {
  value: buildApi(ipc, { pathForFile: (file) => dropPaths.get(file.name) ?? '' }),
  enumerable: true,
});
`;

/** What the init script adds to the page for the harness. */
interface PageHooks {
  __pyplanDeliver(channel: string, payload: unknown): void;
  __pyplanSetDropPath(name: string, path: string): void;
}

let pageScript: Promise<string> | undefined;

function buildPageScript(): Promise<string> {
  pageScript ??= build({
    stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'e2e-preload.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((out) => out.outputFiles[0]?.text ?? '');
  return pageScript;
}

/** `npm test` builds the renderer first; a lone run of an e2e file builds it if missing. */
export function ensureRendererBuilt(): void {
  if (existsSync(INDEX_HTML)) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

export interface OpenAppOptions {
  /** A running sshd; with it, addSshdProfile() and trusted host keys are available. */
  sshd?: Sshd;
  /** The user's home folder as the app sees it (the local pane starts here). */
  tmpHome?: string;
  /** Pre-trust the sshd's host key so flows that do not test the prompt skip it. */
  trustHost?: boolean;
  viewport?: { width: number; height: number };
  /** Sees every event main emits, before it is pushed into the page. */
  onEvent?: (channel: EventChannel, payload: unknown) => void;
}

export interface OpenedApp {
  page: Page;
  /** The real services, store and recorded events behind the page. */
  app: TestApp;
  services: TestApp['services'];
  /** Local files and folders the renderer asked to drag out to the OS, one list per drag. */
  drags: string[][];
  /** Browser console errors and uncaught page errors (CSP violations show up here). */
  errors: string[];
  /** Saves a profile for the sshd with its authorised key; answers the profile id. */
  addSshdProfile(name?: string, pgp?: Partial<PgpRules>): Promise<string>;
  /** Makes `File` objects named `name` in OS drops resolve to `path`. */
  setDropPath(name: string, path: string): Promise<void>;
  close(): Promise<void>;
}

function trustSshd(app: TestApp, sshd: Sshd): void {
  const lines = Object.entries(sshd.hostKeys)
    .filter(([type]) => !type.startsWith('rsa-sha2'))
    .map(
      ([, key]) => `[${sshd.host}]:${sshd.port} ${key.publicLine.split(' ').slice(0, 2).join(' ')}`,
    );
  appendFileSync(join(app.dataDir, 'known_hosts'), `${lines.join('\n')}\n`, { mode: 0o600 });
}

function contextOf(url: string, isTopFrame: boolean, drags: string[][]): CallContext {
  return { sender: { url, isTopFrame }, startDrag: (paths) => void drags.push(paths) };
}

async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function openApp(options: OpenAppOptions = {}): Promise<OpenedApp> {
  ensureRendererBuilt();
  const pageRef: { current?: Page } = {};
  const deliver = (channel: EventChannel, payload: unknown): void => {
    // Events while the page is (re)loading are lost, as they would be in the app.
    void pageRef.current
      ?.evaluate(([c, p]) => (globalThis as unknown as PageHooks).__pyplanDeliver(c, p), [
        channel,
        payload,
      ] as const)
      .catch(() => undefined);
  };
  const app = createTestApp({
    onEvent: (channel, payload) => {
      options.onEvent?.(channel, payload);
      deliver(channel, payload);
    },
    ...(options.tmpHome ? { home: options.tmpHome } : {}),
  });
  if (options.sshd && options.trustHost !== false) trustSshd(app, options.sshd);
  const appUrl = pathToFileURL(INDEX_HTML).href;
  const handlers = createHandlers(app.services, { appUrl });
  const drags: string[][] = [];
  const errors: string[] = [];

  const browser = await launch();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  pageRef.current = page;
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  await page.exposeBinding('__pyplanInvoke', async (source, channel: unknown, args: unknown) => {
    if (!(REQUEST_CHANNELS as readonly unknown[]).includes(channel)) {
      return { ok: false, error: { code: 'IPC_INVALID_REQUEST', message: 'unknown channel' } };
    }
    const frame = source.frame;
    const handler = handlers[channel as keyof typeof handlers];
    return handler(args, contextOf(frame.url(), frame.parentFrame() === null, drags));
  });
  await page.addInitScript({ content: await buildPageScript() });
  await page.goto(appUrl);

  return {
    page,
    app,
    services: app.services,
    drags,
    errors,
    async addSshdProfile(name = 'Test server', pgp = {}) {
      const sshd = options.sshd;
      if (!sshd) throw new Error('openApp was given no sshd');
      const profile = app.services.profiles.save({
        name,
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        key: { kind: 'path', path: sshd.clientKeyPath },
        algorithmPolicy: 'default',
        localFolder: null,
        remoteFolder: null,
        pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: false, ...pgp },
        transfer: { preserveTimestamps: false, uploadInPlace: false },
      });
      return profile.id;
    },
    async setDropPath(name, path) {
      await page.evaluate(
        ([n, p]) => (globalThis as unknown as PageHooks).__pyplanSetDropPath(n, p),
        [name, path] as const,
      );
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** Writes a small text file, creating its folder: handy for upload flows. */
export function writeLocalFile(path: string, contents: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, contents);
  return path;
}
