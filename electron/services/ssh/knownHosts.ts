import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { mapNodeError } from '../fs/mapNodeError.ts';

/**
 * known_hosts in OpenSSH's format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read the way
 * OpenSSH's hostfile.c reads it, so a file we write is one `ssh` trusts and the reverse.
 */

export type HostKeyCheck =
  | { status: 'trusted' }
  | { status: 'unknown' }
  | { status: 'mismatch'; expected: Array<{ keyType: string; fingerprint: string }> }
  | { status: 'revoked' };

export interface KnownHostsStore {
  check(host: string, port: number, keyType: string, keyBlob: Buffer): Promise<HostKeyCheck>;
  add(host: string, port: number, keyType: string, keyBlob: Buffer): Promise<void>;
  /**
   * Removes the trusted keys for a host, as `ssh-keygen -R` does, so the next connection asks
   * as for a new server; answers how many lines went. @revoked lines stay.
   */
  forget(host: string, port: number): Promise<number>;
  /** The trusted keys saved for a host (what forget() would remove), @revoked lines aside. */
  saved(host: string, port: number): Promise<Array<{ keyType: string; fingerprint: string }>>;
}

interface Entry {
  marker: 'revoked' | undefined;
  hosts: string;
  keyType: string;
  blob: Buffer;
}

const HASH_MAGIC = '|1|';
/** RSA host keys are one key type; rsa-sha2-* only name the signature made with them. */
const SIGNATURE_ALIASES: Record<string, string> = {
  'rsa-sha2-256': 'ssh-rsa',
  'rsa-sha2-512': 'ssh-rsa',
};

/** `SHA256:` and unpadded base64, exactly as `ssh-keygen -l -E sha256` prints it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** Our own file inside the app's data folder: the user's ~/.ssh is never written to. */
export function defaultKnownHostsPath(appHome: string): string {
  return join(appHome, 'known_hosts');
}

/** The key type is the first SSH string inside a public key blob (RFC 4253 section 6.6). */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || length > blob.length - 4) return undefined;
  const name = blob.subarray(4, 4 + length).toString('latin1');
  return /^[A-Za-z0-9@._+-]+$/.test(name) ? name : undefined;
}

/** OpenSSH looks a host up as `host` on port 22 and as `[host]:port` on any other port. */
function lookupName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function resolveKeyType(keyType: string, keyBlob: Buffer): string {
  const fromBlob = blobKeyType(keyBlob);
  if (fromBlob === undefined) {
    throw new AppError('INVALID_ARGUMENT', 'host key blob is not an SSH public key', { keyType });
  }
  if ((SIGNATURE_ALIASES[keyType] ?? keyType) !== fromBlob) {
    throw new AppError('INVALID_ARGUMENT', 'key type does not match the key blob', {
      keyType,
      blobKeyType: fromBlob,
    });
  }
  return fromBlob;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
}

