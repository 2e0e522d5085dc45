import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PPKError } from 'ppk-to-openssh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors.ts';
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

function generateKeys(): void {
  writeFileSync(tmp('pp'), `${PASS}\n`);
  const pass = `pass:${PASS}`;
  run('openssl', 'pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', fx('rsa-pem.key'),
    '-out', tmp('rsa-pkcs8-enc.pem'), '-passout', pass);
  run('openssl', 'genpkey', '-algorithm', 'ed25519', '-out', tmp('ed25519-pkcs8.pem'));
  run('openssl', 'pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', tmp('ed25519-pkcs8.pem'),
    '-out', tmp('ed25519-pkcs8-enc.pem'), '-passout', pass);
  run('openssl', 'ec', '-in', fx('ecdsa-p384-pem.key'), '-aes256', '-passout', pass,
    '-out', tmp('ecdsa-sec1-enc.pem'));
  run('puttygen', fx('rsa-pem.key'), '-o', tmp('rsa-v2-enc.ppk'), '--ppk-param', 'version=2',
    '--new-passphrase', tmp('pp'));
  run('puttygen', '-t', 'ecdsa', '-b', '521', '-o', tmp('ecdsa-p521.ppk'),
    '--new-passphrase', '/dev/null');
  // Unsupported kinds.
  run('ssh-keygen', '-q', '-t', 'dsa', '-N', '', '-f', tmp('dsa-openssh'));
  run('ssh-keygen', '-q', '-t', 'dsa', '-m', 'PEM', '-N', '', '-f', tmp('dsa-pem'));
  run('ssh-keygen', '-q', '-t', 'rsa', '-b', '1024', '-N', '', '-f', tmp('rsa1024-openssh'));
  run('openssl', 'genrsa', '-traditional', '-out', tmp('rsa1024-pkcs1.pem'), '1024');
  run('openssl', 'genpkey', '-algorithm', 'ed448', '-out', tmp('ed448.pem'));
  run('openssl', 'ecparam', '-name', 'secp256k1', '-genkey', '-noout', '-out', tmp('k1.pem'));
  run('puttygen', '-t', 'dsa', '-b', '1024', '-o', tmp('dsa.ppk'), '--new-passphrase', '/dev/null');
  // Public halves in every dress a user may be handed.
  run('openssl', 'pkey', '-in', fx('rsa-pem.key'), '-pubout', '-out', tmp('spki.pem'));
  run('openssl', 'rsa', '-in', fx('rsa-pem.key'), '-RSAPublicKey_out', '-out', tmp('rsapub.pem'));
  writeFileSync(tmp('rfc4716.pub'), run('ssh-keygen', '-e', '-f', fx('rsa-pem.key.pub')));
  run('puttygen', fx('ed25519-v3.ppk'), '-O', 'public', '-o', tmp('putty-public.pub'));
  run('openssl', 'req', '-x509', '-key', fx('rsa-pem.key'), '-subj', '/CN=pyplan-test',
    '-days', '1', '-out', tmp('cert.pem'));
}

