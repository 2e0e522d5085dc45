import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { inPhase } from './errors.ts';
import { assertCanEncryptTo, assertCanSign, unlockKey } from './keyChecks.ts';
import { readSecretKey, readSingleKey } from './material.ts';
import type { ResolvedCompression } from './compressionChoice.ts';
import type { PgpEncryptArgs, PgpSigner } from './types.ts';

const COMPRESSION: Record<ResolvedCompression, openpgp.enums.compression> = {
  none: openpgp.enums.compression.uncompressed,
  zip: openpgp.enums.compression.zip,
  zlib: openpgp.enums.compression.zlib,
};

/**
 * Per-call configuration (openpgp's global config is never touched). What GnuPG 2.2 reads: v4
 * keys and SEIPD v1 with MDC. openpgp.js switches to SEIPD v2 (AEAD) by itself only when every
 * recipient key advertises it, which GnuPG 2.2 keys never do.
 */
function encryptConfig(compression: ResolvedCompression): openpgp.PartialConfig {
  return {
    aeadProtect: false,
    v6Keys: false,
    preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
    preferredHashAlgorithm: openpgp.enums.hash.sha256,
    preferredCompressionAlgorithm: COMPRESSION[compression],
  };
}

async function prepareRecipients(args: PgpEncryptArgs): Promise<openpgp.Key[]> {
  const keys: openpgp.Key[] = [];
  for (const material of args.recipients) {
    const key = await readSingleKey(material);
    await assertCanEncryptTo(key);
    keys.push(key);
  }

  return keys;
}

async function prepareSigner(signer: PgpSigner | undefined) {
  if (signer === undefined) return undefined;
  const key = await unlockKey(await readSecretKey(signer.key), signer.passphrase);
  await assertCanSign(key);

  return key;
}

/** Keys are read and checked before the data is touched, so a refusal produces nothing. */
export async function prepareEncryption(args: PgpEncryptArgs) {
  if (args.recipients.length === 0) {
    throw new AppError('PGP_NO_RECIPIENTS', 'no recipients');
  }
  const recipients = await prepareRecipients(args);
  const signingKey = await prepareSigner(args.signer);

  return { recipients, signingKey };
}

/**
 * Encrypts a plaintext stream into a stream of OpenPGP bytes (binary, or armored text encoded
 * as UTF-8), holding no more than openpgp.js's chunk buffers in memory.
 */
export async function encryptStream(
  plaintext: ReadableStream<Uint8Array>,
  args: PgpEncryptArgs & { compression?: ResolvedCompression },
  prepared: Awaited<ReturnType<typeof prepareEncryption>>,
): Promise<ReadableStream<Uint8Array>> {
  const config = encryptConfig(args.compression ?? 'none');
  const message = await openpgp.createMessage({
    binary: plaintext,
    filename: args.filename,
    format: 'binary',
  });
  const signingKeys = prepared.signingKey === undefined ? [] : [prepared.signingKey];
  const common = { message, encryptionKeys: prepared.recipients, signingKeys, config };

  return inPhase('encrypt', async () => {
    if (args.armor !== true) return openpgp.encrypt({ ...common, format: 'binary' });
    const armored = await openpgp.encrypt({ ...common, format: 'armored' });

    return armored.pipeThrough(new TextEncoderStream());
  });
}
