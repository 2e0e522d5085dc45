import {
  closeSync,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';
import {
  OPEN_MODE,
  STATUS,
  applyAttrs,
  attrsFromStats,
  describeOpenFlags,
  hostileAttrs,
  hostileContent,
  hostileNameOf,
  listFolder,
  mapPath,
  readAt,
  statusOfErrno,
  type MappedPath,
  type OpenFile,
} from './quirkFs.ts';
import type { QuirkStats } from './quirkServer.ts';

/** The quirks the SFTP handlers apply; the connection-level ones live in quirkServer.ts. */
export interface SftpQuirks {
  refuseSetstat: boolean;
  refuseReadWrite: boolean;
  refuseOffsetWrites: boolean;
  hostileNames: boolean;
  shortReads: number | undefined;
  writeOnly: boolean;
}

/** What the SFTP handlers need from the connection they run on. */
export interface SftpLink {
  root: string;
  rootReal: string;
  quirks: SftpQuirks;
  stats: QuirkStats;
  /** Counts file bytes about to be served or stored; false means: do not answer (fault). */
  passBytes(count: number): boolean;
  /** True once the link is stalled or dropped: no request gets an answer any more. */
  isSilent(): boolean;
}

interface OpenDir {
  kind: 'dir';
  entries: FileEntry[];
}

type Handler = (reqid: number, ...args: never[]) => void;

/** Serves SFTP v3 over a real folder, applying the quirks the link asks for. */
export function serveSftp(sftp: SFTPWrapper, link: SftpLink): void {
  const handles = new Map<number, OpenFile | OpenDir>();
  let nextHandle = 1;
  const issue = (reqid: number, state: OpenFile | OpenDir): void => {
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(nextHandle, 0);
    handles.set(nextHandle++, state);
    sftp.handle(reqid, handle);
  };
  const lookup = (handle: Buffer) =>
    handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined;
  const mapped = (reqid: number, path: string): MappedPath | undefined => {
    const result = mapPath(link.root, link.rootReal, path);
    if (!result) sftp.status(reqid, STATUS.PERMISSION_DENIED, 'outside the root');
    return result;
  };
  const run = (reqid: number, op: () => void): void => {
    try {
      op();
      sftp.status(reqid, STATUS.OK);
    } catch (err) {
      sftp.status(reqid, statusOfErrno(err));
    }
  };
  const fileOps = makeFileHandlers(sftp, link, { issue, lookup, mapped, run, handles });
  const pathOps = makePathHandlers(sftp, link, { issue, lookup, mapped, run, handles });
  for (const [name, handler] of Object.entries({ ...fileOps, ...pathOps })) {
    sftp.on(name, (reqid: number, ...args: unknown[]) => {
      link.stats.ops[name] = (link.stats.ops[name] ?? 0) + 1;
      if (link.isSilent()) return;
      (handler as (reqid: number, ...rest: unknown[]) => void)(reqid, ...args);
    });
  }
  // ssh2's Server does not answer a client's CHANNEL_CLOSE on an SFTP channel by itself
  // (lib/utils.js onCHANNEL_CLOSE skips SFTP); without this the client waits forever.
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const state of handles.values()) {
      if (state.kind === 'file' && state.fd !== undefined) closeSync(state.fd);
    }
    handles.clear();
  });
}

interface Tools {
  issue(reqid: number, state: OpenFile | OpenDir): void;
  lookup(handle: Buffer): OpenFile | OpenDir | undefined;
  mapped(reqid: number, path: string): MappedPath | undefined;
  run(reqid: number, op: () => void): void;
  handles: Map<number, OpenFile | OpenDir>;
}

/** OPEN, with the AWS refusals applied before anything touches the disk. */
function makeOpen(sftp: SFTPWrapper, link: SftpLink, t: Tools): Handler {
  const { stats, quirks } = link;
  return (reqid: number, path: string, flags: number) => {
    const described = describeOpenFlags(flags);
    stats.opensByFlags[described] = (stats.opensByFlags[described] ?? 0) + 1;
    const both = (flags & OPEN_MODE.READ) !== 0 && (flags & OPEN_MODE.WRITE) !== 0;
    if (quirks.refuseReadWrite && both) return sftp.status(reqid, STATUS.OP_UNSUPPORTED);
    if (quirks.writeOnly && flags & OPEN_MODE.READ) {
      return sftp.status(reqid, STATUS.PERMISSION_DENIED);
    }
    const hostile = quirks.hostileNames ? hostileNameOf(path) : undefined;
    if (hostile !== undefined) {
      if (flags & OPEN_MODE.WRITE) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
      const content = hostileContent(hostile);
      return t.issue(reqid, { kind: 'file', fd: undefined, content, nextOffset: 0 });
    }
    const target = t.mapped(reqid, path);
    if (!target) return;
    const mode = ssh2.utils.sftp.flagsToString(flags);
    if (mode === null) return sftp.status(reqid, STATUS.FAILURE, 'unsupported flags');
    try {
      const fd = openSync(target.local, mode);
      t.issue(reqid, { kind: 'file', fd, content: undefined, nextOffset: fstatSync(fd).size });
    } catch (err) {
      sftp.status(reqid, statusOfErrno(err));
    }
  };
}

