import type { Stats } from 'node:fs';

/**
 * Which local file, in which state, an upload read from its first byte. A resume continues
 * the server's partial copy only when the local file still has the same stamp (resumePoint in
 * files.ts), because that copy is a prefix of the file as it was read then.
 *
 * Size and modification time alone do not tell: cp -p, unzip, rsync -t and touch put a
 * modification time back, so an edited file can look untouched. The change time (ctime)
 * cannot be set by a program: writing the file or setting its times moves it to now. The
 * inode number tells a file put in the old one's place. Comparing contents instead would
 * cost, at each resume, reading the server's copy back (as much as sending it again), or, on
 * every upload, hashing each byte as it goes out in case it is interrupted (about as much CPU
 * as the encryption, the reason recordHash is off by default). The stamp costs one stat.
 *
 * Known shortcoming: a file system that keeps no change time of its own (FAT and exFAT, as
 * on many USB sticks, report the modification time instead) lets an edit that keeps the size
 * and puts the modification time back go unseen, as with size and time alone.
 */
export interface SourceStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(stats: Stats): SourceStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** True when `now` is the very file `then` stamped. Without a stamp nothing matches. */
export function sameStamp(now: SourceStamp, then: SourceStamp | undefined): boolean {
  return (
    then !== undefined &&
    now.size === then.size &&
    now.mtimeMs === then.mtimeMs &&
    now.ctimeMs === then.ctimeMs &&
    now.ino === then.ino
  );
}
