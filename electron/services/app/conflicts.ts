import { basename, dirname, join } from 'node:path';
import { mapLimit } from '../../../shared/mapLimit.ts';
import { joinRemote, remoteBasename, remoteDirname } from '../../../shared/remotePath.ts';
import type { FileEntry } from '../../../shared/types/remote.ts';
import type { ConflictFacts } from '../../../shared/types/transfer.ts';

/** What the check reads from a file system; LocalFs and SftpSession both fit. */
export interface EntryReader {
  stat(path: string): Promise<FileEntry>;
  list(dir: string): Promise<FileEntry[]>;
}

/** One side of a transfer: a file system and the form of its paths. */
export interface NameSide {
  reader: EntryReader;
  /** Server paths are always POSIX; this computer's follow its platform. */
  paths: 'remote' | 'local';
}

/** Few items: each is looked up alone; many: one listing of their folder is cheaper. */
const STAT_LIMIT = 16;
const STAT_CONCURRENCY = 8;

const PATHS = {
  remote: { join: joinRemote, basename: remoteBasename, dirname: remoteDirname },
  local: { join, basename, dirname },
};

/**
 * The sources whose name is taken in `targetDir`, in the order given, each with both items as
 * they are now. The source is read here too, not taken from the pane that listed it: the file
 * may have changed since, and "Replace if newer" compares what is on disk when it runs.
 */
export async function findConflicts(
  sourcePaths: readonly string[],
  targetDir: string,
  from: NameSide,
  to: NameSide,
): Promise<ConflictFacts[]> {
  const name = PATHS[from.paths].basename;
  const targets = sourcePaths.map((path) => PATHS[to.paths].join(targetDir, name(path)));
  const existing = await lookUp(to, targets);
  const clashes = sourcePaths.flatMap((sourcePath, index) => {
    const found = existing[index];
    return found === undefined ? [] : [{ sourcePath, existing: found }];
  });
  const sources = await lookUp(
    from,
    clashes.map((c) => c.sourcePath),
  );

  return clashes.map((clash, index) => ({ ...clash, source: sources[index] }));
}

/**
 * The entry at each path, undefined where there is none or it cannot be read. A folder we may
 * write to but not read (AWS "drop box" users) answers PERMISSION_DENIED; then nothing is
 * known to clash and the transfer's own 'skip' rule keeps the files there safe.
 */
async function lookUp(
  side: NameSide,
  paths: readonly string[],
): Promise<Array<FileEntry | undefined>> {
  if (paths.length <= STAT_LIMIT) {
    return mapLimit(paths, STAT_CONCURRENCY, (path) =>
      side.reader.stat(path).catch(() => undefined),
    );
  }
  const { basename: name, dirname: parent } = PATHS[side.paths];
  const folders = new Map<string, Promise<Map<string, FileEntry>>>();
  const folder = (dir: string): Promise<Map<string, FileEntry>> => {
    let listed = folders.get(dir);
    if (listed === undefined) {
      listed = side.reader.list(dir).then(
        (entries) => new Map(entries.map((e) => [e.name, e])),
        () => new Map<string, FileEntry>(),
      );
      folders.set(dir, listed);
    }
    return listed;
  };

  return Promise.all(paths.map(async (path) => (await folder(parent(path))).get(name(path))));
}
