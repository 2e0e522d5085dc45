import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * What a `.pyplan-part` file holds, kept beside it in `.pyplan-part.json`: which remote file
 * and version (size and modification time) it is a prefix of, and how many bytes from the
 * start are known to be written. A resume trusts nothing else.
 */
const PartMetaSchema = z.object({
  v: z.literal(1),
  remotePath: z.string(),
  size: z.number().int().nonnegative(),
  mtime: z.number(),
  done: z.number().int().nonnegative(),
});

export type PartMeta = z.infer<typeof PartMetaSchema>;

export const DOWNLOAD_SUFFIX = '.pyplan-part';
const META_SUFFIX = '.json';
/** Files smaller than this restart from zero: resuming them saves less than it costs. */
export const RESUME_MIN_BYTES = 1024 * 1024;
/** How much new data is written between two updates of the metadata. */
const META_EVERY_BYTES = 8 * 1024 * 1024;

export function metaPathOf(partPath: string): string {
  return `${partPath}${META_SUFFIX}`;
}

/** Bytes of `partPath` that may be kept for the remote version `wanted`; 0 to start over. */
export async function resumableBytes(
  partPath: string,
  wanted: Omit<PartMeta, 'v' | 'done'>,
): Promise<number> {
  const raw = await readFile(metaPathOf(partPath), 'utf8').catch(() => undefined);
  if (raw === undefined) return 0;
  let meta: PartMeta;
  try {
    meta = PartMetaSchema.parse(JSON.parse(raw));
  } catch {
    return 0;
  }
  const same =
    meta.remotePath === wanted.remotePath &&
    meta.size === wanted.size &&
    meta.mtime === wanted.mtime;
  if (!same) return 0;
  const onDisk = await stat(partPath).then(
    (s) => s.size,
    () => 0,
  );
  return Math.min(meta.done, onDisk, wanted.size);
}

/**
 * Writes the metadata now and then as the watermark grows. Writes are chained so an older
 * one never lands after a newer one, and each goes through a temporary file and a rename so a
 * crash leaves either the old or the new text, never half of it.
 */
export class PartMetaWriter {
  readonly #path: string;
  readonly #base: Omit<PartMeta, 'done'>;
  #chain: Promise<void> = Promise.resolve();
  #lastWritten = -1;

  constructor(partPath: string, base: Omit<PartMeta, 'v' | 'done'>) {
    this.#path = metaPathOf(partPath);
    this.#base = { v: 1, ...base };
  }

  /** Records `done`; skipped unless enough new data arrived since the last write. */
  update(done: number, force = false): Promise<void> {
    if (!force && done - this.#lastWritten < META_EVERY_BYTES) return this.#chain;
    this.#lastWritten = done;
    const text = JSON.stringify({ ...this.#base, done });
    this.#chain = this.#chain.then(async () => {
      const temp = `${this.#path}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.#path);
    });
    return this.#chain;
  }

  async settle(): Promise<void> {
    await this.#chain.catch(() => undefined);
  }

  async remove(): Promise<void> {
    await this.settle();
    await rm(this.#path, { force: true });
  }
}
