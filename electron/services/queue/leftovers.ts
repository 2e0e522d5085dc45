import type { Logger } from '../../../shared/logger.ts';
import { toAppError } from '../../../shared/errors.ts';
import { uploadTempPath } from '../transfer/files.ts';
import { ChannelPool } from '../transfer/pool.ts';
import type { Connector } from './JobQueue.ts';
import { removeRemote } from './runJob.ts';
import { remoteNameOf, type JobRecord, type Leftover } from './types.ts';

/**
 * Temporary upload files (hidden `.NAME.TAG.pyplan-upload`) that cancelled jobs left on a server
 * they could not reach then: a job cancelled while it waited for its connection, or whose
 * link was gone. They are removed the next time that server is attached, before any of its
 * jobs runs, so a sweep never races an upload writing the same temporary name.
 */
export class Leftovers {
  readonly #paths = new Map<string, Set<string>>();
  readonly #sweeps = new Map<string, Promise<void>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  load(stored: Leftover[]): void {
    for (const { server, paths } of stored) this.add(server, paths);
  }

  list(): Leftover[] {
    return [...this.#paths].map(([server, paths]) => ({ server, paths: [...paths] }));
  }

  add(server: string, paths: string[]): void {
    if (paths.length === 0) return;
    const known = this.#paths.get(server) ?? new Set<string>();
    for (const path of paths) known.add(path);
    this.#paths.set(server, known);
  }

  /** True while a server's sweep runs: its jobs wait for it. */
  isSweeping(server: string): boolean {
    return this.#sweeps.has(server);
  }

  /**
   * Starts removing a server's leftovers through `connect`. Paths that an unfinished job will
   * write again are dropped instead: that job truncates or resumes the file and renames it.
   * `onSettled` runs when the sweep ends, whatever happened.
   */
  sweep(server: string, connect: Connector, jobs: JobRecord[], onSettled: () => void): void {
    const known = this.#paths.get(server);
    if (!known || this.#sweeps.has(server)) return;
    const claimed = claimedTemps(jobs);
    for (const path of claimed) known.delete(path);
    // They stay listed (and saved) until gone: a crash mid-sweep loses none of them.
    const run = this.#remove(known, connect, [...known]).finally(() => {
      if (known.size === 0) this.#paths.delete(server);
      this.#sweeps.delete(server);
      onSettled();
    });
    this.#sweeps.set(server, run);
  }

  /** Resolves once every sweep under way ended. */
  async settled(): Promise<void> {
    await Promise.all(this.#sweeps.values());
  }

  async #remove(known: Set<string>, connect: Connector, paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    const pool = new ChannelPool({ connect, reconnectAttempts: 1 });
    try {
      const unreached = new Set(await removeRemote(pool, paths));
      for (const path of paths) if (!unreached.has(path)) known.delete(path);
      this.#logger.info('sweep: temporary uploads removed', {
        removed: paths.length - unreached.size,
        left: unreached.size,
      });
    } catch (err) {
      this.#logger.warn('sweep: temporary uploads left', { code: toAppError(err).code });
    } finally {
      await pool.close();
    }
  }
}

const FINISHED: ReadonlySet<string> = new Set(['done', 'failed', 'cancelled']);

/** The temporary names the planned files of unfinished upload jobs write to. */
function claimedTemps(jobs: JobRecord[]): Set<string> {
  const claimed = new Set<string>();
  for (const job of jobs) {
    if (job.spec.direction !== 'upload' || FINISHED.has(job.state)) continue;
    for (const item of job.items ?? []) {
      if (item.kind === 'file') claimed.add(uploadTempPath(remoteNameOf(job, item), job.tempTag));
    }
  }
  return claimed;
}
