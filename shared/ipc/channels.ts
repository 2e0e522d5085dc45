/**
 * Every channel name, as plain strings. The preload needs only these names, so it does not
 * bundle the schemas; contract.ts binds each name to its schemas and a test checks both lists
 * agree. Names are `domain:verb` for requests and `domain:event` for main-to-renderer events.
 */
export const REQUEST_CHANNELS = [
  'profiles:list',
  'profiles:get',
  'profiles:save',
  'profiles:delete',
  'profiles:duplicate',
  'profiles:importKey',
  'profiles:listKeys',
  'profiles:deleteKey',
  'profiles:importFrom',
  'connection:connect',
  'connection:disconnect',
  'connection:list',
  'connection:test',
  'ssh:answerHostKey',
  'ssh:listPolicies',
  'ssh:forgetHostKey',
  'sftp:list',
  'sftp:listStart',
  'sftp:stat',
  'sftp:realpath',
  'sftp:mkdir',
  'sftp:rename',
  'sftp:delete',
  'local:home',
  'local:list',
  'local:listStart',
  'local:stat',
  'local:drives',
  'local:mkdir',
  'local:rename',
  'local:delete',
  'transfers:upload',
  'transfers:download',
  'transfers:cancel',
  'transfers:pause',
  'transfers:resume',
  'transfers:pauseAll',
  'transfers:resumeAll',
  'transfers:cancelAll',
  'transfers:retry',
  'transfers:list',
  'transfers:clearFinished',
  'transfers:copyLocal',
  'transfers:findConflicts',
  'pgp:listKeys',
  'pgp:importKey',
  'pgp:deleteKey',
  'pgp:generateKey',
  'pgp:exportPublicKey',
  'pgp:answerPassphrase',
  'settings:get',
  'settings:update',
  'dialogs:openFile',
  'dialogs:openFolder',
  'app:info',
  'app:openExternal',
  'app:takeLinks',
  'app:log',
  'files:startDrag',
  'files:cancelDrag',
  'listing:cancel',
] as const;

export const EVENT_CHANNELS = [
  'ssh:hostKeyPrompt',
  'connection:closed',
  'transfers:progress',
  'transfers:stateChanged',
  'app:openLink',
  'listing:batch',
  'pgp:passphrasePrompt',
  'pgp:passphraseClosed',
  'files:dragProgress',
] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
export type Domain = DomainOf<RequestChannel | EventChannel>;

function splitChannel(channel: string): [string, string] {
  const at = channel.indexOf(':');
  return [channel.slice(0, at), channel.slice(at + 1)];
}

/** `sftp:list` → ['sftp', 'list']: window.pyplan.sftp.list(...). */
export function requestPath(channel: RequestChannel): [string, string] {
  return splitChannel(channel);
}

/** `transfers:progress` → ['transfers', 'onProgress']: window.pyplan.transfers.onProgress(cb). */
export function eventPath(channel: EventChannel): [string, string] {
  const [domain, name] = splitChannel(channel);
  return [domain, `on${name.charAt(0).toUpperCase()}${name.slice(1)}`];
}
