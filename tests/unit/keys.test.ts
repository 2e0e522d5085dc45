import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PPKError } from 'ppk-to-openssh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, ErrorDetails } from '../../shared/errors.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import {
  keyNeedsPassphrase,
  loadPrivateKey,
  readPrivateKeyFile,
  type LoadedKey,
} from '../../electron/services/ssh/keys.ts';
import { mapNodeKeyError } from '../../electron/services/ssh/keys/pemKey.ts';
import { mapPpkError } from '../../electron/services/ssh/keys/ppkKey.ts';
import { mapKeyFileError } from '../../electron/services/ssh/keys/readKeyFile.ts';
import type { KeySource } from '../../electron/services/ssh/keys/types.ts';
import { FIXTURE_PASSPHRASE as PASS, FIXTURES, SSH_KEYS } from '../helpers/fixtures.ts';

// Every key here is made by ssh-keygen, openssl or puttygen: fixtures, or generated below.
const T = mkdtempSync(join(tmpdir(), 'pyplan-keys-'));
const fx = (name: string): string => join(SSH_KEYS, name);
const tmp = (name: string): string => join(T, name);
const run = (cmd: string, ...args: string[]): string =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Split on spaces before {F}, {T}, {P} are filled in, so paths with spaces stay whole. */
const GENERATE = [
  // Encrypted and PKCS#8 kinds the fixtures lack.
  'openssl pkcs8 -topk8 -v2 aes-256-cbc -in {F}/rsa-pem.key -out {T}/rsa-pkcs8-enc.pem -passout pass:{P}',
  'openssl genpkey -algorithm ed25519 -out {T}/ed25519-pkcs8.pem',
  'openssl pkcs8 -topk8 -v2 aes-256-cbc -in {T}/ed25519-pkcs8.pem -out {T}/ed25519-pkcs8-enc.pem -passout pass:{P}',
  'openssl pkey -in {T}/ed25519-pkcs8.pem -pubout -out {T}/ed25519-pkcs8.spki',
  'openssl ec -in {F}/ecdsa-p384-pem.key -aes256 -passout pass:{P} -out {T}/ecdsa-sec1-enc.pem',
  'puttygen {F}/rsa-pem.key -o {T}/rsa-v2-enc.ppk --ppk-param version=2 --new-passphrase {T}/pp',
  'puttygen -t ecdsa -b 521 -C fixture-p521 -o {T}/ecdsa-p521.ppk --new-passphrase /dev/null',
  // Kinds we refuse: DSA, short RSA, curves and algorithms SSH logins do not use.
  'ssh-keygen -q -t dsa -N "" -f {T}/dsa-openssh',
  'ssh-keygen -q -t dsa -m PEM -N {P} -f {T}/dsa-pem',
  'puttygen -t dsa -b 1024 -o {T}/dsa.ppk --new-passphrase {T}/pp',
  'ssh-keygen -q -t rsa -b 1024 -N "" -f {T}/rsa1024-openssh',
  'openssl genrsa -traditional -out {T}/rsa1024-pkcs1.pem 1024',
  'openssl genpkey -algorithm ed448 -out {T}/ed448.pem',
  'openssl ecparam -name secp256k1 -genkey -noout -out {T}/k1.pem',
  // Public halves in every dress a user may be handed.
  'openssl pkey -in {F}/rsa-pem.key -pubout -out {T}/spki.pem',
  'openssl rsa -in {F}/rsa-pem.key -RSAPublicKey_out -out {T}/rsapub.pem',
  'puttygen {F}/ed25519-v3.ppk -O public -o {T}/putty-public.pub',
  'openssl req -x509 -key {F}/rsa-pem.key -subj /CN=pyplan-test -days 1 -out {T}/cert.pem',
];

function generateKeys(): void {
  writeFileSync(tmp('pp'), `${PASS}\n`);
  const fill = (arg: string): string =>
    arg === '""' ? '' : arg.replace('{F}', SSH_KEYS).replace('{T}', T).replace('{P}', PASS);
  for (const line of GENERATE) {
    const [cmd, ...args] = line.split(' ').map(fill);
    run(cmd!, ...args);
  }
  writeFileSync(tmp('rfc4716.pub'), run('ssh-keygen', '-e', '-f', fx('rsa-pem.key.pub')));
}

beforeAll(generateKeys);
afterAll(() => rmSync(T, { recursive: true, force: true }));

