import { toAppError, type AppError } from '../../../shared/errors.ts';
import type { Logger } from '../../../shared/logger.ts';
import type { z } from 'zod';
import { TEST_STEPS, type TestConnectionOutputSchema } from '../../../shared/schemas/connection.ts';
import type { Profile } from '../../../shared/types/profile.ts';
import type { ConnectOptions, ConnectStep, SshConnection } from '../ssh/connect.ts';
import type { LoadedKey } from '../ssh/keys.ts';
import type { KnownHostsStore } from '../ssh/knownHosts.ts';
import type { SftpSession } from '../sftp/SftpSession.ts';
import type { HostKeyPrompts } from './HostKeyPrompts.ts';

export type TestConnectionOutput = z.output<typeof TestConnectionOutputSchema>;
type TestStep = (typeof TEST_STEPS)[number];

export interface ConnectDeps {
  connect: (options: ConnectOptions) => Promise<SshConnection>;
  knownHosts: KnownHostsStore;
  prompts: HostKeyPrompts;
  logger: Logger;
}

/** Opens an SSH connection for a profile; unknown host keys are put to the user. */
export function openFor(
  deps: ConnectDeps,
  profile: Profile,
  key: LoadedKey,
  onStep?: (step: ConnectStep) => void,
): Promise<SshConnection> {
  return deps.connect({
    host: profile.host,
    port: profile.port,
    username: profile.user,
    key,
    policy: profile.algorithmPolicy,
    knownHosts: deps.knownHosts,
    confirmHostKey: (info) => deps.prompts.ask(info),
    logger: deps.logger,
    ...(onStep ? { onStep } : {}),
  });
}

/**
 * The folder to show first: the profile's remote folder when it exists, otherwise the login
 * folder. With `strict`, a missing profile folder is an error (the connection test).
 */
export async function startPath(sftp: SftpSession, profile: Profile, strict = false) {
  if (profile.remoteFolder) {
    try {
      return await sftp.realpath(profile.remoteFolder);
    } catch (err) {
      if (strict) throw err;
    }
  }
  return sftp.realpath('.');
}

function report(passed: Set<TestStep>, failure: AppError | undefined, failedAt?: TestStep) {
  let failedYet = false;
  return TEST_STEPS.map((step) => {
    if (failedYet) return { step, status: 'skipped' as const };
    if (failure && (step === failedAt || (failedAt === undefined && !passed.has(step)))) {
      failedYet = true;
      return { step, status: 'failed' as const, error: failure.toJSON() };
    }
    return { step, status: passed.has(step) ? ('ok' as const) : ('skipped' as const) };
  });
}

/**
 * Walks reach → host key → log in → open SFTP → list the start folder and says which step
 * failed. A key that cannot be loaded fails "log in" without trying the network.
 */
export async function testConnection(
  deps: ConnectDeps,
  profile: Profile,
  loadKey: () => Promise<LoadedKey>,
): Promise<TestConnectionOutput> {
  const passed = new Set<TestStep>();
  let key: LoadedKey;
  try {
    key = await loadKey();
  } catch (err) {
    return { ok: false, steps: report(passed, toAppError(err), 'login') };
  }
  let connection: SshConnection | undefined;
  let failure: AppError | undefined;
  let entryCount: number | undefined;
  try {
    connection = await openFor(deps, profile, key, (step) => passed.add(step));
    passed.add('login');
    const sftp = await connection.sftp();
    passed.add('sftp');
    entryCount = (await sftp.list(await startPath(sftp, profile, true))).length;
    passed.add('list');
  } catch (err) {
    failure = toAppError(err);
  } finally {
    await connection?.close();
  }

  return {
    ok: failure === undefined,
    steps: report(passed, failure),
    ...(connection ? { serverIdent: connection.serverIdent } : {}),
    ...(entryCount === undefined ? {} : { entryCount }),
  };
}
