import { AppError } from '../../../shared/errors.ts';

/** What an `sftp://` link asks the app to open. */
export interface SftpLink {
  host: string;
  port: number;
  user?: string;
  path: string;
}

const ALLOWED_EXACT_HOSTS = new Set(['pyplan.com', 'docs.pyplan.com']);

/**
 * SECURITY: the renderer may ask main to open a URL in the OS browser. Anything outside our
 * own https sites (file:, smb:, custom schemes, look-alike hosts, embedded credentials) could
 * launch programs or leak NTLM hashes, so only these pass.
 */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return ALLOWED_EXACT_HOSTS.has(host) || host.endsWith('.pyplan.com');
}

/**
 * Parses `sftp://[user@]host[:port][/path]` as passed by the OS when a link is opened with
 * the app. Passwords in links are refused rather than silently dropped: the app never uses
 * passwords and a user should not be led to believe it stored one.
 */
export function parseSftpUrl(raw: string): SftpLink {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'not a URL', { url: raw.slice(0, 200) });
  }
  if (url.protocol !== 'sftp:') {
    throw new AppError('INVALID_ARGUMENT', 'not an sftp:// link', { scheme: url.protocol });
  }
  if (url.password !== '') throw new AppError('INVALID_ARGUMENT', 'passwords in links are refused');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new AppError('INVALID_ARGUMENT', 'sftp link without a host');
  const port = url.port === '' ? 22 : Number(url.port);
  const user = url.username === '' ? undefined : decodeURIComponent(url.username);
  const path = decodeURIComponent(url.pathname) || '/';
  if (path.includes('\0')) throw new AppError('INVALID_ARGUMENT', 'NUL in sftp link path');

  return user === undefined ? { host, port, path } : { host, port, user, path };
}

/** The first `sftp://` argument on a command line (Windows and Linux pass links this way). */
export function findSftpUrlInArgs(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^sftp:\/\//i.test(arg));
}
