import type * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import type { PgpSignatureStatus } from './types.ts';

interface VerificationResult {
  keyID: openpgp.KeyID;
  verified: Promise<true>;
}

const RANK: Record<PgpSignatureStatus['kind'], number> = {
  bad: 0,
  valid: 1,
  'unknown-signer': 2,
  'not-signed': 3,
};

async function statusOf(
  keyID: openpgp.KeyID,
  settled: Promise<boolean>,
  keys: openpgp.Key[],
): Promise<PgpSignatureStatus> {
  const keyId = keyID.toHex().toUpperCase();
  // The signer is looked up here rather than read from openpgp's rejection, whose only
  // structure is its message text.
  const signer = keys.find((key) => key.getKeys(keyID).length > 0);
  if (signer === undefined) return { kind: 'unknown-signer', keyId };
  const fingerprint = signer.getFingerprint().toUpperCase();
  if (!(await settled)) return { kind: 'bad', keyId, fingerprint };

  return { kind: 'valid', keyId, fingerprint, userId: signer.getUserIDs()[0] };
}

/**
 * Starts watching the signatures of a message being decrypted. With streaming their promises
 * settle only after the last byte was read, so handlers are attached at once (no unhandled
 * rejection) and the returned function is called after the data has been written. With several
 * signatures, a bad one wins over a valid one, which wins over an unknown signer.
 */
export function watchSignatures(
  results: VerificationResult[],
  verificationKeys: openpgp.Key[],
): () => Promise<PgpSignatureStatus> {
  const watched = results.map((result) => ({
    keyID: result.keyID,
    settled: result.verified.then(
      () => true,
      () => false,
    ),
  }));

  return async () => {
    const statuses = await Promise.all(
      watched.map((w) => statusOf(w.keyID, w.settled, verificationKeys)),
    );
    const sorted = statuses.sort((a, b) => RANK[a.kind] - RANK[b.kind]);

    return sorted[0] ?? { kind: 'not-signed' };
  };
}

/** A bad signature is always refused; unsigned or unknown-signer files only when required. */
export function assertSignatureAcceptable(status: PgpSignatureStatus, required: boolean): void {
  if (status.kind === 'bad') {
    throw new AppError('PGP_SIGNATURE_INVALID', 'signature does not verify', {
      keyId: status.keyId,
      fingerprint: status.fingerprint,
    });
  }
  if (required && status.kind !== 'valid') {
    throw new AppError('PGP_SIGNATURE_INVALID', `signature required, found ${status.kind}`, {
      signature: status.kind,
      keyId: status.kind === 'unknown-signer' ? status.keyId : undefined,
    });
  }
}
