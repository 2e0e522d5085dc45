import { invalidImportedField } from '../../../shared/importedProfile.ts';
import type { ImportedProfile, ImportSkipped } from '../../../shared/types/profile.ts';

export type { ImportSkipped };

export interface ImportResult {
  profiles: ImportedProfile[];
  skipped: ImportSkipped[];
}

/** A site in another protocol: left out, with the protocol's name when it is known. */
export function notSftp(name: string, protocol: string | undefined): ImportSkipped {
  return protocol === undefined
    ? { name, reason: 'notSftp' }
    : { name, reason: 'notSftp', protocol };
}

export interface ImportContext {
  /** The user's home folder, for `~` in paths. */
  home: string;
  /** Who ssh would log in as when a host names no User. */
  localUser: string;
}

export function parsePort(value: unknown, fallback = 22): number {
  const port = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : fallback;
}

/** Profile names are limited to 100 characters; FileZilla's folder paths can be longer. */
const MAX_NAME = 100;

function shortName(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const cut = name.slice(0, MAX_NAME);
  // Never leave half of a surrogate pair (an emoji, say) at the end.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The same site in the form a profile holds: trimmed, an IPv6 address without the brackets
 * some programs keep around it (`[fe80::1]`; ssh2 connects to the bare address), and a name
 * short enough to save.
 */
export function tidyImported(site: ImportedProfile): ImportedProfile {
  const host = site.host.trim();
  const bracketed = /^\[([0-9A-Fa-f:.]+(?:%[^\]]+)?)\]$/.exec(host);
  return {
    ...site,
    name: shortName(site.name.trim()),
    host: bracketed ? (bracketed[1] as string) : host,
    user: site.user.trim(),
  };
}

/**
 * Why a site cannot become a profile, or undefined when it can. Checked when the file is
 * read, so the user sees every site that will not come in before importing anything.
 */
export function unusableReason(site: ImportedProfile): ImportSkipped | undefined {
  if (site.host === '') return { name: site.name, reason: 'noHost' };
  // FileZilla's anonymous logon and WinSCP sessions without UserName: SFTP needs a user.
  if (site.user === '') return { name: site.name, reason: 'noUser' };
  const field = invalidImportedField(site);
  return field === undefined ? undefined : { name: site.name, reason: 'invalid', field };
}

/** Splits parsed sites into those that make valid profiles and those left out, with why. */
export function sortOutImported(parsed: ImportResult): ImportResult {
  const result: ImportResult = { profiles: [], skipped: [...parsed.skipped] };
  for (const found of parsed.profiles) {
    const site = tidyImported(found);
    const reason = unusableReason(site);
    if (reason === undefined) result.profiles.push(site);
    else result.skipped.push(reason);
  }
  return result;
}