interface Refusal {
  code: ErrorCode;
  details: Record<string, unknown>;
  json: string;
}
async function failure(promise: Promise<unknown>): Promise<Refusal> {
  const err = await promise.then(
    () => expect.fail('expected the key to be refused'),
    (e: unknown) => e as Refusal,
  );
  return { code: err.code, details: err.details, json: JSON.stringify(err) };
}
const codeOf = async (p: Promise<unknown>): Promise<ErrorCode> => (await failure(p)).code;

type Good = [
  file: string,
  format: LoadedKey['format'],
  type: string,
  bits: number,
  comment: string,
];
const ENCRYPTED_GOOD = /encrypted|-enc\./;

const GOOD: Good[] = [
  [fx('rsa-pem.key'), 'pkcs1', 'ssh-rsa', 2048, ''],
  [fx('rsa-pem-encrypted.key'), 'pkcs1', 'ssh-rsa', 2048, ''],
  [fx('rsa-pkcs8.key'), 'pkcs8', 'ssh-rsa', 2048, ''],
  [fx('rsa-openssh.key'), 'openssh', 'ssh-rsa', 3072, 'fixture-rsa-openssh'],
  [fx('ed25519-openssh.key'), 'openssh', 'ssh-ed25519', 256, 'fixture-ed25519'],
  [fx('ed25519-openssh-encrypted.key'), 'openssh', 'ssh-ed25519', 256, 'fixture-ed25519-enc'],
  [fx('ecdsa-p256-openssh.key'), 'openssh', 'ecdsa-sha2-nistp256', 256, 'fixture-ecdsa'],
  [fx('ecdsa-p384-pem.key'), 'sec1', 'ecdsa-sha2-nistp384', 384, ''],
  [fx('rsa-v2.ppk'), 'ppk2', 'ssh-rsa', 2048, 'imported-openssh-key'],
  [fx('ed25519-v3.ppk'), 'ppk3', 'ssh-ed25519', 256, 'fixture-ed25519'],
  [fx('rsa-v3-encrypted.ppk'), 'ppk3', 'ssh-rsa', 2048, 'imported-openssh-key'],
  [tmp('rsa-pkcs8-enc.pem'), 'pkcs8', 'ssh-rsa', 2048, ''],
  [tmp('ed25519-pkcs8.pem'), 'pkcs8', 'ssh-ed25519', 256, ''],
  [tmp('ed25519-pkcs8-enc.pem'), 'pkcs8', 'ssh-ed25519', 256, ''],
  [tmp('ecdsa-sec1-enc.pem'), 'sec1', 'ecdsa-sha2-nistp384', 384, ''],
  [tmp('rsa-v2-enc.ppk'), 'ppk2', 'ssh-rsa', 2048, 'imported-openssh-key'],
  [tmp('ecdsa-p521.ppk'), 'ppk3', 'ecdsa-sha2-nistp521', 521, 'fixture-p521'],
];
const goodFor = (file: string): Good | undefined => GOOD.find(([f]) => f === file);
const isEncrypted = (file: string): boolean => ENCRYPTED_GOOD.test(basename(file));

interface PublicHalf {
  sshPub?: string;
  spkiPem?: string;
}

/** Where a key's public half comes from, made without our code. */
function publicHalf(file: string): PublicHalf {
  const name = basename(file);
  if (name.startsWith('ed25519-pkcs8')) {
    return { spkiPem: readFileSync(tmp('ed25519-pkcs8.spki'), 'utf8') };
  }
  if (name === 'rsa-pkcs8-enc.pem') return { sshPub: fx('rsa-pem.key.pub') };
  if (name === 'ecdsa-sec1-enc.pem') return { sshPub: fx('ecdsa-p384-pem.key.pub') };
  if (!name.endsWith('.ppk')) return { sshPub: `${file}.pub` };
  const extra = isEncrypted(file) ? ['--old-passphrase', tmp('pp')] : [];
  const out = tmp(`${name}.pub`);
  run('puttygen', file, '-O', 'public-openssh', '-o', out, ...extra);
  return { sshPub: out };
}

/**
 * ssh-keygen's fingerprint. ssh-keygen cannot read Ed25519 SPKI, so for that the RFC 8709 key
 * blob is built from openssl's output and hashed as OpenSSH does.
 */
