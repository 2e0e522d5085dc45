import { z } from 'zod';
import { ProfileSchema, StoredKeyInfoSchema } from '../../../shared/schemas/profile.ts';
import type { Profile } from '../../../shared/types/profile.ts';

/** An imported private key as stored: facts in clear, the key and passphrase sealed. */
export const StoredKeyRecordSchema = z.object({
  info: StoredKeyInfoSchema.omit({ hasSavedPassphrase: true }),
  sealedKey: z.string().min(1),
  sealedPassphrase: z.string().min(1).optional(),
});

export type StoredKeyRecord = z.output<typeof StoredKeyRecordSchema>;

export interface ProfileDocument {
  schemaVersion: number;
  profiles: Profile[];
  keys: StoredKeyRecord[];
}

type RawDocument = Record<string, unknown>;
/** Turns a document of version N (its index) into version N + 1. */
export type Migration = (doc: RawDocument) => RawDocument;

/**
 * Version history of the stored profiles. A new shape appends a step here; documents are
 * migrated on load and written back in the newest shape.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: nothing stored yet, or a file written before the document carried a version.
  (doc) => ({
    schemaVersion: 1,
    profiles: Array.isArray(doc.profiles) ? doc.profiles : [],
    keys: Array.isArray(doc.keys) ? doc.keys : [],
  }),
];

export interface LoadedDocument {
  doc: ProfileDocument;
  /** Entries that failed the schema and were left out. */
  dropped: number;
  /** Written by a newer version of the app: readable, but saving would lose its data. */
  readOnly: boolean;
  /** Set when the stored document was older and has been migrated. */
  migratedFrom?: number;
}

function versionOf(raw: RawDocument): number {
  const version = raw.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

function keepValid<T>(items: unknown, schema: z.ZodType<T>): { kept: T[]; dropped: number } {
  const list = Array.isArray(items) ? items : [];
  const kept: T[] = [];
  for (const item of list) {
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
  }
  return { kept, dropped: list.length - kept.length };
}

/**
 * Reads whatever the store holds. A damaged entry is dropped on its own rather than losing
 * every profile; the caller logs how many.
 */
export function loadDocument(raw: unknown, migrations = MIGRATIONS): LoadedDocument {
  let doc: RawDocument = typeof raw === 'object' && raw !== null ? (raw as RawDocument) : {};
  const stored = versionOf(doc);
  const current = migrations.length;
  for (let version = stored; version < current; version += 1) {
    doc = (migrations[version] as Migration)(doc);
  }
  const profiles = keepValid(doc.profiles, ProfileSchema);
  const keys = keepValid(doc.keys, StoredKeyRecordSchema);

  return {
    doc: { schemaVersion: Math.max(stored, current), profiles: profiles.kept, keys: keys.kept },
    dropped: profiles.dropped + keys.dropped,
    readOnly: stored > current,
    ...(stored < current && raw !== undefined ? { migratedFrom: stored } : {}),
  };
}
