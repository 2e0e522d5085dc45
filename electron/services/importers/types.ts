import type { z } from 'zod';
import type { ImportSkippedSchema } from '../../../shared/schemas/profile.ts';
import type { ImportedProfile } from '../../../shared/types/profile.ts';

export type ImportSkipped = z.infer<typeof ImportSkippedSchema>;

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
