import * as openpgp from 'openpgp';
import { AppError } from '../../../shared/errors.ts';
import { checkDestination, writeAtomically } from './atomicFile.ts';
import { inPhase, pgpError } from './errors.ts';
import { unlockKey } from './keyChecks.ts';
import { readKeyMaterial, readMessageStream } from './material.ts';
import { quickCheck, quickCheckHead, type SeipdV1 } from './quickCheck.ts';
import { createStallGuard } from './stallGuard.ts';
import { assertSignatureAcceptable, watchSignatures } from './signatures.ts';
import { unwrapSignedToFile } from './verifyOp.ts';
import type {
  PgpDecryptArgs,
  PgpDecryptResult,
  PgpKeyMaterial,
  PgpSignatureStatus,
} from './types.ts';

const GIB = 1024 ** 3;
/** Plaintext may be this many times the encrypted size: CSV compresses about 10:1, bombs 1000:1. */
const MAX_EXPANSION = 100;
const MIN_LIMIT = GIB;
const LIMIT_UNKNOWN_SIZE = 64 * GIB;
/** `gpg --throw-keyids` hides the recipient: every secret key must be tried. */
const WILDCARD_KEY_ID = '0000000000000000';

/**
 * Per-call configuration (openpgp's global config is never touched). Plaintext streams out
 * before the integrity check ends (allowUnauthenticatedStream) so a 2.5 GiB file needs no
 * 2.5 GiB of memory; that is safe only because writeAtomically keeps it under a temporary
 * name until the check has passed, and deletes it otherwise. Legacy messages without any
 * integrity check stay refused (allowUnauthenticatedMessages false).
 */
const DECRYPT_CONFIG: openpgp.PartialConfig = {
  allowUnauthenticatedStream: true,
  allowUnauthenticatedMessages: false,
};

export function outputLimit(explicit: number | undefined, encryptedSize: number | undefined) {
  if (explicit !== undefined) return explicit;
  if (encryptedSize === undefined) return LIMIT_UNKNOWN_SIZE;

  return Math.max(MIN_LIMIT, encryptedSize * MAX_EXPANSION);
}

type AnyMessage = Awaited<ReturnType<typeof readMessageStream>>;

/**
 * Whether the message is encrypted at all (`gpg --sign` makes one that is only signed). Legacy
 * encryption without an integrity check is refused here.
 */
function isEncrypted(message: AnyMessage): boolean {
  const tags = openpgp.enums.packet;
  if (message.packets.findPacket(tags.symmetricallyEncryptedData) !== undefined) {
    throw new AppError('PGP_NOT_INTEGRITY_PROTECTED', 'SED packet without MDC', {});
  }
  const data =
    message.packets.findPacket(tags.symEncryptedIntegrityProtectedData) ??
    message.packets.findPacket(tags.aeadEncryptedData);

  return data !== undefined;
}

async function readAllKeys(materials: PgpKeyMaterial[]): Promise<openpgp.Key[]> {
  const keys: openpgp.Key[] = [];
  for (const material of materials) {
    // One unreadable stored key must not stop the others from being tried.
    keys.push(...(await readKeyMaterial(material).catch(() => [])));
  }

  return keys;
}

/**
 * The matching keys ready for use: those without a passphrase, plus those the passphrase
 * unlocks when one was given (a hidden recipient may be any of them). With none usable, the
 * first key's failure explains why (passphrase required or wrong).
 */
async function usableKeys(keys: openpgp.PrivateKey[], passphrase: string | undefined) {
  const usable = keys.filter((key) => key.isDecrypted());
  const locked = keys.filter((key) => !key.isDecrypted());
  if (usable.length > 0 && (passphrase === undefined || passphrase === '')) return usable;
  let firstError: unknown;
  for (const key of locked) {
    try {
      usable.push(await unlockKey(key, passphrase));
    } catch (err) {
      firstError ??= err;
    }
  }
  if (usable.length === 0) throw firstError;

  return usable;
}

interface Route {
  decryptionKeys?: openpgp.PrivateKey[];
  passwords?: string[];
  symmetric: boolean;
}

/** Picks how to open the message: a matching secret key, else the passphrase. */
async function chooseRoute(message: AnyMessage, args: PgpDecryptArgs): Promise<Route> {
  const keyIds = message.getEncryptionKeyIDs();
  const secretKeys = (await readAllKeys(args.secretKeys)).filter((k) => k.isPrivate());
  const matching = secretKeys.filter((key) =>
    keyIds.some((id) => id.toHex() === WILDCARD_KEY_ID || key.getKeys(id).length > 0),
  );
  if (matching.length > 0) {
    return { decryptionKeys: await usableKeys(matching, args.keyPassphrase), symmetric: false };
  }
  const tags = openpgp.enums.packet;
  if (message.packets.findPacket(tags.symEncryptedSessionKey) !== undefined) {
    if (args.messagePassphrase === undefined || args.messagePassphrase === '') {
      throw new AppError('PGP_PASSPHRASE_REQUIRED', 'file is passphrase-protected', {
        symmetric: true,
      });
    }
    return { passwords: [args.messagePassphrase], symmetric: true };
  }
  throw new AppError('PGP_NO_MATCHING_KEY', 'no secret key for this file', {
    keyIds: keyIds.map((id) => id.toHex().toUpperCase()),
  });
}

/**
 * The session key, found before decryption starts: the passphrase's key derivation (which may
 * take seconds) is then over before the stall guard watches openpgp.js.
 */
