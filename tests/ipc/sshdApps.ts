import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './testServices.ts';

export interface SshdApps {
  /** The file's real sshd, started before its first test. */
  readonly sshd: Sshd;
  /** An app on the real handlers and services, closed after the test unless it quit. */
  start(options?: TestAppOptions): TestApp;
  /** Ends an app as quitting does, keeping its data folder; answers what a restart needs. */
  quit(app: TestApp): Promise<TestAppOptions>;
}

/** One sshd for a test file, and the apps each test starts against it. */
export function useSshdApps(): SshdApps {
  let sshd: Sshd | undefined;
  const opened: TestApp[] = [];
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  afterEach(async () => {
    for (const app of opened.splice(0).reverse()) await app.close().catch(() => undefined);
  });
  return {
    get sshd() {
      if (!sshd) throw new Error('the sshd starts in beforeAll');
      return sshd;
    },
    start(options = {}) {
      const app = createTestApp(options);
      opened.push(app);
      return app;
    },
    async quit(app) {
      opened.splice(opened.indexOf(app), 1);
      await app.quit();
      return { dataDir: app.dataDir, store: app.store };
    },
  };
}
