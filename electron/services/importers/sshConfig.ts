import SSHConfig, { LineType, type Directive, type Line, type Section } from 'ssh-config';
import { parsePort, type ImportContext, type ImportResult } from './types.ts';

function words(value: Directive['value']): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return value.map((v) => v.val);
}

const isDirective = (line: Line): line is Directive | Section => line.type === LineType.DIRECTIVE;

const isHostSection = (line: Line): line is Section =>
  isDirective(line) && line.param.toLowerCase() === 'host' && 'config' in line;

const isPattern = (alias: string): boolean => /[*?!]/.test(alias);

/**
 * SECURITY: `Match exec` runs shell commands and CanonicalizeHostName makes the library spawn
 * nslookup. A config file is data to read here, never something to execute, so both go.
 */
function isUnsafe(line: Line): boolean {
  return isDirective(line) && /^(match|canonical)/i.test(line.param);
}

function removeUnsafe(lines: SSHConfig): void {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i] as Line;
    if (isUnsafe(line)) lines.splice(i, 1);
    else if (isHostSection(line)) removeUnsafe(line.config);
  }
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** The section's own IdentityFile wins over one inherited from `Host *`. */
function ownIdentityFile(section: Section): string | undefined {
  const line = section.config.find(
    (l) => isDirective(l) && l.param.toLowerCase() === 'identityfile',
  ) as Directive | undefined;
  return line ? words(line.value).join(' ') || undefined : undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/**
 * OpenSSH client config: one profile per concrete `Host` alias, with HostName, Port, User
 * and IdentityFile as `ssh` would compute them. `Include` files are not followed, so hosts
 * defined only in included files are not found.
 */
export function importSshConfig(text: string, context: ImportContext): ImportResult {
  const config = SSHConfig.parse(text);
  removeUnsafe(config);
  const result: ImportResult = { profiles: [], skipped: [] };

  for (const section of config.filter(isHostSection)) {
    for (const alias of words(section.value)) {
      if (isPattern(alias)) continue;
      const computed = config.compute(alias, { ignoreCase: true, matchExec: false });
      const identity = ownIdentityFile(section) ?? first(computed.identityfile);
      result.profiles.push({
        name: alias,
        host: (first(computed.hostname) ?? alias).replace(/%h/g, alias),
        port: parsePort(first(computed.port)),
        user: first(computed.user) ?? context.localUser,
        ...(identity ? { keyPath: expandHome(identity, context.home) } : {}),
      });
    }
  }
  return result;
}
