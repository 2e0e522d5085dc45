import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { inPhase } from './errors.ts';
import { assertCanEncryptTo, assertCanSign, unlockKey } from './keyChecks.ts';
import { readSecretKey, readSingleKey } from './material.ts';
import type { PgpCompression, PgpEncryptArgs, PgpSigner } from './types.ts';

const COMPRESSION: Record<PgpCompression, openpgp.enums.compression> = {
  none: openpgp.enums.compression.uncompressed,
  zip: openpgp.enums.compression.zip,
  zlib: openpgp.enums.compression.zlib,
};

/**
 * Per-call configuration (openpgp's global config is never touched). What GnuPG 2.2 reads: v4
 * keys and SEIPD v1 with MDC. openpgp.js switches to SEIPD v2 (AEAD) by itself only when every
 * recipient key advertises it, which GnuPG 2.2 keys never do.
 */
function encryptConfig(compression: PgpCompression): openpgp.PartialConfig {
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
    throw new AppError('INVALID_ARGUMENT', 'no recipients', { reason: 'no recipient key' });
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
  args: PgpEncryptArgs,
  prepared: Awaited<ReturnType<typeof prepareEncryption>>,
): Promise<ReadableStream<Uint8Array>> {
  const config = encryptConfig(args.compression ?? 'none');
  const gate = readGate();
  const message = await openpgp.createMessage({
    binary: plaintext.pipeThrough(gate.transform),
    filename: args.filename,
    format: 'binary',
  });
  const signingKeys = prepared.signingKey === undefined ? [] : [prepared.signingKey];
  const common = { message, encryptionKeys: prepared.recipients, signingKeys, config };

  const encrypted = await inPhase('encrypt', async () => {
    if (args.armor !== true) return openpgp.encrypt({ ...common, format: 'binary' });
    const armored = await openpgp.encrypt({ ...common, format: 'armored' });

    return armored.pipeThrough(new TextEncoderStream());
  });

  return openOnFirstRead(encrypted, gate.open);
}

/**
 * Holds the plaintext back until the encrypted output is first read. When signing, openpgp.js
 * tees the plaintext and starts hashing one copy at once; before anyone reads the output, the
 * other copy would queue in memory at disk speed (150 MiB in the first second from a cached
 * file). Once the output flows, both copies advance together.
 */
function readGate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      await opened;
      controller.enqueue(chunk);
    },
  });

  return { transform, open: () => open() };
}

/** Calls open on the reader's first pull, which needs no data to happen (no deadlock). */
function openOnFirstRead(source: ReadableStream<Uint8Array>, open: () => void) {
  const reader = source.getReader();

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        open();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
