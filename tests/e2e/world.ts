import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { openApp, type OpenAppOptions, type OpenedApp } from './harness.ts';
import { connect, goTo } from './ui.ts';

/**
 * What most e2e files share: one sshd and one app for the file, a temporary home for the
 * local pane, a saved profile for the sshd, and after each flow a check that the page logged
 * no error (CSP refusals included). The fields are filled in by the file's beforeAll.
 */
export interface World {
  sshd: Sshd;
  opened: OpenedApp;
  home: string;
}

export interface WorldOptions {
  /** Names the temporary home, to tell leftovers apart. */
  tag: string;
  /** The profile saved for the sshd; null saves none (setup may save its own). */
  profile?: string | null;
  /** Reload the page and connect to the profile before each flow. */
  connectEach?: boolean;
  app?: Omit<OpenAppOptions, 'sshd' | 'tmpHome'>;
  /** Runs once the app is open, before the profile is saved. */
  setup?: (world: World) => void | Promise<void>;
}

export const PROFILE = 'Pyplan Cloud';

export function useWorld(options: WorldOptions): World {
  const world = {} as World;
  const profile = options.profile === undefined ? PROFILE : options.profile;

  beforeAll(async () => {
    world.home = mkdtempSync(join(tmpdir(), `pyplan-e2e-${options.tag}-`));
    world.sshd = await startSshd();
    world.opened = await openApp({ ...options.app, sshd: world.sshd, tmpHome: world.home });
    await options.setup?.(world);
    if (profile !== null) await world.opened.addSshdProfile(profile);
  });

  afterAll(async () => {
    await world.opened?.close();
    await world.sshd?.stop();
    if (world.home) rmSync(world.home, { recursive: true, force: true });
  });

  if (options.connectEach && profile !== null) {
    beforeEach(async () => {
      await world.opened.page.reload();
      await connect(world.opened.page, profile);
    });
  }

  afterEach(() => {
    expect(world.opened.errors).toEqual([]);
  });
  return world;
}

let serial = 0;

/**
 * A new local and server folder for one flow, both shown in their panes after the page is
 * reloaded and connected again to the world's profile.
 */
export async function freshFolders(world: World): Promise<{ local: string; remote: string }> {
  serial += 1;
  const local = join(world.home, `flow-${serial}`);
  const remote = join(world.sshd.root, `flow-${serial}`);
  mkdirSync(local);
  mkdirSync(remote);
  const { page } = world.opened;
  await page.reload();
  await connect(page, PROFILE);
  await goTo(page, 'local', local);
  await goTo(page, 'remote', remote);
  return { local, remote };
}
