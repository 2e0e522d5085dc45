import { afterAll, beforeAll } from 'vitest';
import type { SshConnection } from '../../electron/services/ssh/connect.ts';
import type { SftpSession } from '../../electron/services/sftp/SftpSession.ts';
import { sessionTo } from './session.ts';
import { startSshd, type Sshd } from './sshd.ts';

export interface SshdSession {
  readonly sshd: Sshd;
  readonly connection: SshConnection;
  readonly session: SftpSession;
}

/**
 * For a describe block: the suite's real sshd and one SFTP session to it, from before its
 * first test to after its last.
 */
export function useSshdSession(): SshdSession {
  let opened: SshdSession | undefined;
  beforeAll(async () => {
    const sshd = await startSshd();
    opened = { sshd, ...(await sessionTo(sshd)) };
  });
  afterAll(async () => {
    await opened?.connection.close();
    await opened?.sshd.stop();
  });
  const get = (): SshdSession => {
    if (!opened) throw new Error('the sshd starts in beforeAll');
    return opened;
  };
  return {
    get sshd() {
      return get().sshd;
    },
    get connection() {
      return get().connection;
    },
    get session() {
      return get().session;
    },
  };
}