/** `|1|salt|hash`: HMAC-SHA1 of the looked-up name, keyed by the salt (ssh-keygen -H). */
function matchesHashed(field: string, name: string): boolean {
  const [salt, hash, extra] = field.slice(HASH_MAGIC.length).split('|');
  if (salt === undefined || hash === undefined || extra !== undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A comma-separated pattern list with `*`, `?` and `!negation`, compared without regard to
 * case. As in OpenSSH's match_hostname, one matching negated pattern rules the line out.
 */
function matchesHostField(field: string, name: string): boolean {
  if (field.startsWith(HASH_MAGIC)) return matchesHashed(field, name);
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (pattern === '' || !globToRegExp(pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** One line, or undefined for comments, blank lines, @cert-authority and malformed lines. */
function parseLine(line: string): Entry | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return undefined;
  let marker: Entry['marker'];
  if (fields[0].startsWith('@')) {
    // Certificate authorities sign host certificates, which we do not accept, so their
    // lines say nothing about a plain host key. Unknown markers make OpenSSH skip the line.
    if (fields.shift() !== '@revoked') return undefined;
    marker = 'revoked';
  }
  const [hosts, keyType, base64] = fields;
  if (hosts === undefined || keyType === undefined || base64 === undefined) return undefined;
  const blob = Buffer.from(base64, 'base64');
  if (blobKeyType(blob) !== keyType) return undefined;
  return { marker, hosts, keyType, blob };
}

function uniqueFingerprints(entries: Entry[]): Array<{ keyType: string; fingerprint: string }> {
  const seen = new Map<string, { keyType: string; fingerprint: string }>();
  for (const entry of entries) {
    const fingerprint = fingerprintSha256(entry.blob);
    seen.set(fingerprint, { keyType: entry.keyType, fingerprint });
  }
  return [...seen.values()];
}

/** Decides like OpenSSH's check_hostkeys_by_key_or_type, given the lines for this host. */
function decide(entries: Entry[], keyType: string, keyBlob: Buffer): HostKeyCheck {
  if (entries.some((e) => e.marker === 'revoked' && e.blob.equals(keyBlob))) {
    return { status: 'revoked' };
  }
  const plain = entries.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.blob.equals(keyBlob))) return { status: 'trusted' };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length > 0) return { status: 'mismatch', expected: uniqueFingerprints(sameType) };
  // Keys of other types only: OpenSSH calls this a new host too (and warns that other key
  // types are known), so the user is asked, as for a first connection.
  return { status: 'unknown' };
}

/** The last byte decides whether an append must first end the file's unfinished line. */
async function endsWithoutNewline(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw mapNodeError(error, path);
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** A known_hosts file on disk. Reads it afresh on every check, so outside edits count. */
export class KnownHostsFile implements KnownHostsStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async check(host: string, port: number, keyType: string, keyBlob: Buffer): Promise<HostKeyCheck> {
    const type = resolveKeyType(keyType, keyBlob);
    const name = lookupName(host, port);
    const entries = (await this.#readEntries()).filter((e) => matchesHostField(e.hosts, name));

    return decide(entries, type, keyBlob);
  }

  /**
   * Appends `host keytype base64` (`[host]:port` off port 22), creating the file (0600) and
   * its folder (0700) when missing. Existing bytes are never rewritten.
   * SECURITY: a key that conflicts with a stored one (same type) or is @revoked is refused
   * with HOST_KEY_MISMATCH: replacing a changed key must stay an explicit act, not a side
   * effect of "trust this host".
   */
  async add(host: string, port: number, keyType: string, keyBlob: Buffer): Promise<void> {
    const type = resolveKeyType(keyType, keyBlob);
    const current = await this.check(host, port, type, keyBlob);
    if (current.status === 'trusted') return;
    if (current.status !== 'unknown') {
      throw new AppError('HOST_KEY_MISMATCH', `refusing to add a ${current.status} host key`, {
        host,
        port,
        keyType: type,
        fingerprint: fingerprintSha256(keyBlob),
      });
    }
    const line = `${lookupName(host, port)} ${type} ${keyBlob.toString('base64')}\n`;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const lead = (await endsWithoutNewline(this.path)) ? '\n' : '';
      await appendFile(this.path, lead + line, { mode: 0o600 });
    } catch (error) {
      throw mapNodeError(error, this.path);
    }
  }

  /**
   * Like `ssh-keygen -R`, a line whose pattern matches the host goes whole, even a wildcard
   * line that also names other hosts: the stale key may sit there, and keeping it would leave
   * the host refused.
   */
  async forget(host: string, port: number): Promise<number> {
    const name = lookupName(host, port);
    const lines = (await this.#readText()).split('\n');
    const kept = lines.filter((line) => {
      const entry = parseLine(line);
      return (
        entry === undefined || entry.marker === 'revoked' || !matchesHostField(entry.hosts, name)
      );
    });
    const removed = lines.length - kept.length;
    if (removed === 0) return 0;
    // A crash halfway must not leave a truncated file: every other host's trust is in it.
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      const { mode } = await stat(this.path);
      await writeFile(temp, kept.join('\n'), { mode: mode & 0o777 });
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw mapNodeError(error, this.path);
    }
    return removed;
  }

  async saved(
    host: string,
    port: number,
  ): Promise<Array<{ keyType: string; fingerprint: string }>> {
    const name = lookupName(host, port);
    const entries = (await this.#readEntries()).filter(
      (e) => e.marker === undefined && matchesHostField(e.hosts, name),
    );
    return uniqueFingerprints(entries);
  }

  async #readText(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw mapNodeError(error, this.path);
    }
  }

  async #readEntries(): Promise<Entry[]> {
    return (await this.#readText()).split('\n').flatMap((line) => parseLine(line) ?? []);
  }
}
