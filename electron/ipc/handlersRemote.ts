import type { HandlerServices } from './services.ts';
import type { Implementations } from './types.ts';

type RemoteChannels =
  | 'connection:connect'
  | 'connection:disconnect'
  | 'connection:list'
  | 'connection:test'
  | 'ssh:answerHostKey'
  | 'ssh:listPolicies'
  | 'ssh:forgetHostKey'
  | 'sftp:list'
  | 'sftp:stat'
  | 'sftp:realpath'
  | 'sftp:mkdir'
  | 'sftp:rename'
  | 'sftp:delete'
  | 'transfers:upload'
  | 'transfers:download'
  | 'transfers:cancel'
  | 'transfers:pause'
  | 'transfers:resume'
  | 'transfers:pauseAll'
  | 'transfers:resumeAll'
  | 'transfers:cancelAll'
  | 'transfers:retry'
  | 'transfers:list'
  | 'transfers:clearFinished'
  | 'transfers:copyLocal'
  | 'transfers:findConflicts';

function unlockOf(input: { passphrase?: string; savePassphrase: boolean }) {
  return input.passphrase === undefined
    ? { savePassphrase: input.savePassphrase }
    : { passphrase: input.passphrase, savePassphrase: input.savePassphrase };
}

/** Answers null once `work` is over (the contract's reply for commands). */
async function done(work: Promise<void>): Promise<null> {
  await work;
  return null;
}

/** Connections, the remote file system and transfer jobs, all through AppService. */
export function remoteHandlers(s: HandlerServices): Implementations<RemoteChannels> {
  const app = s.app;
  return {
    'connection:connect': (input) => app.connect(input.profileId, unlockOf(input)),
    'connection:disconnect': async ({ sessionId }) => {
      await app.disconnect(sessionId);
      return null;
    },
    'connection:list': () => app.sessions.list(),
    'connection:test': (input) => app.testConnection(input, unlockOf(input)),
    'ssh:answerHostKey': ({ promptId, trust }) => {
      app.prompts.answer(promptId, trust);
      return null;
    },
    'ssh:listPolicies': () => app.listPolicies(),
    // The user confirms in main's own dialog, not in the page (see AppService.forgetHostKey).
    'ssh:forgetHostKey': async ({ profileId }) => ({
      removed: await app.forgetHostKey(profileId, (saved) =>
        s.dialogs.confirmForgetHostKey({ ...saved, language: s.settings.get().language }),
      ),
    }),
    'sftp:list': ({ sessionId, path }) => app.list(sessionId, path),
    'sftp:stat': ({ sessionId, path }) => app.stat(sessionId, path),
    'sftp:realpath': ({ sessionId, path }) => app.realpath(sessionId, path),
    'sftp:mkdir': async ({ sessionId, path, parents }) => {
      await app.mkdir(sessionId, path, parents);
      return null;
    },
    'sftp:rename': async ({ sessionId, from, to }) => {
      await app.rename(sessionId, from, to);
      return null;
    },
    'sftp:delete': async ({ sessionId, path, kind }) => {
      await app.delete(sessionId, path, kind);
      return null;
    },
    'transfers:upload': async (input) => ({
      jobIds: await app.upload({
        sessionId: input.sessionId,
        paths: input.localPaths,
        targetDir: input.remoteDir,
        conflict: input.conflict,
        ...(input.encrypt === undefined ? {} : { pgp: input.encrypt }),
      }),
    }),
    'transfers:download': async (input) => ({
      jobIds: await app.download({
        sessionId: input.sessionId,
        paths: input.remotePaths,
        targetDir: input.localDir,
        conflict: input.conflict,
        ...(input.decrypt === undefined ? {} : { pgp: input.decrypt }),
      }),
    }),
    'transfers:cancel': ({ jobId }) => done(app.transfers.cancel(jobId)),
    'transfers:pause': ({ jobId }) => done(app.transfers.pause(jobId)),
    'transfers:resume': ({ jobId }) => done(app.transfers.resume(jobId)),
    'transfers:pauseAll': () => done(app.transfers.pauseAll()),
    'transfers:resumeAll': () => done(app.transfers.resumeAll()),
    'transfers:cancelAll': () => done(app.transfers.cancelAll()),
    'transfers:retry': ({ jobId, conflict }) => done(app.transfers.retry(jobId, conflict)),
    'transfers:list': () => app.transfers.list(),
    'transfers:clearFinished': () => done(app.transfers.clearFinished()),
    'transfers:copyLocal': async ({ localPaths, targetDir, conflict }) => ({
      jobIds: await app.copyLocal({ paths: localPaths, targetDir, conflict }),
    }),
    'transfers:findConflicts': (query) => app.findConflicts(query, s.local),
  };
}
