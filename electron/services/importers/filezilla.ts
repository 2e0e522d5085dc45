import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../../shared/errors.ts';
import { notSftp, parsePort, type ImportResult } from './types.ts';

/** FileZilla's protocol numbers (ServerProtocol in its source): 1 is SFTP. */
const PROTOCOL_SFTP = '1';
const PROTOCOL_NAMES: Record<string, string> = {
  '0': 'FTP',
  '3': 'FTP over TLS',
  '4': 'FTP over TLS',
  '6': 'FTP over TLS',
};

type XmlNode = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';

/**
 * FileZilla stores RemoteDir as "<type> <prefix length> [prefix] (<length> <segment>)*" so
 * names with spaces survive. Only Unix-style paths (type 1) make sense for SFTP.
 */
export function decodeFileZillaPath(encoded: string): string | undefined {
  let rest = encoded.trim();
  const take = (): string | undefined => {
    const match = /^(\d+) ?/.exec(rest);
    if (!match) return undefined;
    rest = rest.slice(match[0].length);
    return match[1];
  };
  const takeChars = (count: number): string => {
    const piece = rest.slice(0, count);
    rest = rest.slice(count).replace(/^ /, '');
    return piece;
  };
  if (take() !== '1') return undefined;
  const prefixLength = Number(take() ?? '0');
  if (prefixLength > 0) takeChars(prefixLength);
  const segments: string[] = [];
  while (rest !== '') {
    const length = take();
    if (length === undefined) return undefined;
    segments.push(takeChars(Number(length)));
  }
  return `/${segments.join('/')}`;
}

function collectServers(node: XmlNode, folder: string, out: Array<[string, XmlNode]>): void {
  for (const server of (node.Server as XmlNode[] | undefined) ?? []) out.push([folder, server]);
  for (const sub of (node.Folder as XmlNode[] | undefined) ?? []) {
    const name = text(sub['#text']);
    collectServers(sub, folder ? `${folder}/${name}` : name, out);
  }
}

/** FileZilla's Site Manager (sitemanager.xml): SFTP sites only; passwords are never read. */
export function importFileZilla(xml: string): ImportResult {
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => name === 'Server' || name === 'Folder',
  });
  if (XMLValidator.validate(xml) !== true) {
    throw new AppError('INVALID_ARGUMENT', 'not a FileZilla site file', { reason: 'bad XML' });
  }
  const doc = parser.parse(xml) as XmlNode;
  const servers = ((doc.FileZilla3 as XmlNode | undefined)?.Servers ?? {}) as XmlNode;
  const found: Array<[string, XmlNode]> = [];
  collectServers(servers, '', found);
  const result: ImportResult = { profiles: [], skipped: [] };

  for (const [folder, server] of found) {
    const siteName = text(server.Name) || text(server.Host);
    const name = folder ? `${folder}/${siteName}` : siteName;
    const protocol = text(server.Protocol) || '0';
    if (protocol !== PROTOCOL_SFTP) {
      result.skipped.push(notSftp(name, PROTOCOL_NAMES[protocol]));
      continue;
    }
    const keyPath = text(server.Keyfile);
    const remoteFolder = decodeFileZillaPath(text(server.RemoteDir));
    result.profiles.push({
      name,
      host: text(server.Host),
      port: parsePort(text(server.Port)),
      user: text(server.User),
      ...(keyPath ? { keyPath } : {}),
      ...(remoteFolder && remoteFolder !== '/' ? { remoteFolder } : {}),
    });
  }
  return result;
}