function makeFileHandlers(sftp: SFTPWrapper, link: SftpLink, t: Tools): Record<string, Handler> {
  const { stats, quirks } = link;
  const fileOf = (reqid: number, handle: Buffer): OpenFile | undefined => {
    const state = t.lookup(handle);
    if (state?.kind === 'file') return state;
    sftp.status(reqid, STATUS.FAILURE, 'bad handle');
    return undefined;
  };
  return {
    OPEN: makeOpen(sftp, link, t),
    READ: (reqid: number, handle: Buffer, offset: number, length: number) => {
      const file = fileOf(reqid, handle);
      if (!file) return;
      const want = Math.min(length, quirks.shortReads ?? length);
      const data = readAt(file, offset, want);
      if (data.length === 0) return sftp.status(reqid, STATUS.EOF);
      if (!link.passBytes(data.length)) return;
      stats.bytesServed += data.length;
      sftp.data(reqid, data);
    },
    WRITE: (reqid: number, handle: Buffer, offset: number, data: Buffer) => {
      const file = fileOf(reqid, handle);
      if (!file) return;
      const sequential = offset === file.nextOffset;
      if (sequential) stats.writes.sequential += 1;
      else stats.writes.nonSequential += 1;
      // S3 takes an object as one stream: there is no seeking back or leaving holes.
      if (quirks.refuseOffsetWrites && !sequential) return sftp.status(reqid, STATUS.FAILURE);
      if (file.fd === undefined) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
      if (!link.passBytes(data.length)) return;
      stats.bytesReceived += data.length;
      file.nextOffset = Math.max(file.nextOffset, offset + data.length);
      const fd = file.fd;
      t.run(reqid, () => writeSync(fd, data, 0, data.length, offset));
    },
    FSTAT: (reqid: number, handle: Buffer) => {
      if (quirks.writeOnly) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
      const file = fileOf(reqid, handle);
      if (!file) return;
      if (file.fd !== undefined) return sftp.attrs(reqid, attrsFromStats(fstatSync(file.fd)));
      sftp.attrs(reqid, { ...hostileAttrs(''), size: file.content?.length ?? 0 });
    },
    FSETSTAT: (reqid: number, handle: Buffer, attrs: Partial<Attributes>) => {
      stats.setstat.fsetstat += 1;
      if (quirks.refuseSetstat) return sftp.status(reqid, STATUS.OP_UNSUPPORTED);
      const file = fileOf(reqid, handle);
      if (!file) return;
      const fd = file.fd;
      if (fd === undefined) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
      t.run(reqid, () => applyAttrs(fd, attrs));
    },
    CLOSE: (reqid: number, handle: Buffer) => {
      const state = t.lookup(handle);
      if (!state) return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      t.handles.delete(handle.readUInt32BE(0));
      t.run(reqid, () => {
        if (state.kind === 'file' && state.fd !== undefined) closeSync(state.fd);
      });
    },
  };
}

function makePathHandlers(sftp: SFTPWrapper, link: SftpLink, t: Tools): Record<string, Handler> {
  const { stats, quirks } = link;
  const statPath = (follow: boolean) => (reqid: number, path: string) => {
    if (quirks.writeOnly) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
    const hostile = quirks.hostileNames ? hostileNameOf(path) : undefined;
    if (hostile !== undefined) return sftp.attrs(reqid, hostileAttrs(hostile));
    const target = t.mapped(reqid, path);
    if (!target) return;
    try {
      sftp.attrs(reqid, attrsFromStats(follow ? statSync(target.local) : lstatSync(target.local)));
    } catch (err) {
      sftp.status(reqid, statusOfErrno(err));
    }
  };
  const onPath = (op: (target: MappedPath) => void) => (reqid: number, path: string) => {
    const target = t.mapped(reqid, path);
    if (target) t.run(reqid, () => op(target));
  };
  return {
    STAT: statPath(true),
    LSTAT: statPath(false),
    OPENDIR: (reqid: number, path: string) => {
      if (quirks.writeOnly) return sftp.status(reqid, STATUS.PERMISSION_DENIED);
      const target = t.mapped(reqid, path);
      if (!target) return;
      try {
        const withHostile = quirks.hostileNames && target.remote === '/';
        t.issue(reqid, { kind: 'dir', entries: listFolder(target.local, withHostile) });
      } catch (err) {
        sftp.status(reqid, statusOfErrno(err));
      }
    },
    READDIR: (reqid: number, handle: Buffer) => {
      const state = t.lookup(handle);
      if (state?.kind !== 'dir') return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      const batch = state.entries.splice(0, 100);
      if (batch.length === 0) return sftp.status(reqid, STATUS.EOF);
      sftp.name(reqid, batch);
    },
    SETSTAT: (reqid: number, path: string, attrs: Partial<Attributes>) => {
      stats.setstat.setstat += 1;
      if (quirks.refuseSetstat) return sftp.status(reqid, STATUS.OP_UNSUPPORTED);
      onPath((target) => {
        const fd = openSync(target.local, 'r');
        try {
          applyAttrs(fd, attrs);
        } finally {
          closeSync(fd);
        }
      })(reqid, path);
    },
    MKDIR: onPath((target) => mkdirSync(target.local)),
    RMDIR: onPath((target) => rmdirSync(target.local)),
    REMOVE: onPath((target) => unlinkSync(target.local)),
    RENAME: (reqid: number, from: string, to: string) => {
      const source = t.mapped(reqid, from);
      const dest = source && t.mapped(reqid, to);
      if (!source || !dest) return;
      // SFTP v3: renaming onto an existing name is an error, never a replace.
      if (existsSync(dest.local)) return sftp.status(reqid, STATUS.FAILURE, 'target exists');
      t.run(reqid, () => renameSync(source.local, dest.local));
    },
    REALPATH: (reqid: number, path: string) => {
      const target = t.mapped(reqid, path);
      if (!target) return;
      const attrs = {} as Attributes;
      sftp.name(reqid, [{ filename: target.remote, longname: target.remote, attrs }]);
    },
  };
}