function expectedFingerprint(pub: PublicHalf): string {
  if (pub.sshPub) return run('ssh-keygen', '-l', '-E', 'sha256', '-f', pub.sshPub).split(' ')[1]!;
  const raw = createPublicKey(pub.spkiPem!).export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The public half as a node KeyObject: via ssh-keygen -e, or the raw Ed25519 bytes in SPKI. */
function publicKeyObject(pub: PublicHalf): KeyObject {
  if (pub.spkiPem) return createPublicKey(pub.spkiPem);
  const line = readFileSync(pub.sshPub!, 'utf8');
  if (!line.startsWith('ssh-ed25519')) {
    return createPublicKey(run('ssh-keygen', '-e', '-m', 'PKCS8', '-f', pub.sshPub!));
  }
  const raw = Buffer.from(line.split(' ')[1]!, 'base64').subarray(-32);
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

const HASHES: Record<string, Array<string | undefined>> = {
  'ssh-rsa': ['sha256', 'sha512'],
  'ssh-ed25519': [undefined],
  'ecdsa-sha2-nistp256': ['sha256'],
  'ecdsa-sha2-nistp384': ['sha384'],
  'ecdsa-sha2-nistp521': ['sha512'],
};

/** Proves the loaded key is the private half of the .pub: its signatures verify with node. */
function expectSignaturesVerify(key: LoadedKey, publicKey: KeyObject): void {
  const data = randomBytes(64);
  for (const hash of HASHES[key.type]!) {
    const signature = key.parsed.sign(data, hash);
    expect(verify(hash ?? null, data, publicKey, signature)).toBe(true);
    expect(verify(hash ?? null, randomBytes(64), publicKey, signature)).toBe(false);
  }
}

describe('loadPrivateKey: keys that must load', () => {
  it.each(GOOD.map((g) => [basename(g[0]), g] as const))('%s', async (_name, good) => {
    const [file, format, type, bits, comment] = good;
    const encrypted = isEncrypted(file);
    const key = await readPrivateKeyFile(file, encrypted ? PASS : undefined);
    const pub = publicHalf(file);
    expect(key).toMatchObject({ type, bits, format, encrypted, comment });
    expect(key.fingerprint).toBe(expectedFingerprint(pub));
    expect(key.parsed.isPrivateKey()).toBe(true);
    expect(key.parsed.type).toBe(type);
    expectSignaturesVerify(key, publicKeyObject(pub));
  });
});

describe('every fixture key file has its expected outcome', () => {
  const REFUSED: Record<string, ErrorCode> = {
    'not-a-private-key.key': 'KEY_IS_PUBLIC',
    'truncated.key': 'KEY_DAMAGED',
    'garbage.key': 'KEY_NOT_A_KEY',
  };
  const files = readdirSync(SSH_KEYS).filter((name) => !name.endsWith('.pub'));

  it.each(files)('%s', async (name) => {
    const isGood = goodFor(fx(name)) !== undefined;
    const expected = REFUSED[name];
    expect(isGood || expected !== undefined, 'a fixture without an expected outcome').toBe(true);
    // Good fixtures are loaded, fingerprinted and signed with in the GOOD table above.
    if (!isGood) expect(await codeOf(readPrivateKeyFile(fx(name), PASS))).toBe(expected);
  });
});

describe('loadPrivateKey: files refused with a distinct code', () => {
  const CASES: Array<[string, () => string, ErrorCode]> = [
    ['DSA, OpenSSH format', () => tmp('dsa-openssh'), 'KEY_UNSUPPORTED'],
    ['DSA, PEM (BEGIN DSA PRIVATE KEY)', () => tmp('dsa-pem'), 'KEY_UNSUPPORTED'],
    ['DSA, PuTTY', () => tmp('dsa.ppk'), 'KEY_UNSUPPORTED'],
    ['RSA 1024, OpenSSH format', () => tmp('rsa1024-openssh'), 'KEY_UNSUPPORTED'],
    ['RSA 1024, PKCS#1', () => tmp('rsa1024-pkcs1.pem'), 'KEY_UNSUPPORTED'],
    ['Ed448, PKCS#8', () => tmp('ed448.pem'), 'KEY_UNSUPPORTED'],
    ['EC secp256k1, SEC1', () => tmp('k1.pem'), 'KEY_UNSUPPORTED'],
    ['OpenPGP secret key', () => join(FIXTURES, 'keys/pgp/analyst-rsa.sec.asc'), 'KEY_UNSUPPORTED'],
    ['OpenSSH .pub line', () => fx('rsa-pem.key.pub'), 'KEY_IS_PUBLIC'],
    ['BEGIN PUBLIC KEY', () => tmp('spki.pem'), 'KEY_IS_PUBLIC'],
    ['BEGIN RSA PUBLIC KEY', () => tmp('rsapub.pem'), 'KEY_IS_PUBLIC'],
    ['---- BEGIN SSH2 PUBLIC KEY ---- (ssh-keygen -e)', () => tmp('rfc4716.pub'), 'KEY_IS_PUBLIC'],
    ['PuTTY "save public key"', () => tmp('putty-public.pub'), 'KEY_IS_PUBLIC'],
    ['X.509 certificate', () => tmp('cert.pem'), 'KEY_IS_PUBLIC'],
    [
      'OpenPGP public key',
      () => join(FIXTURES, 'keys/pgp/platform-ed25519.pub.asc'),
      'KEY_IS_PUBLIC',
    ],
  ];
  it.each(CASES)('%s', async (_name, path, code) => {
    expect(await codeOf(readPrivateKeyFile(path(), PASS))).toBe(code);
  });

  it.each([
    ['PEM', () => tmp('dsa-pem')],
    ['.ppk', () => tmp('dsa.ppk')],
  ])('refuses an encrypted DSA %s before asking for its passphrase', async (_name, path) => {
    const data = readFileSync(path());
    expect(data.toString()).toMatch(/ENCRYPTED|aes256-cbc/);
    expect(keyNeedsPassphrase(data)).toBe(false);
    expect(await codeOf(loadPrivateKey({ data }))).toBe('KEY_UNSUPPORTED');
  });

  it('says "too weak" for short RSA keys', async () => {
    const { json } = await failure(readPrivateKeyFile(tmp('rsa1024-pkcs1.pem')));
    expect(json).toContain('too weak');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['only blank lines', ' \r\n\n\t\n'],
    [
      'binary (PNG header)',
      Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]),
    ],
    ['over 1 MiB', Buffer.alloc(1024 * 1024 + 1, 'A')],
    ['OpenPGP binary key', readFileSync(join(FIXTURES, 'keys/pgp/platform-ed25519.pub.gpg'))],
  ])('KEY_NOT_A_KEY: %s', async (_name, data) => {
    expect(await codeOf(loadPrivateKey({ data }))).toBe('KEY_NOT_A_KEY');
  });

  it('KEY_NOT_A_KEY for a file over 1 MiB, without reading it as a key', async () => {
    writeFileSync(tmp('big.pem'), Buffer.alloc(1024 * 1024 + 1, 'A'));
    expect(await failure(readPrivateKeyFile(tmp('big.pem')))).toMatchObject({
      code: 'KEY_NOT_A_KEY',
      details: { path: tmp('big.pem'), size: 1024 * 1024 + 1 },
    });
  });

  it.each([
    ['missing file', () => tmp('no-such-key.pem'), 'There is no key file at'],
    ['a folder', () => T, 'is a folder, not a key file'],
    ['a path through a file', () => join(fx('rsa-pem.key'), 'child'), 'There is no key file at'],
  ])('KEY_FILE_UNREADABLE: %s, said plainly', async (_name, path, says) => {
    const { code, details, json } = await failure(readPrivateKeyFile(path()));
    expect(code).toBe('KEY_FILE_UNREADABLE');
    expect(json).toContain(JSON.stringify(path()));
    expect(ERROR_TEXT_EN.KEY_FILE_UNREADABLE((details ?? {}) as ErrorDetails)).toContain(says);
  });
});

