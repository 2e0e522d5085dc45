import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { inPhase } from './errors.ts';
import type { PgpKeyMaterial } from './types.ts';

const WHITESPACE = new Set([0x09, 0x0a, 0x0d, 0x20]);
const UTF8_BOM_FIRST = 0xef;

/**
 * Armored or binary, judged by the bytes, never by a file name: every binary OpenPGP packet
 * starts with a byte whose top bit is set, which ASCII armor never has (a UTF-8 BOM aside).
 * Returns undefined while only whitespace has been seen.
 */
export function looksArmored(bytes: Uint8Array): boolean | undefined {
  for (const byte of bytes) {
    if (WHITESPACE.has(byte)) continue;
    return (byte & 0x80) === 0 || byte === UTF8_BOM_FIRST;
  }

  return undefined;
}

function asBytes(material: PgpKeyMaterial): Uint8Array {
  return typeof material === 'string' ? new TextEncoder().encode(material) : material;
}

/** Every key in the material (a file may hold several), public or secret. */
export async function readKeyMaterial(material: PgpKeyMaterial): Promise<openpgp.Key[]> {
  const bytes = asBytes(material);
  const armored = looksArmored(bytes);
  if (armored === undefined) {
    throw new AppError('PGP_KEY_INVALID', 'key material is empty', { phase: 'read-key' });
  }

  return inPhase('read-key', () =>
    armored
      ? openpgp.readKeys({ armoredKeys: new TextDecoder().decode(bytes) })
      : openpgp.readKeys({ binaryKeys: bytes }),
  );
}

/** Exactly one key; a file with several is refused so the user is never surprised. */
export async function readSingleKey(material: PgpKeyMaterial): Promise<openpgp.Key> {
  const keys = await readKeyMaterial(material);
  const [first] = keys;
  if (first === undefined || keys.length > 1) {
    throw new AppError('PGP_KEY_INVALID', `expected one key, found ${keys.length}`, {
      phase: 'read-key',
      keyCount: keys.length,
    });
  }

  return first;
}

export async function readSecretKey(material: PgpKeyMaterial): Promise<openpgp.PrivateKey> {
  const key = await readSingleKey(material);
  if (!key.isPrivate()) {
    throw new AppError('PGP_KEY_INVALID', 'a secret key is needed, this one is public', {
      phase: 'read-key',
      fingerprint: key.getFingerprint().toUpperCase(),
    });
  }

  return key;
}

const CLEARTEXT_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';
/** Enough of an armored file's start to see its first header line past some blank lines. */
const ARMOR_HEAD_BYTES = 1024;

/**
 * Whether armored input starts as a cleartext signature (`gpg --clearsign`), which
 * openpgp.js reads only as one whole string: it is refused by name rather than held in
 * memory. Reads at most ARMOR_HEAD_BYTES more into `head`, which the caller replays.
 */
async function isCleartextSigned(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  head: Uint8Array[],
): Promise<boolean> {
  let length = head.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  while (length < ARMOR_HEAD_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    length += value.byteLength;
  }
  // TextDecoder drops a UTF-8 BOM.
  const text = new TextDecoder().decode(Buffer.concat(head).subarray(0, ARMOR_HEAD_BYTES));

  return text.trimStart().startsWith(CLEARTEXT_HEADER);
}

/**
 * Reads the first bytes of a stream to tell armor from binary, then hands openpgp.js a stream
 * that replays them followed by the rest, so nothing beyond the first chunk is held.
 */
export async function readMessageStream(
  input: ReadableStream<Uint8Array>,
  config: openpgp.PartialConfig,
): Promise<
  openpgp.Message<openpgp.WebStream<Uint8Array>> | openpgp.Message<openpgp.WebStream<string>>
> {
  const reader = input.getReader();
  const head: Uint8Array[] = [];
  let armored: boolean | undefined;
  while (armored === undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    armored = looksArmored(value);
  }
  if (armored === undefined) {
    throw new AppError('PGP_DECRYPT_FAILED', 'the file is empty', { phase: 'read-message' });
  }
  if (armored && (await isCleartextSigned(reader, head))) {
    throw new AppError('PGP_SIGNED_NOT_ENCRYPTED', 'cleartext signature (gpg --clearsign)', {
      cleartext: true,
    });
  }
  const replay = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of head) controller.enqueue(chunk);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );

  return inPhase('read-message', async () => {
    if (!armored) return openpgp.readMessage({ binaryMessage: replay, config });
    const text = replay.pipeThrough(new TextDecoderStream());

    return openpgp.readMessage({ armoredMessage: text, config });
  });
}
