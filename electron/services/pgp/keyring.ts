import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { NULL_LOGGER, type Logger } from '../../../shared/logger.ts';
import { localFsError } from './errors.ts';
import type { ParsedKey } from './keyOps.ts';
import type { SecretBox } from './secretBox.ts';
import type { PgpGenerateKeyArgs, PgpKeyInfo, PgpKeyMaterial } from './types.ts';
import type { PgpWorkerPool } from './workerPool.ts';

export interface PgpKeyringOptions {
  /** The keyring folder; created (mode 0700) on first write. */
  dir: string;
  secretBox: SecretBox;
  pool: PgpWorkerPool;
  logger?: Logger;
}

interface SecretMeta {
  needsPassphrase: boolean;
}

const FINGERPRINT = /^[0-9A-F]{40}([0-9A-F]{24})?$/;
const PUBLIC_SUFFIX = '.pub.asc';

function checkFingerprint(fingerprint: string): string {
  const normalized = fingerprint.replace(/\s+/g, '').toUpperCase();
  // SECURITY: the fingerprint becomes a file name; anything but hex could leave the folder.
  if (!FINGERPRINT.test(normalized)) {
    throw new AppError('INVALID_ARGUMENT', 'not a fingerprint', { reason: 'not a fingerprint' });
  }
  return normalized;
}

/**
 * A missing keyring file means the key is not held (most often: deleted while a connection
 * still encrypts to it), which is what the user needs to hear, not a file name.
 */
function missing(fingerprint: string, secret: boolean) {
  return (err: unknown): never => {
    if (err instanceof AppError && err.code === 'LOCAL_NOT_FOUND') {
      const what = secret ? 'no secret key' : 'no key';
      throw new AppError('PGP_KEY_NOT_FOUND', `keyring: ${what} ${fingerprint}`, {
        fingerprint,
        ...(secret ? { secret: true } : {}),
      });
    }
    throw err;
  };
}

/**
 * The user's keys as a folder of files: `<FPR>.pub.asc` (the public key, armored, as sent to
 * Pyplan), `<FPR>.sec` (the secret key sealed by the SecretBox) and `<FPR>.sec.json` (whether
 * that secret key also has its own passphrase, so listing needs no unsealing). Parsing happens
 * in the worker pool; only file I/O and sealing happen here.
 */
export class PgpKeyring {
  readonly #dir: string;
  readonly #box: SecretBox;
  readonly #pool: PgpWorkerPool;
  readonly #logger: Logger;

  constructor(options: PgpKeyringOptions) {
    this.#dir = options.dir;
    this.#box = options.secretBox;
    this.#pool = options.pool;
    this.#logger = (options.logger ?? NULL_LOGGER).child('pgp');
  }

  get dir(): string {
    return this.#dir;
  }