async function sessionKeysFor(message: AnyMessage, route: Route) {
  return openpgp.decryptSessionKeys({
    message,
    decryptionKeys: route.decryptionKeys,
    passwords: route.passwords,
    config: DECRYPT_CONFIG,
  });
}

function startDecryption(
  message: AnyMessage,
  sessionKeys: openpgp.DecryptedSessionKey[],
  verificationKeys: openpgp.Key[],
) {
  return openpgp.decrypt({
    message,
    sessionKeys: sessionKeys as openpgp.SessionKey[],
    verificationKeys,
    format: 'binary',
    config: DECRYPT_CONFIG,
  });
}

type SessionKeys = openpgp.DecryptedSessionKey[];

function wrongFilePassphrase(): AppError {
  return new AppError('PGP_PASSPHRASE_WRONG', 'bad session key (quick check)', {
    phase: 'decrypt',
    symmetric: true,
  });
}

/**
 * For a passphrase-only SEIPD v1 file, keeps the session keys that pass gpg's quick check
 * (see quickCheck.ts) and fails at once when none does, as gpg's "Bad session key". `checked`
 * says the key was confirmed, so a later failure is damage, not the passphrase.
 */
async function checkPassphraseKeys(
  message: AnyMessage,
  route: Route,
  sessionKeys: SessionKeys,
): Promise<{ sessionKeys: SessionKeys; checked: boolean }> {
  const tags = openpgp.enums.packet;
  const packet = message.packets.findPacket(tags.symEncryptedIntegrityProtectedData) as
    (SeipdV1 & { version?: number }) | undefined;
  if (!route.symmetric || packet === undefined || packet.version !== 1) {
    return { sessionKeys, checked: false };
  }
  const head = await quickCheckHead(packet);
  if (head === undefined) return { sessionKeys, checked: false };
  const verdicts = sessionKeys.map((key) => quickCheck(head, key));
  if (verdicts.every((v) => v === false)) throw wrongFilePassphrase();
  const passed = sessionKeys.filter((_key, i) => verdicts[i] === true);
  if (passed.length > 0 && verdicts.every((v) => v !== undefined)) {
    return { sessionKeys: passed, checked: true };
  }
  return { sessionKeys: sessionKeys.filter((_key, i) => verdicts[i] !== false), checked: false };
}

/**
 * What a stuck decryption means (see stallGuard.ts): garbage from a wrong session key. For a
 * passphrase-only file whose key could not be checked, before any plaintext, the passphrase
 * is what is wrong; otherwise the file is damaged.
 */
function stallError(symmetric: boolean, plaintextBytes: number): AppError {
  if (symmetric && plaintextBytes === 0) {
    return new AppError('PGP_PASSPHRASE_WRONG', 'openpgp.js stalled on garbage', {
      phase: 'decrypt',
      symmetric: true,
    });
  }
  return new AppError('PGP_INTEGRITY', 'openpgp.js stalled on garbage', { phase: 'decrypt' });
}

export interface DecryptJob {
  outputPath: string;
  overwrite: boolean;
  signal?: AbortSignal;
  encryptedSize?: number;
  onProgress?: (plaintextBytes: number) => void;
}

/**
 * Decrypts an OpenPGP stream (armored or binary) into a file, verifying the integrity check
 * and signatures before the file takes its real name. A message that is signed but not
 * encrypted is unwrapped and verified the same way (verifyOp.ts).
 */
export async function decryptToFile(
  input: ReadableStream<Uint8Array>,
  args: PgpDecryptArgs,
  job: DecryptJob,
): Promise<PgpDecryptResult> {
  await checkDestination(job.outputPath, job.overwrite);
  let plaintextBytes = 0;
  let symmetric = false;
  const guard = createStallGuard(input, () => stallError(symmetric, plaintextBytes));
  try {
    const message = await readMessageStream(guard.input, DECRYPT_CONFIG);
    const maxBytes = outputLimit(args.maxOutputBytes, job.encryptedSize);
    if (!isEncrypted(message)) {
      return await unwrapSignedToFile(message, await readAllKeys(args.verificationKeys), {
        ...job,
        maxBytes,
        requireSignature: args.requireSignature === true,
        guard,
      });
    }
    const route = await chooseRoute(message, args);
    const found = await inPhase('decrypt', () => sessionKeysFor(message, route), route);
    const { sessionKeys, checked } = await checkPassphraseKeys(message, route, found);
    // A confirmed key leaves only damage to explain a failure.
    symmetric = route.symmetric && !checked;
    const ctx = { symmetric };
    const verificationKeys = await readAllKeys(args.verificationKeys);
    const result = await inPhase(
      'decrypt',
      () => guard.watch(startDecryption(message, sessionKeys, verificationKeys)),
      ctx,
    );
    const signatureStatus = watchSignatures(result.signatures, verificationKeys);
    let signature: PgpSignatureStatus = { kind: 'not-signed' };
    const bytes = await writeAtomically(guard.output(result.data), job.outputPath, {
      overwrite: job.overwrite,
      mode: 0o600,
      signal: job.signal,
      maxBytes,
      onBytes: (total) => {
        plaintextBytes = total;
        job.onProgress?.(total);
      },
      classify: (err, written) =>
        pgpError('decrypt-stream', err, { ...ctx, plaintextSeen: written > 0 }),
      beforeCommit: async () => {
        signature = await signatureStatus();
        assertSignatureAcceptable(signature, args.requireSignature === true);
      },
    });

    return {
      outputPath: job.outputPath,
      bytes,
      signature,
      // openpgp.js gives '' or null when the sender stored no name.
      embeddedFilename: result.filename || undefined,
      symmetric: route.symmetric,
    };
  } finally {
    guard.stop();
  }
}
