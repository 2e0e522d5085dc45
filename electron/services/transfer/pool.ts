import { AppError, toAppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { SshConnection } from '../ssh/connect.ts';
import { SYSTEM_CLOCK, type Clock } from './limiter.ts';

/** One file's hold on a channel; every lease must end in release() or discard(). */
export interface Lease {
  readonly session: SftpSession;
  /** The connection the channel runs on, when known (not for a bare session). */
  readonly connection: SshConnection | undefined;
  release(): void;
  /** The link misbehaved (stalled): drop its connection so later files reconnect. */
  discard(reason: AppError): void;
}

export interface ChannelPoolOptions {
  /** Opens a new authenticated connection (host key enforced there); enables reconnecting. */
  connect?: () => Promise<SshConnection>;
  /** A connection the caller owns; the pool may open more channels on it, never closes it. */
  connection?: SshConnection;
  /** A channel the caller owns; used first, never closed by the pool. */
  session?: SftpSession;
  /** Connections the pool may open through `connect`. */
  maxConnections?: number;
  /** Channels per connection, at most; lowered when the server refuses one. */
  channelsPerConnection?: number;
  /** Files sharing one channel at once before another channel is opened. */
  filesPerChannel?: number;
  /** Connection attempts in a row before giving up (backoff doubles each time). */
  reconnectAttempts?: number;
  reconnectBaseMs?: number;
  clock?: Clock;
  logger?: Logger;
}

interface Link {
  connection: SshConnection | undefined;
  owned: boolean;
  channels: Channel[];
  opening: number;
  limit: number;
  dead: boolean;
}

interface Channel {
  session: SftpSession;
  link: Link;
  owned: boolean;
  active: number;
}

/** What the pool did, for tests and logs. */
export interface PoolStats {
  connectionsOpened: number;
  channelsOpened: number;
  channelsClosed: number;
  channelRefusals: number;
  peakChannels: number;
}

const RETRY_CONNECT: ReadonlySet<string> = new Set([
  'HOST_UNREACHABLE',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'CONNECTION_LOST',
  'TOO_MANY_CHANNELS',
]);

/**
 * SFTP channels over one or more SSH connections, shared by the files of a batch or a queue.
 * It never holds more channels on a connection than the server allows: a refused channel
 * (TOO_MANY_CHANNELS) lowers that connection's limit and the file waits for a free one.
 * Lost connections are dropped and replaced on demand, with backoff, through `connect`.
 */
export class ChannelPool {
  readonly #options: ChannelPoolOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #links: Link[] = [];
  readonly #waiters = new Set<() => void>();
  #connecting = 0;
  #closed = false;
  readonly stats: PoolStats = {
    connectionsOpened: 0,
    channelsOpened: 0,
    channelsClosed: 0,
    channelRefusals: 0,
    peakChannels: 0,
  };

  constructor(options: ChannelPoolOptions) {
    this.#options = options;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#logger = (options.logger ?? NULL_LOGGER).child('pool');
    if (options.connection || options.session) {
      const link = this.#addLink(options.connection, false);
      if (options.session) this.#addChannel(link, options.session, false);
    }
  }

  /** True when lost connections can be replaced. */
  get canReconnect(): boolean {
    return this.#options.connect !== undefined;
  }

  get #filesPerChannel(): number {
    return this.#options.filesPerChannel ?? 16;
  }

  /** Waits for a channel with room for one more file. */
  async acquire(signal?: AbortSignal): Promise<Lease> {
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'cancelled while waiting for a channel');
      if (this.#closed) throw new AppError('CANCELLED', 'channel pool closed');
      const channel = this.#freeChannel();
      if (channel) return this.#lease(channel);
      try {
        if (await this.#grow()) {
          failures = 0;
          continue;
        }
      } catch (err) {
        const error = toAppError(err);
        failures += 1;
        if (!RETRY_CONNECT.has(error.code) || failures >= this.#attempts()) throw error;
        const delay = (this.#options.reconnectBaseMs ?? 250) * 2 ** (failures - 1);
        this.#logger.warn('acquire: retrying', { code: error.code, delayMs: delay });
        await this.#clock.sleep(delay, signal);
        continue;
      }
      await this.#waitForChange(signal);
    }
  }

  /**
   * A second channel for the same file (a large download read through several channels at
   * once), other than `busy`'s, without waiting: undefined when none is free or can be opened
   * at once. Opening one never goes over the limits `acquire` keeps.
   */
  async acquireExtra(busy: SftpSession): Promise<Lease | undefined> {
    if (this.#closed) return undefined;
    const free = this.#freeChannel(busy);
    if (free) return this.#lease(free);
    try {
      if (!(await this.#grow())) return undefined;
    } catch {
      return undefined;
    }
    const opened = this.#freeChannel(busy);
    return opened ? this.#lease(opened) : undefined;
  }

  /** Ends every channel and connection the pool opened. Leases still out are cut off. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
    const closing: Array<Promise<void>> = [];
    for (const link of this.#links.splice(0)) {
      for (const channel of link.channels.splice(0)) this.#endChannel(channel);
      if (link.owned && link.connection)
        closing.push(link.connection.close().catch(() => undefined));
    }
    await Promise.all(closing);
  }

  #attempts(): number {
    return this.canReconnect ? (this.#options.reconnectAttempts ?? 6) : 1;
  }

  #freeChannel(exclude?: SftpSession): Channel | undefined {
    let best: Channel | undefined;
    for (const link of this.#links) {
      if (link.dead) continue;
      for (const channel of link.channels) {
        if (channel.session.isLost || channel.active >= this.#filesPerChannel) continue;
        if (exclude && (channel.session === exclude || channel.active > 0)) continue;
        if (!best || channel.active < best.active) best = channel;
      }
    }
    return best;
  }

  /** Opens a channel or a connection if the limits allow; false when the caller must wait. */
  async #grow(): Promise<boolean> {
    this.#prune();
    const link = this.#links.find(
      (l) => !l.dead && l.connection && l.channels.length + l.opening < l.limit,
    );
    if (link) return this.#openChannel(link);
    const connections = this.#links.filter((l) => l.owned).length + this.#connecting;
    const busy = this.#links.some((l) => l.opening > 0) || this.#connecting > 0;
    // One connection is opened at a time: a first connection may need the user's decision on
    // the host key, which must be asked once, not once per connection racing for it.
    const room = connections < (this.#options.maxConnections ?? 1) && this.#connecting === 0;
    if (this.#options.connect && room) {
      await this.#openConnection();
      return true;
    }
    const usable = this.#links.some((l) => !l.dead && (l.connection || l.channels.length > 0));
    if (!usable && !busy) {
      if (!this.#options.connect) throw this.#lostError();
      await this.#openConnection();
      return true;
    }
    return false;
  }

  async #openConnection(): Promise<void> {
    this.#connecting += 1;
    try {
      const connection = await (this.#options.connect as () => Promise<SshConnection>)();
      this.stats.connectionsOpened += 1;
      if (this.#closed) {
        await connection.close();
        return;
      }
      this.#addLink(connection, true);
    } finally {
      this.#connecting -= 1;
      this.#wake();
    }
  }

  async #openChannel(link: Link): Promise<boolean> {
    link.opening += 1;
    try {
      const session = await (link.connection as SshConnection).sftp();
      this.stats.channelsOpened += 1;
      if (this.#closed || link.dead) {
        session.end();
        return true;
      }
      this.#addChannel(link, session, true);
      return true;
    } catch (err) {
      const error = toAppError(err);
      if (error.code !== 'TOO_MANY_CHANNELS') throw error;
      // The server's real limit (MaxSessions, or channels held by other clients): wait for
      // one of ours to free up rather than failing the file.
      this.stats.channelRefusals += 1;
      link.limit = Math.max(1, link.channels.length);
      this.#logger.info('openChannel: server refused a channel', { limit: link.limit });
      if (link.channels.length === 0) throw error;
      return false;
    } finally {
      link.opening -= 1;
      this.#wake();
    }
  }

  #addLink(connection: SshConnection | undefined, owned: boolean): Link {
    const limit = this.#options.channelsPerConnection ?? 10;
    const link: Link = { connection, owned, channels: [], opening: 0, limit, dead: false };
    this.#links.push(link);
    connection?.onClose(() => {
      link.dead = true;
      this.#wake();
    });
    return link;
  }

  #addChannel(link: Link, session: SftpSession, owned: boolean): void {
    link.channels.push({ session, link, owned, active: 0 });
    const open = this.#links.reduce((n, l) => n + l.channels.length, 0);
    this.stats.peakChannels = Math.max(this.stats.peakChannels, open);
  }

  #lease(channel: Channel): Lease {
    channel.active += 1;
    let ended = false;
    const end = (): boolean => {
      if (ended) return false;
      ended = true;
      channel.active -= 1;
      this.#wake();
      return true;
    };
    return {
      session: channel.session,
      connection: channel.link.connection,
      release: () => void end(),
      discard: (reason) => {
        if (!end()) return;
        this.#logger.warn('discard: dropping a connection', { code: reason.code });
        this.#dropLink(channel.link, reason);
      },
    };
  }

  #dropLink(link: Link, reason: AppError): void {
    link.dead = true;
    for (const channel of link.channels) channel.session.markLost(reason);
    if (link.owned) void link.connection?.close().catch(() => undefined);
    this.#prune();
    this.#wake();
  }

  /** Forgets dead connections and lost channels; ends owned channels nobody uses. */
  #prune(): void {
    for (const link of [...this.#links]) {
      for (const channel of [...link.channels]) {
        if (!link.dead && !channel.session.isLost) continue;
        if (channel.active > 0) continue;
        link.channels.splice(link.channels.indexOf(channel), 1);
        this.#endChannel(channel);
      }
      const idle = link.channels.length === 0 && link.opening === 0;
      if (idle && !link.connection) link.dead = true;
      if (link.dead && idle) this.#links.splice(this.#links.indexOf(link), 1);
    }
  }

  #endChannel(channel: Channel): void {
    if (!channel.owned) return;
    this.stats.channelsClosed += 1;
    if (!channel.session.isLost) channel.session.end();
  }

  #lostError(): AppError {
    return new AppError('CONNECTION_LOST', 'the connection was lost');
  }

  #waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        this.#waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        if (signal?.aborted) reject(new AppError('CANCELLED', 'cancelled while waiting'));
        else resolve();
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