describe('loadPrivateKey: damaged keys made from real ones', () => {
  const text = (name: string): string => readFileSync(fx(name), 'utf8');

  it('an OpenSSH key with lines cut out of the middle', async () => {
    const lines = text('rsa-openssh.key').split('\n');
    const data = [...lines.slice(0, 5), ...lines.slice(20)].join('\n');
    expect(await codeOf(loadPrivateKey({ data }))).toBe('KEY_DAMAGED');
  });

  it('a PEM key with a line that is not base64', async () => {
    const lines = text('rsa-pem.key').split('\n');
    lines[3] = 'this line was mangled by a mail client';
    expect(await failure(loadPrivateKey({ data: lines.join('\n') }))).toMatchObject({
      code: 'KEY_DAMAGED',
      details: { reason: 'base64' },
    });
  });

  it('an unencrypted .ppk whose private part was altered (MAC check)', async () => {
    const data = text('rsa-v2.ppk').replace(
      /(Private-Lines: \d+\n)(.)/,
      (_m, head: string, c) => head + (c === 'A' ? 'B' : 'A'),
    );
    expect(await failure(loadPrivateKey({ data }))).toMatchObject({
      code: 'KEY_DAMAGED',
      details: { reason: 'INVALID_MAC' },
    });
  });

  it('an Ed25519 key whose private seed no longer matches its public key', async () => {
    const body = text('ed25519-openssh.key').split('\n').slice(1, -2).join('');
    const blob = Buffer.from(body, 'base64');
    const publicKey = Buffer.from(
      readFileSync(fx('ed25519-openssh.key.pub'), 'utf8').split(' ')[1]!,
      'base64',
    ).subarray(-32);
    const seedEnd = blob.lastIndexOf(publicKey) - 1;
    blob[seedEnd] = blob[seedEnd]! ^ 0xff;
    const data = [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      blob.toString('base64'),
      '-----END OPENSSH PRIVATE KEY-----',
    ].join('\n');
    expect(await failure(loadPrivateKey({ data }))).toMatchObject({
      code: 'KEY_DAMAGED',
      details: { reason: 'mismatch' },
    });
  });
});