  async list(): Promise<PgpKeyInfo[]> {
    const infos: PgpKeyInfo[] = [];
    for (const fingerprint of await this.fingerprints()) {
      infos.push(await this.#describe(fingerprint));
    }
    return infos.sort((a, b) => (a.userIds[0] ?? '').localeCompare(b.userIds[0] ?? ''));
  }

  /** Imports every key in the material, merging with keys already held. */
  async import(material: PgpKeyMaterial): Promise<PgpKeyInfo[]> {
    const parsed = await this.#pool.run<ParsedKey[]>({ op: 'parseKeys', material });
    const stored: PgpKeyInfo[] = [];
    for (const key of parsed) stored.push(await this.#store(key));
    this.#logger.info('import: keys imported', { count: stored.length });

    return stored;
  }

  async generate(args: PgpGenerateKeyArgs): Promise<PgpKeyInfo> {
    const parsed = await this.#pool.run<ParsedKey>({ op: 'generateKey', args });
    this.#logger.info('generate: key pair created', { algorithm: args.algorithm });

    return this.#store(parsed);
  }

  /** The armored public key, ready to send. PGP_KEY_NOT_FOUND when it is not held. */
  async exportPublic(fingerprint: string): Promise<string> {
    const fpr = checkFingerprint(fingerprint);
    return this.#read(`${fpr}${PUBLIC_SUFFIX}`, 'utf8').catch(missing(fpr, false));
  }

  async remove(fingerprint: string): Promise<void> {
    const fpr = checkFingerprint(fingerprint);
    for (const suffix of ['.sec', '.sec.json', PUBLIC_SUFFIX]) {
      await rm(join(this.#dir, fpr + suffix), { force: true });
    }
  }

  async fingerprints(): Promise<string[]> {
    const names = await readdir(this.#dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw localFsError(err, this.#dir) ?? err;
    });
    return names
      .filter((name) => name.endsWith(PUBLIC_SUFFIX))
      .map((name) => name.slice(0, -PUBLIC_SUFFIX.length))
      .filter((fpr) => FINGERPRINT.test(fpr));
  }

  /** Every public key, armored: the candidates for signature verification. */
  async publicKeys(): Promise<string[]> {
    const fingerprints = await this.fingerprints();
    return Promise.all(fingerprints.map((fpr) => this.exportPublic(fpr)));
  }

  /** The unsealed secret key (still protected by its own passphrase, if it has one). */
  async secretKey(fingerprint: string): Promise<Uint8Array> {
    const fpr = checkFingerprint(fingerprint);
    const sealed = await this.#read(`${fpr}.sec`).catch(missing(fpr, true));
    return this.#box.open(sealed);
  }

  /** Every secret key held, unsealed: the candidates for decryption. */
  async secretKeys(): Promise<Uint8Array[]> {
    const keys: Uint8Array[] = [];
    for (const fingerprint of await this.fingerprints()) {
      if (await this.#secretMeta(fingerprint)) keys.push(await this.secretKey(fingerprint));
    }
    return keys;
  }

  async #describe(fingerprint: string): Promise<PgpKeyInfo> {
    const [parsed] = await this.#pool.run<ParsedKey[]>({
      op: 'parseKeys',
      material: await this.exportPublic(fingerprint),
    });
    if (parsed === undefined) throw new AppError('PGP_KEY_INVALID', 'stored key unreadable', {});
    const meta = await this.#secretMeta(fingerprint);

    return {
      ...parsed.info,
      hasSecret: meta !== undefined,
      secretNeedsPassphrase: meta?.needsPassphrase === true,
    };
  }

  async #secretMeta(fingerprint: string): Promise<SecretMeta | undefined> {
    const text = await readFile(join(this.#dir, `${fingerprint}.sec.json`), 'utf8').catch(
      () => undefined,
    );
    return text === undefined ? undefined : (JSON.parse(text) as SecretMeta);
  }

  async #store(key: ParsedKey): Promise<PgpKeyInfo> {
    const fpr = checkFingerprint(key.info.fingerprint);
    const existing = await this.exportPublic(fpr).catch(() => undefined);
    const merged =
      existing === undefined
        ? key
        : await this.#pool.run<ParsedKey>({
            op: 'mergeKeys',
            base: existing,
            update: key.secretBinary ?? key.publicArmored,
          });
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    if (merged.secretBinary !== undefined) {
      await this.#write(`${fpr}.sec`, await this.#box.seal(merged.secretBinary));
      const meta: SecretMeta = { needsPassphrase: merged.info.secretNeedsPassphrase };
      await this.#write(`${fpr}.sec.json`, JSON.stringify(meta));
    }
    await this.#write(`${fpr}${PUBLIC_SUFFIX}`, merged.publicArmored);

    return this.#describe(fpr);
  }

  async #read(name: string): Promise<Uint8Array>;
  async #read(name: string, encoding: 'utf8'): Promise<string>;
  async #read(name: string, encoding?: 'utf8'): Promise<Uint8Array | string> {
    const path = join(this.#dir, name);
    return readFile(path, encoding).catch((err: unknown) => {
      throw localFsError(err, path) ?? err;
    });
  }

  /** Temporary file then rename, so a crash never leaves half a key. */
  async #write(name: string, data: Uint8Array | string): Promise<void> {
    const path = join(this.#dir, name);
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, { mode: 0o600, flag: 'wx' });
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw localFsError(err, path) ?? err;
    }
  }
}
