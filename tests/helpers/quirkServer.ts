import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import {
  openConnection,
  type ConnectOptions,
  type SshConnection,
} from '../../electron/services/ssh/connect.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';
import {
  acceptSocket,
  onConnection,
  resolveOptions,
  type ServerContext,
} from './quirkConnection.ts';

/**
 * An in-process SFTP server (ssh2's Server over a real temp folder) that behaves the way
 * OpenSSH cannot be made to: AWS Transfer Family over S3, or a hostile or broken server.
 * Every quirk is off unless asked for; `aws: true` turns on what AWS does by default.
 */
export interface QuirkServerOptions {
  /** AWS Transfer Family defaults: the refusals below, 10 channels, SHA-1 RSA refused. */
  aws?: boolean;
  /** Software part of the identification string; default `AWS_SFTP_1.1`. */
  ident?: string;
  /** The only user name accepted; default `analyst`. */
  username?: string;
  /** More public key lines (OpenSSH format) allowed to log in besides the generated key. */
  authorizedKeys?: string[];
  /** Send our identification only after the client's, as AWS does (SSH.NET issue 505). */
  waitForClientIdent?: boolean;
  /** SETSTAT and FSETSTAT answer status 8 (OP_UNSUPPORTED). AWS default. */
  refuseSetstat?: boolean;
  /** OPEN with READ and WRITE together answers status 8. AWS default. */
  refuseReadWrite?: boolean;
  /** A WRITE anywhere but the current end of the file answers status 4 (FAILURE). AWS default. */
  refuseOffsetWrites?: boolean;
  /** Session channels open at once per connection; more are refused. AWS: 10. */
  maxChannels?: number;
  /** The root listing carries names that try to escape, plus one normal `ok.txt`. */
  hostileNames?: boolean;
  /** Reset the TCP connection instead of answering once this many file bytes would pass. */
  dropAfterBytes?: number;
  /** Stop answering anything (socket left open) once this many file bytes would pass. */
  stallAfterBytes?: number;
  /** How many connections suffer drop/stall, counted from the first; default all. */
  faultConnections?: number;
  /** Answer each READ with at most this many bytes (legal in SFTP). */
  shortReads?: number;
  /** A drop-box account: uploads allowed; STAT, FSTAT, listing and reading refused. */
  writeOnly?: boolean;
  /** Send no `server-sig-algs` extension (ssh2's Server always does; see quirkExtInfo.ts). */
  noServerSigAlgs?: boolean;
  /** Refuse `ssh-rsa` (SHA-1) signatures; rsa-sha2-256/512 pass. AWS default. */
  refuseSshRsa?: boolean;
  /** ssh2's server-side protocol trace. */
  debug?: (line: string) => void;
}

export interface AuthAttempt {
  /** Signature algorithm on the wire: ssh-ed25519, rsa-sha2-512, ssh-rsa (SHA-1), ... */
  algo: string;
  /** False for the "would this key do?" query that comes before the signed request. */
  signed: boolean;
  accepted: boolean;
}

/** What the client did, so tests can assert behaviour and not only outcomes. */
export interface QuirkStats {
  connections: number;
  auth: AuthAttempt[];
  /** Session channels: opened, refused over the limit, and most open at once on one link. */
  channels: { opened: number; refused: number; peakOpen: number };
  /** exec and shell requests, all refused (AWS runs no commands). */
  commandsRefused: number;
  /** Every SFTP request seen, by name (OPEN, READ, SETSTAT, ...), answered or not. */
  ops: Record<string, number>;
  /** OPEN requests by flag set, e.g. `{ 'WRITE|CREAT|TRUNC': 2, READ: 1 }`. */
  opensByFlags: Record<string, number>;
  setstat: { setstat: number; fsetstat: number };
  /** WRITEs at the current end of the file versus anywhere else. */
  writes: { sequential: number; nonSequential: number };
  bytesServed: number;
  bytesReceived: number;
  faults: { dropped: number; stalled: number };
}

export interface QuirkServer {
  host: string;
  port: number;
  username: string;
  /** The folder behind the SFTP root `/`. */
  root: string;
  /** `SHA256:...` of the host key, as `ssh-keygen -l` prints it. */
  hostKeyFingerprint: string;
  /** The host key as a public key line, for seeding a known_hosts file. */
  hostKeyLine: string;
  /** OpenSSH-format private key the server accepts. */
  clientKeyPath: string;
  stats: QuirkStats;
  resetStats(): void;
  /** Resets every live connection now, as a network failure would. Keeps listening. */
  dropConnections(): void;
  stop(): Promise<void>;
}

