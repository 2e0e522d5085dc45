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
  | 'transfers:retry'
  | 'transfers:list'
  | 'transfers:clearFinished'
  | 'transfers:copyLocal';

function unlockOf(input: { passphrase?: string; savePassphrase: boolean }) {
  return input.passphrase === undefined
    ? { savePassphrase: input.savePassphrase }
    : { passphrase: input.passphrase, savePassphrase: input.savePassphrase };
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
    'ssh:forgetHostKey': async ({ profileId }) => ({
      removed: await app.forgetHostKey(profileId),
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
    'transfers:upload': (input) => ({
      jobIds: app.upload({
        sessionId: input.sessionId,
        paths: input.localPaths,
        targetDir: input.remoteDir,
        conflict: input.conflict,
        ...(input.encrypt === undefined ? {} : { pgp: input.encrypt }),
      }),
    }),
    'transfers:download': (input) => ({
      jobIds: app.download({
        sessionId: input.sessionId,
        paths: input.remotePaths,
        targetDir: input.localDir,
        conflict: input.conflict,
        ...(input.decrypt === undefined ? {} : { pgp: input.decrypt }),
      }),
    }),
    'transfers:cancel': ({ jobId }) => {
      app.transfers.cancel(jobId);
      return null;
    },
    'transfers:retry': ({ jobId, conflict }) => {
      app.transfers.retry(jobId, conflict);
      return null;
    },
    'transfers:list': () => app.transfers.list(),
    'transfers:clearFinished': () => {
      app.transfers.clearFinished();
      return null;
    },
    'transfers:copyLocal': async ({ localPaths, targetDir, conflict }) => ({
      jobIds: await app.copyLocal({ paths: localPaths, targetDir, conflict }),
    }),
  };
}
