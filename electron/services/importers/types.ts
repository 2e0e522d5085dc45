import type { ImportedProfile } from '../../../shared/types/profile.ts';

export interface ImportResult {
  profiles: ImportedProfile[];
  skipped: Array<{ name: string; reason: string }>;
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
