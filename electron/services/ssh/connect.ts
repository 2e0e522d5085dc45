import type { Socket } from 'node:net';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { AppError, type ErrorDetails } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import type { LoadedKey } from './keys.ts';
import type { KnownHostsStore } from './knownHosts.ts';
import { explainHandshakeFailure, getPolicy, DEFAULT_POLICY } from './policies.ts';
import { mapConnectError } from './mapSshError.ts';
import { rsaSignatureViews } from './rsaSignatures.ts';
import { verifyHostKey } from './hostKeyCheck.ts';
import { SftpSession } from '../sftp/SftpSession.ts';
import { batchWrites } from './batchWrites.ts';
import { confirmUntimed, ReadyTimer, type ConfirmHostKey } from './readyTimer.ts';

export type { HostKeyInfo } from './hostKeyCheck.ts';

export type ConnectStep = 'reach' | 'hostKey' | 'login';

export interface ConnectOptions {
  host: string;
  port?: number;
  username: string;
  key: LoadedKey;
  /** Name of an algorithm policy from policies.ts; the default offers ssh2's modern set. */
  policy?: string;
  knownHosts: KnownHostsStore;
  /**
   * Asked when the host is not in known_hosts. Without it, an unknown host is refused with
   * HOST_KEY_UNKNOWN. A changed key is always refused and never reaches this callback. The
   * connect timeout waits while it is asked; `signal` aborts if the connection fails meanwhile.
   */
  confirmHostKey?: ConfirmHostKey;
  /** Reaching the server and logging in, the host key question aside. */
  readyTimeoutMs?: number;
  /** Keepalive probe interval. AWS Transfer Family drops a client silent for 300 s. */
  keepaliveIntervalMs?: number;
  /** Unanswered probes before the link is declared dead. */
  keepaliveCountMax?: number;
  logger?: Logger;
  /** Route ssh2's protocol chatter to logger.trace. */
  verbose?: boolean;
  onStep?: (step: ConnectStep) => void;
}

export interface Negotiated {
  kex: string;
  serverHostKey: string;
  cipher: string;
  mac: string;
  compress: string;
}

const DEFAULT_READY_TIMEOUT_MS = 20_000;
const DEFAULT_KEEPALIVE_MS = 15_000;
const DEFAULT_KEEPALIVE_COUNT = 4;
const AWS_IDENT = /^SSH-2\.0-AWS_SFTP_/;

/** An authenticated SSH connection; SFTP sessions are opened on it as channels. */
export class SshConnection {
  readonly host: string;
  readonly port: number;
  readonly serverIdent: string;
  readonly negotiated: Negotiated;
  readonly #client: Client;
  readonly #logger: Logger;
  readonly #quiet: boolean;
  #closed = false;
  #closeError: AppError | undefined;
  readonly #closeListeners = new Set<(error?: AppError) => void>();

