import type { Socket } from 'node:net';
import type { AuthContext, Connection, ParsedKey, Server as SshServer, Session } from 'ssh2';
import { serveSftp, type SftpQuirks } from './quirkSftp.ts';
import { suppressServerSigAlgs } from './quirkExtInfo.ts';
import type { AuthAttempt, QuirkServerOptions, QuirkStats } from './quirkServer.ts';

/**
 * The connection side of the quirk server: when the identification goes out, who may log
 * in and with which signature, how many channels, and the drop and stall faults.
 */

export interface ResolvedQuirks extends SftpQuirks {
  ident: string;
  username: string;
  waitForClientIdent: boolean;
  maxChannels: number;
  dropAfterBytes: number | undefined;
  stallAfterBytes: number | undefined;
  faultConnections: number;
  noServerSigAlgs: boolean;
  refuseSshRsa: boolean;
}

export function resolveOptions(options: QuirkServerOptions): ResolvedQuirks {
  const aws = options.aws ?? false;
  return {
    ident: (options.ident ?? 'AWS_SFTP_1.1').replace(/^SSH-2\.0-/, ''),
    username: options.username ?? 'analyst',
    waitForClientIdent: options.waitForClientIdent ?? aws,
    refuseSetstat: options.refuseSetstat ?? aws,
    refuseReadWrite: options.refuseReadWrite ?? aws,
    refuseOffsetWrites: options.refuseOffsetWrites ?? aws,
    maxChannels: options.maxChannels ?? (aws ? 10 : Infinity),
    hostileNames: options.hostileNames ?? false,
    dropAfterBytes: options.dropAfterBytes,
    stallAfterBytes: options.stallAfterBytes,
    faultConnections: options.faultConnections ?? Infinity,
    shortReads: options.shortReads,
    writeOnly: options.writeOnly ?? false,
    noServerSigAlgs: options.noServerSigAlgs ?? false,
    refuseSshRsa: options.refuseSshRsa ?? aws,
  };
}

/** One TCP connection: its socket, the file bytes it moved, and whether it went silent. */
interface Link {
  socket: Socket;
  faulty: boolean;
  fileBytes: number;
  silent: boolean;
  openSessions: number;
}

/** What every connection of one server shares. */
export interface ServerContext {
  quirks: ResolvedQuirks;
  stats: QuirkStats;
  root: string;
  rootReal: string;
  allowed: ParsedKey[];
  /** Connections by the client's port, which is how ssh2's 'connection' event names them. */
  links: Map<number, Link>;
  accepted: number;
}

/** Hands a new TCP connection to ssh2, at once or after the client's identification. */
export function acceptSocket(socket: Socket, ssh: SshServer, ctx: ServerContext): void {
  const faulty = ctx.accepted < ctx.quirks.faultConnections;
  const port = socket.remotePort ?? 0;
  ctx.accepted += 1;
  ctx.links.set(port, {
    socket,
    faulty,
    fileBytes: 0,
    silent: false,
    openSessions: 0,
  });
  socket.once('close', () => ctx.links.delete(port));
  // Resets are what the fault options are for; they must not crash the test process.
  socket.on('error', () => undefined);
  if (!ctx.quirks.waitForClientIdent) return ssh.injectSocket(socket);
  // ssh2 sends its identification as soon as it gets the socket; AWS waits for the client's.
  socket.once('readable', () => ssh.injectSocket(socket));
}

/** ssh2 Server 'connection' handler. */
export function onConnection(client: Connection, port: number, ctx: ServerContext): void {
  ctx.stats.connections += 1;
  client.on('error', () => undefined);
  const link = ctx.links.get(port);
  if (!link) return void client.end();
  if (ctx.quirks.noServerSigAlgs) suppressServerSigAlgs(client);
  client.on('authentication', (auth) => authenticate(auth, ctx));
  client.on('ready', () => {
    client.on('session', (accept, reject) => {
      if (link.openSessions >= ctx.quirks.maxChannels) {
        ctx.stats.channels.refused += 1;
        return reject();
      }
      ctx.stats.channels.opened += 1;
      link.openSessions += 1;
      ctx.stats.channels.peakOpen = Math.max(ctx.stats.channels.peakOpen, link.openSessions);
      const session = accept();
      session.once('close', () => (link.openSessions -= 1));
      serveSession(session, link, ctx);
    });
  });
}

/** Public key only, verified as ssh2's README shows; SHA-1 RSA refused on request. */
function authenticate(auth: AuthContext, ctx: ServerContext): void {
  if (auth.method !== 'publickey' || auth.username !== ctx.quirks.username) {
    return auth.reject(['publickey']);
  }
  const algo = wireAlgo(auth.key.algo, auth.hashAlgo);
  const attempt: AuthAttempt = { algo, signed: auth.signature !== undefined, accepted: false };
  ctx.stats.auth.push(attempt);
  const key = ctx.allowed.find(
    (k) => k.type === auth.key.algo && k.getPublicSSH().equals(auth.key.data),
  );
  if (!key || (ctx.quirks.refuseSshRsa && algo === 'ssh-rsa')) return auth.reject(['publickey']);
  const { signature, blob } = auth;
  if (signature && blob && key.verify(blob, signature, auth.hashAlgo) !== true) {
    return auth.reject(['publickey']);
  }
  attempt.accepted = true;
  auth.accept();
}

/** ssh2 reports rsa-sha2-* as key type ssh-rsa plus a hash; name it as the wire does. */
function wireAlgo(keyAlgo: string, hashAlgo: string | undefined): string {
  if (keyAlgo !== 'ssh-rsa') return keyAlgo;
  if (hashAlgo === 'sha256') return 'rsa-sha2-256';
  if (hashAlgo === 'sha512') return 'rsa-sha2-512';
  return 'ssh-rsa';
}

/** Only the sftp subsystem is served; AWS runs no commands and no shell. */
function serveSession(session: Session, link: Link, ctx: ServerContext): void {
  const refuse = (reject: (() => void) | undefined): void => {
    ctx.stats.commandsRefused += 1;
    reject?.();
  };
  session.on('exec', (_accept, reject) => refuse(reject));
  session.on('shell', (_accept, reject) => refuse(reject));
  session.on('sftp', (accept) => {
    serveSftp(accept(), {
      root: ctx.root,
      rootReal: ctx.rootReal,
      quirks: ctx.quirks,
      stats: ctx.stats,
      passBytes: (count) => passBytes(link, count, ctx),
      isSilent: () => link.silent,
    });
  });
}

/** Lets file bytes through until a drop or stall threshold would be crossed. */
function passBytes(link: Link, count: number, ctx: ServerContext): boolean {
  if (link.silent) return false;
  const total = link.fileBytes + count;
  const { dropAfterBytes, stallAfterBytes } = ctx.quirks;
  if (link.faulty && dropAfterBytes !== undefined && total > dropAfterBytes) {
    link.silent = true;
    ctx.stats.faults.dropped += 1;
    link.socket.resetAndDestroy();
    return false;
  }
  if (link.faulty && stallAfterBytes !== undefined && total > stallAfterBytes) {
    link.silent = true;
    ctx.stats.faults.stalled += 1;
    // Reading nothing more means keepalive probes go unanswered too, like a dead path.
    link.socket.pause();
    return false;
  }
  link.fileBytes = total;
  return true;
}
