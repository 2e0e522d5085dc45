/**
 * How the engine adapts to a server. 'aws' is AWS Transfer Family over S3 (see
 * /work/shared/AWS-TRANSFER-NOTES.md); 'standard' is any other SFTP server, OpenSSH first.
 * 'auto' picks 'aws' when the server identifies itself as AWS Transfer Family.
 */
export type ServerProfileName = 'auto' | 'standard' | 'aws';

export interface ServerCompat {
  name: 'standard' | 'aws';
  /** SETSTAT may be tried (timestamps); S3 answers status 8. */
  setstat: boolean;
  /** Upload under a temporary name and rename; on S3 rename is a slow copy, so in place. */
  atomicUpload: boolean;
  /** WRITE at an offset works, so an upload can resume; S3 objects cannot be appended to. */
  offsetWrites: boolean;
  /** SFTP channels one SSH connection may hold; AWS allows 10, OpenSSH MaxSessions 10. */
  channelsPerConnection: number;
  /** S3 keys must be UTF-8: names are checked before anything is sent. */
  requireUtf8Names: boolean;
}

/**
 * A file always travels over one channel of one connection: AWS advises against spreading one
 * S3 object over several connections, and no server gains from it on one link.
 */
export const PROFILES: Record<ServerCompat['name'], ServerCompat> = {
  standard: {
    name: 'standard',
    setstat: true,
    atomicUpload: true,
    offsetWrites: true,
    channelsPerConnection: 10,
    requireUtf8Names: false,
  },
  aws: {
    name: 'aws',
    setstat: false,
    atomicUpload: false,
    offsetWrites: false,
    channelsPerConnection: 10,
    requireUtf8Names: true,
  },
};

export function resolveCompat(
  name: ServerProfileName | undefined,
  server?: { isAwsTransferFamily: boolean },
): ServerCompat {
  if (name === 'aws' || name === 'standard') return PROFILES[name];
  return server?.isAwsTransferFamily ? PROFILES.aws : PROFILES.standard;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when a name survives the trip to UTF-8 unchanged. Names read from a disk that are not
 * valid UTF-8 come back from Node with U+FFFD in place of the bad bytes, or lone surrogates
 * on Windows.
 */
export function isValidUtf8Name(name: string): boolean {
  return !LONE_SURROGATE.test(name) && !name.includes('\uFFFD');
}
