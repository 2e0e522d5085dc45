import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { z } from 'zod';
import type { SessionInfoSchema } from '../../../shared/schemas/connection.ts';
import type { SshConnection } from '../ssh/connect.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { EventSink } from './events.ts';

export type SessionInfo = z.output<typeof SessionInfoSchema>;

export interface LiveSession {
  info: SessionInfo;
  connection: SshConnection;
  /** The channel the file browser uses. */
  browse: SftpSession;
  /** A second channel for drag-out copies, so browsing stays quick while a file comes. */
  transfers(): Promise<SftpSession>;
}

/** Live connections by id. A dropped link removes its session and tells the renderer. */
export class SessionRegistry {
  readonly #sessions = new Map<string, LiveSession>();
  /** Sessions the user is disconnecting: their close is not an error. */
  readonly #closing = new Set<string>();
  readonly #emit: EventSink;
  readonly #logger: Logger;

  constructor(emit: EventSink, logger: Logger) {
    this.#emit = emit;
    this.#logger = logger.child('sessions');
  }

  add(connection: SshConnection, browse: SftpSession, info: Omit<SessionInfo, 'sessionId'>) {
    const sessionId = randomUUID();
    let transferChannel: Promise<SftpSession> | undefined;
    const session: LiveSession = {
      info: { ...info, sessionId },
      connection,
      browse,
      transfers: () => {
        transferChannel ??= connection.sftp();
        // A refused channel is not remembered, so the next job asks again.
        transferChannel.catch(() => (transferChannel = undefined));
        return transferChannel;
      },
    };
    this.#sessions.set(sessionId, session);
    connection.onClose((error) => {
      const requested = this.#closing.delete(sessionId);
      if (!this.#sessions.delete(sessionId)) return;
      // A server that vanishes without an SSH error (process killed) still lost the link.
      const cause = requested
        ? undefined
        : (error ?? new AppError('CONNECTION_LOST', 'connection closed', { sessionId }));
      this.#logger.info('session closed', { sessionId, code: cause?.code });
      this.#emit('connection:closed', cause ? { sessionId, error: cause.toJSON() } : { sessionId });
    });
    return session;
  }

  /** CONNECTION_LOST for an id that is gone: to the user, that is what happened. */
  get(sessionId: string): LiveSession {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new AppError('CONNECTION_LOST', 'no such session', { sessionId });
    return session;
  }

  list(): SessionInfo[] {
    return [...this.#sessions.values()].map((s) => s.info);
  }

  async close(sessionId: string): Promise<void> {
    const session = this.get(sessionId);
    this.#closing.add(sessionId);
    await session.connection.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }
}