  constructor(init: {
    client: Client;
    host: string;
    port: number;
    serverIdent: string;
    negotiated: Negotiated;
    logger: Logger;
    /** Not verbose: ssh2's debug lines are dropped after login. */
    quiet?: boolean;
  }) {
    this.#quiet = init.quiet ?? false;
    this.#client = init.client;
    this.host = init.host;
    this.port = init.port;
    this.serverIdent = init.serverIdent;
    this.negotiated = init.negotiated;
    this.#logger = init.logger;
    this.#client.on('error', (err) => {
      this.#closeError = mapConnectError(err, { host: this.host, port: this.port });
      if (this.#closeError.code === 'TIMEOUT') {
        this.#closeError = new AppError('CONNECTION_LOST', 'keepalive timeout', {
          host: this.host,
          port: this.port,
        });
      }
    });
    this.#client.on('close', () => this.#onClose());
  }

  /** True when the server identifies itself as AWS Transfer Family (S3-backed SFTP). */
  get isAwsTransferFamily(): boolean {
    return AWS_IDENT.test(this.serverIdent);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Opens an SFTP channel. Fails with TOO_MANY_CHANNELS when the server refuses a channel. */
  async sftp(): Promise<SftpSession> {
    if (this.#closed) throw this.#lostError();
    const wrapper = await new Promise<SFTPWrapper>((resolve, reject) => {
      this.#client.sftp((err, sftp) => {
        if (err) reject(this.#mapChannelError(err));
        else resolve(sftp);
      });
    });
    // Per-packet debug lines are formatted only while someone reads them (see silenceDebug).
    if (this.#quiet) (wrapper as unknown as { _debug?: unknown })._debug = undefined;
    const session = new SftpSession(wrapper, this.#logger.child('sftp'));
    this.onClose((error) => session.markLost(error ?? this.#lostError()));
    return session;
  }

  /** Runs fn when the connection ends (at once if it already has). Returns an unsubscribe. */
  onClose(fn: (error?: AppError) => void): () => void {
    if (this.#closed) {
      queueMicrotask(() => fn(this.#closeError));
      return () => undefined;
    }
    this.#closeListeners.add(fn);
    return () => this.#closeListeners.delete(fn);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const closed = new Promise<void>((resolve) => this.onClose(() => resolve()));
    this.#client.end();
    await closed;
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#logger.info('connection: closed', { host: this.host, port: this.port });
    for (const fn of this.#closeListeners) fn(this.#closeError);
    this.#closeListeners.clear();
  }

  #lostError(): AppError {
    return (
      this.#closeError ??
      new AppError('CONNECTION_LOST', 'connection closed', {
        host: this.host,
        port: this.port,
      })
    );
  }

  #mapChannelError(err: Error & { reason?: number }): AppError {
    // ssh2 reports a refused channel (OpenSSH MaxSessions, AWS's 10-channel limit) as
    // "(SSH) Channel open failure" with the RFC 4254 reason code on the error.
    if (typeof err.reason === 'number') {
      return new AppError('TOO_MANY_CHANNELS', err.message, { host: this.host }, err);
    }
    return mapConnectError(err, { host: this.host, port: this.port });
  }
}

/** Connects, verifies the host key, logs in with the key, and resolves when ready. */
export async function openConnection(options: ConnectOptions): Promise<SshConnection> {
  const port = options.port ?? 22;
  const logger = (options.logger ?? NULL_LOGGER).child('ssh');
  const details: ErrorDetails = { host: options.host, port, user: options.username };
  const policy = getPolicy(options.policy ?? DEFAULT_POLICY);
  const client = new Client();
  const debugLines: string[] = [];
  let serverIdent = '';
  let loggedIn = false;
  let hostKeyError: AppError | undefined;
  const gaveUp = new AbortController();
  const timer = new ReadyTimer(options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, () => {
    const err = Object.assign(new Error('Timed out while waiting for handshake'), {
      level: 'client-timeout',
    });
    client.emit('error', err);
    (client as unknown as Ssh2Internals)._sock?.destroy();
  });
  const confirm = options.confirmHostKey;

  const config: ConnectConfig = {
    host: options.host,
    port,
    username: options.username,
    // Ours (ReadyTimer), which can wait for a person; ssh2's cannot.
    readyTimeout: 0,
    keepaliveInterval: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
    keepaliveCountMax: options.keepaliveCountMax ?? DEFAULT_KEEPALIVE_COUNT,
    algorithms: policy.algorithms as ConnectConfig['algorithms'],
    authHandler: rsaSignatureViews(options.key.parsed).map((key) => ({
      type: 'publickey' as const,
      username: options.username,
      key,
    })) as unknown as ConnectConfig['authHandler'],
    // SECURITY: without a verifier ssh2 accepts any host key, which would let anyone on the
    // path impersonate Pyplan's server and collect uploaded files.
    hostVerifier: (keyBlob: Buffer, verify: (valid: boolean) => void) => {
      options.onStep?.('reach');
      verifyHostKey(keyBlob, {
        ...options,
        port,
        confirmHostKey: confirm && ((info) => confirmUntimed(confirm, info, timer, gaveUp.signal)),
      })
        .then(() => {
          options.onStep?.('hostKey');
          verify(true);
        })
        .catch((err: unknown) => {
          hostKeyError = err instanceof AppError ? err : mapConnectError(err, details);
          verify(false);
        });
    },
    // ssh2 reports every packet here. The lines matter only until login (the server's
    // identification, and what a failed negotiation offered); after it, keeping them would
    // cost a regular expression and an array shift per packet of every transfer.
    debug: (line: string) => {
      if (options.verbose) logger.trace(line);
      if (loggedIn) return;
      debugLines.push(line);
      if (debugLines.length > 400) debugLines.shift();
      const ident = /^Remote ident: '(.*)'$/.exec(line);
      if (ident?.[1] !== undefined) serverIdent = ident[1];
    },
  };

  const negotiated = await new Promise<Negotiated>((resolve, reject) => {
    let agreed: Negotiated | undefined;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      timer.stop();
      gaveUp.abort();
      client.end();
      reject(hostKeyError ?? describeFailure(err, details, config, debugLines));
    };
    // ssh2 can emit more than one error while a failed socket winds down; an error event
    // without a listener would crash the process, so one stays attached for good.
    client.on('error', fail);
    client.once('handshake', (n) => {
      agreed = {
        kex: n.kex,
        serverHostKey: n.serverHostKey,
        cipher: n.cs.cipher,
        mac: n.cs.mac,
        compress: n.cs.compress,
      };
    });
    client.once('ready', () => {
      settled = true;
      timer.stop();
      loggedIn = true;
      options.onStep?.('login');
      resolve(agreed as Negotiated);
    });
    client.once('close', () => fail(new AppError('CONNECTION_LOST', 'closed', details)));
    timer.start();
    client.connect(config);
  });

  logger.info('openConnection: ready', { host: options.host, port, ...negotiated, serverIdent });
  const quiet = !options.verbose;
  if (quiet) silenceDebug(client);
  const sock = (client as unknown as Ssh2Internals)._sock;
  if (sock) batchWrites(sock);
  return new SshConnection({
    client,
    host: options.host,
    port,
    serverIdent,
    negotiated,
    logger,
    quiet,
  });
}

/** ssh2's internals this module reaches into, for speed only; each use is guarded. */
interface Ssh2Internals {
  _sock?: Socket;
  _protocol?: { _debug?: unknown };
}

/**
 * After login the debug lines are not wanted (unless verbose), but ssh2 still formats one
 * for every packet it sends or receives while a debug function is set: drop the function.
 */
function silenceDebug(client: Client): void {
  const protocol = (client as unknown as Ssh2Internals)._protocol;
  if (protocol && '_debug' in protocol) protocol._debug = undefined;
}

function describeFailure(
  err: unknown,
  details: ErrorDetails,
  config: ConnectConfig,
  debugLines: string[],
): AppError {
  const mapped = mapConnectError(err, details);
  if (mapped.code !== 'HANDSHAKE_FAILED' || !(err instanceof Error)) return mapped;
  const offered = config.algorithms as Parameters<typeof explainHandshakeFailure>[1];
  const why = explainHandshakeFailure(err, offered, debugLines);
  return new AppError(
    'HANDSHAKE_FAILED',
    err.message,
    { ...details, kind: why.kind, ours: why.ours.join(', '), theirs: why.theirs?.join(', ') },
    err,
  );
}