describe('passphrases, for each kind of encryption', () => {
  const ENCRYPTED: Array<[string, () => string]> = [
    ['legacy PEM (PKCS#1, AES-128-CBC)', () => fx('rsa-pem-encrypted.key')],
    ['legacy PEM (SEC1, AES-256-CBC)', () => tmp('ecdsa-sec1-enc.pem')],
    ['OpenSSH bcrypt', () => fx('ed25519-openssh-encrypted.key')],
    ['PuTTY v3 Argon2', () => fx('rsa-v3-encrypted.ppk')],
    ['PuTTY v2', () => tmp('rsa-v2-enc.ppk')],
    ['PKCS#8 encrypted, RSA', () => tmp('rsa-pkcs8-enc.pem')],
    ['PKCS#8 encrypted, Ed25519', () => tmp('ed25519-pkcs8-enc.pem')],
  ];

  it.each(ENCRYPTED)('%s: asks, refuses a wrong one, then loads', async (_name, path) => {
    const data = readFileSync(path());
    expect(keyNeedsPassphrase(data)).toBe(true);
    expect(keyNeedsPassphrase(data.toString('utf8'))).toBe(true);
    expect(await codeOf(loadPrivateKey({ data }))).toBe('KEY_PASSPHRASE_REQUIRED');
    expect(await codeOf(loadPrivateKey({ data, passphrase: '' }))).toBe('KEY_PASSPHRASE_REQUIRED');
    const wrong = await failure(loadPrivateKey({ data, passphrase: 'battery-staple' }));
    expect(wrong.code).toBe('KEY_PASSPHRASE_WRONG');
    expect(wrong.json).not.toContain('battery-staple');
    await expect(loadPrivateKey({ data, passphrase: PASS })).resolves.toMatchObject({
      encrypted: true,
    });
  });

  it('keyNeedsPassphrase is false for plain keys and for anything that is not a key', () => {
    const plain = GOOD.filter(([f]) => !isEncrypted(f)).map(([f]) => readFileSync(f));
    const others = ['garbage.key', 'not-a-private-key.key', 'truncated.key'].map((n) =>
      readFileSync(fx(n)),
    );
    for (const data of [...plain, ...others, Buffer.alloc(0), Buffer.from([0, 1, 2])]) {
      expect(keyNeedsPassphrase(data)).toBe(false);
    }
  });

  it('ignores a passphrase given for a key that has none, as ssh does', async () => {
    const key = await readPrivateKeyFile(fx('ed25519-v3.ppk'), 'not needed');
    expect(key.encrypted).toBe(false);
  });
});

