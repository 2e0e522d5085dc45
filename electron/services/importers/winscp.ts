import { parse } from 'ini';
import { notSftp, parsePort, type ImportResult } from './types.ts';

const SESSION_PREFIX = 'Sessions\\';
/** WinSCP's TFSProtocol: 0 SCP, 1 SFTP (SCP fallback), 2 SFTP only, 5 FTP, 6 WebDAV, 7 S3. */
const SFTP_PROTOCOLS = new Set(['1', '2']);
const PROTOCOL_NAMES: Record<string, string> = { '0': 'SCP', '5': 'FTP', '6': 'WebDAV', '7': 'S3' };

function decode(value: unknown): string {
  if (typeof value !== 'string') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The ini package treats dots in section names as nesting, but WinSCP session names are
 * often host names ("analyst@sftp.pyplan.com"), so dots in headers are escaped first.
 */
function escapeSectionDots(text: string): string {
  return text.replace(
    /^(\s*\[)(.*)(\]\s*)$/gm,
    (_m, open: string, name: string, close: string) =>
      `${open}${name.replace(/\./g, '\\.')}${close}`,
  );
}

/**
 * WinSCP's portable settings file (WinSCP.ini): one profile per `[Sessions\...]` section.
 * WinSCP writes only values that differ from its defaults, so a missing protocol is SFTP and
 * a missing port is 22. Stored passwords are never read.
 */
export function importWinScp(text: string): ImportResult {
  const sections = parse(escapeSectionDots(text)) as Record<string, Record<string, unknown>>;
  const result: ImportResult = { profiles: [], skipped: [] };

  for (const [header, values] of Object.entries(sections)) {
    if (!header.startsWith(SESSION_PREFIX) || typeof values !== 'object') continue;
    const name = decode(header.slice(SESSION_PREFIX.length));
    if (name === 'Default Settings') continue;
    const protocol = decode(values.FSProtocol) || '1';
    if (!SFTP_PROTOCOLS.has(protocol)) {
      result.skipped.push(notSftp(name, PROTOCOL_NAMES[protocol]));
      continue;
    }
    const keyPath = decode(values.PublicKeyFile);
    const remoteFolder = decode(values.RemoteDirectory);
    result.profiles.push({
      name,
      host: decode(values.HostName),
      port: parsePort(decode(values.PortNumber)),
      user: decode(values.UserName),
      ...(keyPath ? { keyPath } : {}),
      ...(remoteFolder ? { remoteFolder } : {}),
    });
  }
  // Section order in the ini file carries no meaning WinSCP shows; sort as its tree does.
  result.profiles.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}