/** OpenSSH public line of a .ppk, written by puttygen itself. */
function ppkPublic(path: string, encrypted: boolean): string {
  const extra = encrypted ? ['--old-passphrase', tmp('pp')] : [];
  run('puttygen', path, '-O', 'public-openssh', '-o', `${path}.pub`, ...extra);
  return `${path}.pub`;
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

interface Good {
  file: string;
  format: LoadedKey['format'];
  type: string;
  bits: number;
  encrypted: boolean;
  comment: string;
  /** Where the public half comes from: an OpenSSH .pub file, or openssl's SPKI PEM. */
  pub: () => { sshPub?: string; spkiPem?: string };
}
const pubOf = (file: string) => () => ({ sshPub: `${file}.pub` });

const GOOD: Good[] = [
  { file: fx('rsa-pem.key'), format: 'pkcs1', type: 'ssh-rsa', bits: 2048, encrypted: false,
    comment: '', pub: pubOf(fx('rsa-pem.key')) },
  { file: fx('rsa-pem-encrypted.key'), format: 'pkcs1', type: 'ssh-rsa', bits: 2048,
    encrypted: true, comment: '', pub: pubOf(fx('rsa-pem-encrypted.key')) },
  { file: fx('rsa-pkcs8.key'), format: 'pkcs8', type: 'ssh-rsa', bits: 2048, encrypted: false,
    comment: '', pub: pubOf(fx('rsa-pkcs8.key')) },
  { file: fx('rsa-openssh.key'), format: 'openssh', type: 'ssh-rsa', bits: 3072,
    encrypted: false, comment: 'fixture-rsa-openssh', pub: pubOf(fx('rsa-openssh.key')) },
  { file: fx('ed25519-openssh.key'), format: 'openssh', type: 'ssh-ed25519', bits: 256,
    encrypted: false, comment: 'fixture-ed25519', pub: pubOf(fx('ed25519-openssh.key')) },
  { file: fx('ed25519-openssh-encrypted.key'), format: 'openssh', type: 'ssh-ed25519', bits: 256,
    encrypted: true, comment: 'fixture-ed25519-enc',
    pub: pubOf(fx('ed25519-openssh-encrypted.key')) },
  { file: fx('ecdsa-p256-openssh.key'), format: 'openssh', type: 'ecdsa-sha2-nistp256',
    bits: 256, encrypted: false, comment: 'fixture-ecdsa', pub: pubOf(fx('ecdsa-p256-openssh.key')) },
  { file: fx('ecdsa-p384-pem.key'), format: 'sec1', type: 'ecdsa-sha2-nistp384', bits: 384,
    encrypted: false, comment: '', pub: pubOf(fx('ecdsa-p384-pem.key')) },
  { file: fx('rsa-v2.ppk'), format: 'ppk2', type: 'ssh-rsa', bits: 2048, encrypted: false,
    comment: 'imported-openssh-key', pub: () => ({ sshPub: ppkPublic(fx('rsa-v2.ppk'), false) }) },
  { file: fx('ed25519-v3.ppk'), format: 'ppk3', type: 'ssh-ed25519', bits: 256, encrypted: false,
    comment: 'fixture-ed25519', pub: () => ({ sshPub: ppkPublic(fx('ed25519-v3.ppk'), false) }) },
  { file: fx('rsa-v3-encrypted.ppk'), format: 'ppk3', type: 'ssh-rsa', bits: 2048,
    encrypted: true, comment: 'imported-openssh-key',
    pub: () => ({ sshPub: ppkPublic(fx('rsa-v3-encrypted.ppk'), true) }) },
  { file: tmp('rsa-pkcs8-enc.pem'), format: 'pkcs8', type: 'ssh-rsa', bits: 2048, encrypted: true,
    comment: '', pub: pubOf(fx('rsa-pem.key')) },
  { file: tmp('ed25519-pkcs8.pem'), format: 'pkcs8', type: 'ssh-ed25519', bits: 256,
    encrypted: false, comment: '', pub: () => ({ spkiPem: edSpki() }) },
  { file: tmp('ed25519-pkcs8-enc.pem'), format: 'pkcs8', type: 'ssh-ed25519', bits: 256,
    encrypted: true, comment: '', pub: () => ({ spkiPem: edSpki() }) },
  { file: tmp('ecdsa-sec1-enc.pem'), format: 'sec1', type: 'ecdsa-sha2-nistp384', bits: 384,
    encrypted: true, comment: '', pub: pubOf(fx('ecdsa-p384-pem.key')) },
  { file: tmp('rsa-v2-enc.ppk'), format: 'ppk2', type: 'ssh-rsa', bits: 2048, encrypted: true,
    comment: 'imported-openssh-key', pub: () => ({ sshPub: ppkPublic(tmp('rsa-v2-enc.ppk'), true) }) },
  { file: tmp('ecdsa-p521.ppk'), format: 'ppk3', type: 'ecdsa-sha2-nistp521', bits: 521,
    encrypted: false, comment: expect.stringMatching(/^ecdsa-key-/) as unknown as string,
    pub: () => ({ sshPub: ppkPublic(tmp('ecdsa-p521.ppk'), false) }) },
];

/** ssh-keygen cannot read Ed25519 in PKCS#8, so openssl gives the public half. */
function edSpki(): string {
  return run('openssl', 'pkey', '-in', tmp('ed25519-pkcs8.pem'), '-pubout');
}

/** The reference fingerprint: ssh-keygen's, or for SPKI the RFC 8709 blob hashed as OpenSSH does. */
function expectedFingerprint(pub: { sshPub?: string; spkiPem?: string }): string {
  if (pub.sshPub) return run('ssh-keygen', '-l', '-E', 'sha256', '-f', pub.sshPub).split(' ')[1]!;
  const raw = createPublicKey(pub.spkiPem!).export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Node KeyObject of the public half, made without our code: ssh-keygen -e, or the raw Ed25519 bytes. */
function publicKeyObject(pub: { sshPub?: string; spkiPem?: string }): KeyObject {
  if (pub.spkiPem) return createPublicKey(pub.spkiPem);
  const line = readFileSync(pub.sshPub!, 'utf8');
  if (!line.startsWith('ssh-ed25519')) {
    return createPublicKey(run('ssh-keygen', '-e', '-m', 'PKCS8', '-f', pub.sshPub!));
  }
  const raw = Buffer.from(line.split(' ')[1]!, 'base64').subarray(-32);
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

function expectSignaturesVerify(key: LoadedKey, publicKey: KeyObject): void {
  const data = randomBytes(64);
  const hashes: Record<string, Array<string | undefined>> = {
    'ssh-rsa': ['sha256', 'sha512'],
    'ssh-ed25519': [undefined],
    'ecdsa-sha2-nistp256': ['sha256'],
    'ecdsa-sha2-nistp384': ['sha384'],
    'ecdsa-sha2-nistp521': ['sha512'],
  };
  for (const hash of hashes[key.type]!) {
    const signature = key.parsed.sign(data, hash);
    expect(verify(hash ?? null, data, publicKey, signature)).toBe(true);
    expect(verify(hash ?? null, randomBytes(64), publicKey, signature)).toBe(false);
  }
}

describe('loadPrivateKey: keys that must load', () => {
  it.each(GOOD.map((g) => [g.file.split('/').pop(), g] as const))('%s', async (_name, good) => {
    const key = await readPrivateKeyFile(good.file, good.encrypted ? PASS : undefined);
    const pub = good.pub();
    expect(key).toMatchObject({
      type: good.type, bits: good.bits, format: good.format, encrypted: good.encrypted,
      comment: good.comment,
    });
    expect(key.fingerprint).toBe(expectedFingerprint(pub));
    expect(key.parsed.isPrivateKey()).toBe(true);
    expect(key.parsed.type).toBe(good.type);
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
    const isGood = GOOD.some((g) => g.file === fx(name));
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
    ['OpenPGP public key', () => join(FIXTURES, 'keys/pgp/platform-ed25519.pub.asc'), 'KEY_IS_PUBLIC'],
  ];
  it.each(CASES)('%s', async (_name, path, code) => {
    expect(await codeOf(readPrivateKeyFile(path(), PASS))).toBe(code);
  });

  it('says "too weak" for short RSA keys', async () => {
    const { json } = await failure(readPrivateKeyFile(tmp('rsa1024-pkcs1.pem')));
    expect(json).toContain('too weak');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['only blank lines', ' \r\n\n\t\n'],
    ['binary (PNG header)', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)])],
    ['over 1 MiB', Buffer.alloc(1024 * 1024 + 1, 'A')],
    ['OpenPGP binary key', readFileSync(join(FIXTURES, 'keys/pgp/platform-ed25519.pub.gpg'))],
  ])('KEY_NOT_A_KEY: %s', async (_name, data) => {
    expect(await codeOf(loadPrivateKey({ data }))).toBe('KEY_NOT_A_KEY');
  });

  it('KEY_NOT_A_KEY for a file over 1 MiB, without reading it as a key', async () => {
    writeFileSync(tmp('big.pem'), Buffer.alloc(1024 * 1024 + 1, 'A'));
    expect(await codeOf(readPrivateKeyFile(tmp('big.pem')))).toBe('KEY_NOT_A_KEY');
  });

  it.each([
    ['missing file', () => tmp('no-such-key.pem')],
    ['a folder', () => T],
    ['a path through a file', () => join(fx('rsa-pem.key'), 'child')],
  ])('KEY_FILE_UNREADABLE: %s', async (_name, path) => {
    const { code, json } = await failure(readPrivateKeyFile(path()));
    expect(code).toBe('KEY_FILE_UNREADABLE');
    expect(json).toContain(JSON.stringify(path()));
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
    expect(await failure(loadPrivateKey({ data: lines.join('\n') }))).toMatchObject({ code: 'KEY_DAMAGED', details: { reason: 'base64' } });
  });

  it('an unencrypted .ppk whose private part was altered (MAC check)', async () => {
    const data = text('rsa-v2.ppk').replace(/(Private-Lines: \d+\n)(.)/, (_m, head: string, c) =>
      head + (c === 'A' ? 'B' : 'A'));
    expect(await failure(loadPrivateKey({ data }))).toMatchObject({ code: 'KEY_DAMAGED', details: { reason: 'INVALID_MAC' } });
  });

  it('an Ed25519 key whose private seed no longer matches its public key', async () => {
    const body = text('ed25519-openssh.key').split('\n').slice(1, -2).join('');
    const blob = Buffer.from(body, 'base64');
    const publicKey = Buffer.from(readFileSync(fx('ed25519-openssh.key.pub'), 'utf8').split(' ')[1]!,
      'base64').subarray(-32);
    const seedEnd = blob.lastIndexOf(publicKey) - 1;
    blob[seedEnd] = blob[seedEnd]! ^ 0xff;
    const data = ['-----BEGIN OPENSSH PRIVATE KEY-----', blob.toString('base64'),
      '-----END OPENSSH PRIVATE KEY-----'].join('\n');
    expect(await failure(loadPrivateKey({ data }))).toMatchObject({ code: 'KEY_DAMAGED', details: { reason: 'mismatch' } });
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
    const plain = GOOD.filter((g) => !g.encrypted).map((g) => readFileSync(g.file));
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
      `\n\n  \r\n${t.split('\n').map((line) => `  ${line}\t`).join('\n')}\n\n \n`,
    'pasted into a mail': (t) => `Hello,\n\nhere is your key:\n\n${t}\nRegards,\nPyplan\n`,
    'saved by PowerShell as UTF-16': (t) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\n/g, '\r\n'), 'utf16le')]),
  };
  const everything = (t: string): string =>
    `\uFEFF\r\n\r\n${t.split('\n').map((line) => ` ${line}`).join('\r\n')}\r\n\r\n`;
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
    const good = GOOD.find((g) => g.file === fx(name))!;
    const key = await readPrivateKeyFile(path, PASS);
    expect(key.fingerprint).toBe(expectedFingerprint(good.pub()));
    expect(keyNeedsPassphrase(readFileSync(path))).toBe(good.encrypted);
  });

  it('accepts the same as a string, byte-order mark included', async () => {
    const data = everything(readFileSync(fx('rsa-pem.key'), 'utf8'));
    const key = await loadPrivateKey({ data });
    expect(key.fingerprint).toBe(expectedFingerprint(GOOD[0]!.pub()));
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
