import type { PgpKeyInfo as PgpKeyDetails } from '../pgp/types.ts';

/** The subset of key facts the renderer shows and the profile form picks recipients from. */
export interface PgpKeySummary {
  fingerprint: string;
  keyId: string;
  userIds: string[];
  algorithm: string;
  hasSecret: boolean;
  canEncrypt: boolean;
  expiresMs?: number;
  revoked: boolean;
}

/** The user's OpenPGP keys: recipients for uploads, own secret keys for downloads. */
export interface PgpKeyService {
  listKeys(): Promise<PgpKeySummary[]>;
  importKey(path: string, passphrase?: string): Promise<PgpKeySummary>;
  deleteKey(fingerprint: string): Promise<void>;
}

export function summarizeKey(info: PgpKeyDetails): PgpKeySummary {
  return {
    fingerprint: info.fingerprint,
    keyId: info.keyId,
    userIds: info.userIds,
    algorithm: info.algorithm,
    hasSecret: info.hasSecret,
    canEncrypt: info.canEncrypt && info.status === 'valid',
    ...(info.expiresMs === null ? {} : { expiresMs: info.expiresMs }),
    revoked: info.status === 'revoked',
  };
}