export function emptyStats(): QuirkStats {
  return {
    connections: 0,
    auth: [],
    channels: { opened: 0, refused: 0, peakOpen: 0 },
    commandsRefused: 0,
    ops: {},
    opensByFlags: {},
    setstat: { setstat: 0, fsetstat: 0 },
    writes: { sequential: 0, nonSequential: 0 },
    bytesServed: 0,
    bytesReceived: 0,
    faults: { dropped: 0, stalled: 0 },
  };
}

export async function startQuirkServer(options: QuirkServerOptions = {}): Promise<QuirkServer> {
  const quirks = resolveOptions(options);
  const base = mkdtempSync(join(tmpdir(), 'pyplan-quirk-'));
  const root = join(base, 'root');
  mkdirSync(root);
  const { hostKey, clientKeyPath, allowed } = makeKeys(base, options.authorizedKeys ?? []);
  const ctx: ServerContext = {
    quirks,
    stats: emptyStats(),
    root,
    rootReal: realpathSync(root),
    allowed,
    links: new Map(),
    accepted: 0,
  };

  const ssh = new ssh2.Server({
    hostKeys: [hostKey.private],
    ident: quirks.ident,
    debug: options.debug,
    // AWS drops a client that stops answering after 300 s: 5 probes a minute apart.
    keepaliveInterval: 60_000,
    keepaliveCountMax: 5,
  });
  ssh.on('connection', (client, info) => onConnection(client, info.port, ctx));
  const sockets = new Set<Socket>();
  const net = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    acceptSocket(socket, ssh, ctx);
  });
  const port = await listen(net);
  const digest = createHash('sha256').update(parsePublic(hostKey.public).getPublicSSH());

  return {
    host: '127.0.0.1',
    port,
    username: quirks.username,
    root,
    hostKeyFingerprint: `SHA256:${digest.digest('base64').replace(/=+$/, '')}`,
    hostKeyLine: hostKey.public.trim(),
    clientKeyPath,
    stats: ctx.stats,
    resetStats: () => void Object.assign(ctx.stats, emptyStats()),
    dropConnections: () => sockets.forEach((s) => s.resetAndDestroy()),
    async stop() {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => net.close(() => resolve()));
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * Throw-away keys: an Ed25519 host key, and an Ed25519 client key written in OpenSSH format
 * for our key loader to read. `extra` public key lines may log in as well.
 */
function makeKeys(base: string, extra: string[]) {
  const hostKey = parseableKeyPair();
  const clientKey = parseableKeyPair('quirk-client');
  const clientKeyPath = join(base, 'client_ed25519');
  writeFileSync(clientKeyPath, clientKey.private, { mode: 0o600 });
  const allowed = [clientKey.public, ...extra].map(parsePublic);
  return { hostKey, clientKeyPath, allowed };
}

/**
 * ssh2's generator now and then (about 1 in 200) emits an Ed25519 pair its own parser rejects
 * as malformed; such a pair would fail the test for the harness's sake, so it is drawn again.
 */
function parseableKeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', comment ? { comment } : undefined);
    const ok = [pair.private, pair.public].every((k) => !(ssh2.utils.parseKey(k) instanceof Error));
    if (ok) return pair;
  }
}

function parsePublic(line: string): ParsedKey {
  const key = ssh2.utils.parseKey(line);
  if (key instanceof Error) throw key;
  return Array.isArray(key) ? (key[0] as ParsedKey) : key;
}

function listen(net: NetServer): Promise<number> {
  return new Promise((resolve, reject) => {
    net.once('error', reject);
    net.listen(0, '127.0.0.1', () => {
      const address = net.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Logs in to a quirk server with its generated key, trusting its host key. */
export async function quirkSession(
  server: QuirkServer,
  overrides: Partial<ConnectOptions> = {},
): Promise<{ connection: SshConnection; session: SftpSession }> {
  const connection = await openConnection({
    host: server.host,
    port: server.port,
    username: server.username,
    key: await readPrivateKeyFile(server.clientKeyPath),
    knownHosts: new KnownHostsFile(join(dirname(server.root), 'known_hosts')),
    confirmHostKey: async () => true,
    ...overrides,
  });
  return { connection, session: await connection.sftp() };
}
