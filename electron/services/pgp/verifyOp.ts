import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { writeAtomically } from './atomicFile.ts';
import { inPhase, pgpError } from './errors.ts';
import type { readMessageStream } from './material.ts';
import { assertSignatureAcceptable, watchSignatures } from './signatures.ts';
import type { StallGuard } from './stallGuard.ts';
import type { PgpDecryptResult, PgpSignatureStatus } from './types.ts';

type AnyMessage = Awaited<ReturnType<typeof readMessageStream>>;

export interface UnwrapJob {
  outputPath: string;
  overwrite: boolean;
  signal?: AbortSignal;
  /** Decompression-bomb guard, as for decryption. */
  maxBytes: number;
  requireSignature: boolean;
  guard: StallGuard;
  onProgress?: (plaintextBytes: number) => void;
}

/**
 * Unwraps a message that is signed but not encrypted (`gpg --sign`, compressed or not, binary
 * or armored) into a file, as `gpg --decrypt` does, under the same rules as a decryption: the
 * data streams into a temporary file that takes its real name only once the signature status
 * is known and acceptable (a bad signature is always refused).
 *
 * A message neither encrypted nor signed (`gpg --store`) is refused: nothing in it would show
 * that it was changed, which is why legacy encryption without integrity check is refused too.
 */
export async function unwrapSignedToFile(
  message: AnyMessage,
  verificationKeys: openpgp.Key[],
  job: UnwrapJob,
): Promise<PgpDecryptResult> {
  const { guard } = job;
  const result = await inPhase('read-message', () =>
    guard.watch(openpgp.verify({ message, verificationKeys, format: 'binary' })),
  );
  if (result.signatures.length === 0) {
    await result.data.cancel().catch(() => undefined);
    throw new AppError('PGP_UNSUPPORTED', 'neither encrypted nor signed', {
      reason: 'not encrypted',
    });
  }
  const signatureStatus = watchSignatures(result.signatures, verificationKeys);
  let signature: PgpSignatureStatus = { kind: 'not-signed' };
  const bytes = await writeAtomically(guard.output(result.data), job.outputPath, {
    overwrite: job.overwrite,
    mode: 0o600,
    signal: job.signal,
    maxBytes: job.maxBytes,
    onBytes: job.onProgress,
    // Damaged compression or packets: the data itself, as for a decryption.
    classify: (err) => pgpError('decrypt-stream', err),
    beforeCommit: async () => {
      signature = await signatureStatus();
      assertSignatureAcceptable(signature, job.requireSignature);
    },
  });

  return {
    outputPath: job.outputPath,
    bytes,
    signature,
    // Read once the data has been: a compressed message's literal packet is parsed by then.
    // openpgp.js gives '' or null when the sender stored no name.
    embeddedFilename: message.getFilename() || undefined,
    symmetric: false,
  };
}
