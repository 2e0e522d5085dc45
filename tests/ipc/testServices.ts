import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Result } from '../../shared/errors.ts';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import type { LogFields, Logger } from '../../shared/logger.ts';
import { redact, redactFields } from '../../shared/logger.ts';
import { composeServices, type ComposeOptions } from '../../electron/ipc/composeServices.ts';
import { createEventSink } from '../../electron/ipc/events.ts';
import { createHandlers, type CallContext, type Handlers } from '../../electron/ipc/handlers.ts';
import type {
  DialogService,
  ForgetHostKeyQuestion,
  HandlerServices,
  OpenFileOptions,
  OpenFolderOptions,
} from '../../electron/ipc/services.ts';
import { MemoryKeyValueStore, type SecretBox } from '../../electron/services/profiles/stores.ts';
import { EphemeralSecretBox } from '../../electron/services/profiles/secretBox.ts';

/** Test support for tests/ipc, tests/security and the e2e harness (not a test file). */

export const APP_URL = 'file:///opt/pyplan/resources/app.asar/dist/renderer/index.html';
export const APP_CONTEXT: CallContext = { sender: { url: APP_URL, isTopFrame: true } };

/** Every line as the file logger would write it (redacted), for "no secrets in logs" checks. */
export class CapturingLogger implements Logger {
  readonly lines: string[];
  readonly #subsystem: string;

  constructor(subsystem = '', lines: string[] = []) {
    this.#subsystem = subsystem;
    this.lines = lines;
  }

  #write(level: string, message: string, fields?: LogFields): void {
    const line = {
      level,
      subsystem: this.#subsystem,
      message: redact(message),
      ...redactFields(fields),
    };
    this.lines.push(JSON.stringify(line));
  }

  error(m: string, f?: LogFields) {
    this.#write('error', m, f);
  }
  warn(m: string, f?: LogFields) {
    this.#write('warn', m, f);
  }
  info(m: string, f?: LogFields) {
    this.#write('info', m, f);
  }
  debug(m: string, f?: LogFields) {
    this.#write('debug', m, f);
  }
  trace(m: string, f?: LogFields) {
    this.#write('trace', m, f);
  }
  child(name: string): Logger {
    return new CapturingLogger(`${this.#subsystem}/${name}`, this.lines);
  }
}

/** Dialogs that answer from a queue the test fills; an empty queue is a cancelled dialog. */
export class ScriptedDialogs implements DialogService {
  readonly answers: string[][] = [];
  readonly asked: Array<OpenFileOptions | OpenFolderOptions> = [];

  push(...paths: string[]): void {
    this.answers.push(paths);
  }

  async openFile(options: OpenFileOptions): Promise<string[]> {
    this.asked.push(options);
    return this.answers.shift() ?? [];
  }

  async openFolder(options: OpenFolderOptions): Promise<string[]> {
    this.asked.push(options);
    return this.answers.shift() ?? [];
  }

  /** Answers to main's confirmations, in order; an empty queue is the user saying no. */
  readonly confirms: boolean[] = [];
  readonly confirmQuestions: ForgetHostKeyQuestion[] = [];

  async confirmForgetHostKey(question: ForgetHostKeyQuestion): Promise<boolean> {
    this.confirmQuestions.push(question);
    return this.confirms.shift() ?? false;
  }
}

export interface TestApp {
  services: HandlerServices;
  handlers: Handlers;
  store: MemoryKeyValueStore;
  dialogs: ScriptedDialogs;
  logger: CapturingLogger;
  events: Array<{ channel: EventChannel; payload: unknown }>;
  openedUrls: string[];
  home: string;
  dataDir: string;
  /** Calls a channel as the app window would. */
  call(channel: keyof Handlers, args?: unknown): ReturnType<Handlers[keyof Handlers]>;
  /** Resolves with the next event on a channel matching the predicate. */
  nextEvent<T = unknown>(channel: EventChannel, match?: (payload: T) => boolean): Promise<T>;
  /** Ends the services and removes every folder, the data folder too. */
  close(): Promise<void>;
  /** Ends the services as the app does when it quits, keeping the data folder for a restart. */
  quit(): Promise<void>;
}

export interface TestAppOptions {
  secrets?: SecretBox;
  home?: string;
  store?: MemoryKeyValueStore;
  /**
   * The data folder of an earlier TestApp that quit(): the same known_hosts, keyring and
   * transfer list, as after a restart of the app. close() removes it.
   */
  dataDir?: string;
  /** Receives every event as it is emitted (the harness forwards them into the page). */
  onEvent?: (channel: EventChannel, payload: unknown) => void;
  overrides?: Partial<ComposeOptions>;
}

/** The real services behind the real handlers, on temp folders and an in-memory store. */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  const base = mkdtempSync(join(tmpdir(), 'pyplan-app-'));
  const home = options.home ?? join(base, 'home');
  const dataDir = options.dataDir ?? join(base, 'data');
  const tempDir = join(base, 'tmp');
  for (const dir of [home, dataDir, tempDir]) mkdirSync(dir, { recursive: true });
  const logger = new CapturingLogger();
  const store = options.store ?? new MemoryKeyValueStore();
  const dialogs = new ScriptedDialogs();
  const events: TestApp['events'] = [];
  const waiters = new Set<(channel: EventChannel, payload: unknown) => boolean>();
  const openedUrls: string[] = [];
  const emit = createEventSink((channel, payload) => {
    events.push({ channel, payload });
    options.onEvent?.(channel, payload);
    for (const waiter of [...waiters]) if (waiter(channel, payload)) waiters.delete(waiter);
  }, logger);
  const composed = composeServices({
    dataDir,
    tempDir,
    home,
    localUser: userInfo().username,
    platform: process.platform,
    store,
    secrets: options.secrets ?? new EphemeralSecretBox(),
    dialogs,
    shell: { openExternal: async (url) => void openedUrls.push(url) },
    emit,
    logger,
    info: { version: '0.0.0-test', platform: process.platform },
    ...options.overrides,
  });
  const handlers = createHandlers(composed.services, { appUrl: APP_URL });

  return {
    services: composed.services,
    handlers,
    store,
    dialogs,
    logger,
    events,
    openedUrls,
    home,
    dataDir,
    call: (channel, args) => handlers[channel](args, APP_CONTEXT),
    nextEvent: <T>(channel: EventChannel, match?: (payload: T) => boolean) =>
      new Promise<T>((resolve) => {
        waiters.add((c, p) => {
          if (c !== channel || (match && !match(p as T))) return false;
          resolve(p as T);
          return true;
        });
      }),
    async close() {
      await composed.dispose();
      rmSync(base, { recursive: true, force: true });
      if (options.dataDir) {
        rmSync(options.dataDir, { recursive: true, force: true });
        // The earlier app's own folder, which held only this by now.
        const parent = dirname(options.dataDir);
        if (basename(parent).startsWith('pyplan-app-')) rmSync(parent, { recursive: true });
      }
    },
    async quit() {
      await composed.dispose();
      for (const dir of [home, tempDir]) {
        if (dir.startsWith(base)) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The value of an ok answer; a failed one throws with its code, so the test shows why. */
export function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