describe('Windows line ends, byte-order marks, blank lines and text around the key', () => {
  const PLAIN = ['rsa-pem.key', 'rsa-pkcs8.key', 'ecdsa-p384-pem.key', 'rsa-v2.ppk'];
  const VARIANTS: Record<string, (text: string) => string | Buffer> = {
    'CRLF + BOM': (t) => `\uFEFF${t.replace(/\n/g, '\r\n')}`,
    'blank lines and indentation': (t) =>
      `\n\n  \r\n${t
        .split('\n')
        .map((line) => `  ${line}\t`)
        .join('\n')}\n\n \n`,
    'pasted into a mail': (t) => `Hello,\n\nhere is your key:\n\n${t}\nRegards,\nPyplan\n`,
    'saved by PowerShell as UTF-16': (t) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\n/g, '\r\n'), 'utf16le')]),
  };
  const everything = (t: string): string =>
    `\uFEFF\r\n\r\n${t
      .split('\n')
      .map((line) => ` ${line}`)
      .join('\r\n')}\r\n\r\n`;
  const cases = [
    ...PLAIN.flatMap((name) => Object.keys(VARIANTS).map((v) => [name, v] as const)),
    // Decrypting is slow (bcrypt, Argon2), so encrypted keys get all changes in one file.
    ...['rsa-pem-encrypted.key', 'ed25519-openssh-encrypted.key', 'rsa-v3-encrypted.ppk'].map(
      (name) => [name, 'everything'] as const,
    ),
  ];

  it.each(cases)('%s, %s', async (name, variant) => {
    const change = VARIANTS[variant] ?? everything;
    const path = join(T, 'variants', variant.replace(/\W+/g, '-'), name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, change(readFileSync(fx(name), 'utf8')));
    const key = await readPrivateKeyFile(path, PASS);
    expect(key.fingerprint).toBe(expectedFingerprint(publicHalf(fx(name))));
    expect(keyNeedsPassphrase(readFileSync(path))).toBe(isEncrypted(name));
  });

  it('accepts the same as a string, byte-order mark included', async () => {
    const data = everything(readFileSync(fx('rsa-pem.key'), 'utf8'));
    const key = await loadPrivateKey({ data });
    expect(key.fingerprint).toBe(expectedFingerprint(publicHalf(fx('rsa-pem.key'))));
  });
});

describe('error mapping by structured codes', () => {
  const source = (encrypted: boolean): KeySource => ({ format: 'pkcs8', text: '', encrypted });
  const nodeError = (code?: string): Error => Object.assign(new Error('x'), { code });

  it.each([
    ['ERR_OSSL_BAD_DECRYPT', true, 'KEY_PASSPHRASE_WRONG'],
    ['ERR_OSSL_EVP_BAD_DECRYPT', true, 'KEY_PASSPHRASE_WRONG'],
    ['ERR_OSSL_UNSUPPORTED', true, 'KEY_PASSPHRASE_WRONG'],
    ['ERR_OSSL_UNSUPPORTED', false, 'KEY_DAMAGED'],
    ['ERR_OSSL_ASN1_WRONG_TAG', false, 'KEY_DAMAGED'],
    ['ERR_MISSING_PASSPHRASE', true, 'KEY_PASSPHRASE_REQUIRED'],
    ['ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED', true, 'KEY_PASSPHRASE_REQUIRED'],
    ['ERR_INVALID_ARG_TYPE', false, 'INTERNAL'],
    [undefined, false, 'INTERNAL'],
  ])('node:crypto %s (encrypted: %s) -> %s', (code, encrypted, expected) => {
    expect(mapNodeKeyError(nodeError(code), source(encrypted)).code).toBe(expected);
  });

  it.each([
    ['PASSPHRASE_REQUIRED', true, 'KEY_PASSPHRASE_REQUIRED'],
    ['INVALID_MAC', true, 'KEY_PASSPHRASE_WRONG'],
    ['INVALID_MAC', false, 'KEY_DAMAGED'],
    ['UNSUPPORTED_ALGORITHM', false, 'KEY_UNSUPPORTED'],
    ['UNSUPPORTED_ENCRYPTION', true, 'KEY_UNSUPPORTED'],
    ['MISSING_FIELD', false, 'KEY_DAMAGED'],
    ['BUFFER_UNDERRUN', true, 'KEY_DAMAGED'],
  ])('ppk-to-openssh %s (encrypted: %s) -> %s', (code, encrypted, expected) => {
    expect(mapPpkError(new PPKError('x', code), source(encrypted)).code).toBe(expected);
  });

  it.each([
    ['ENOENT', 'missing'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EISDIR', 'is a folder'],
    ['EMFILE', 'EMFILE'],
  ])('file %s -> KEY_FILE_UNREADABLE (%s)', (errno, reason) => {
    const err = mapKeyFileError(nodeError(errno), '/keys/cert.pem');
    expect(err.code).toBe('KEY_FILE_UNREADABLE');
    expect(err.details).toEqual({ path: '/keys/cert.pem', reason });
  });
});
