import { AppError } from '../../../../shared/errors.ts';
import { extractArmour, pemLabels } from './armour.ts';
import { isOpenSshEncrypted } from './opensshKey.ts';
import type { KeyFormat, KeySource } from './types.ts';

const PRIVATE_LABELS: Record<string, KeyFormat> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PRIVATE KEY': 'pkcs8',
  'ENCRYPTED PRIVATE KEY': 'pkcs8',
  'OPENSSH PRIVATE KEY': 'openssh',
};

/** Private keys we recognise but do not accept, by the name users know them by. */
const UNSUPPORTED_LABELS: Record<string, string> = {
  'DSA PRIVATE KEY': 'DSA',
  'PGP PRIVATE KEY BLOCK': 'OpenPGP',
  'SSH2 ENCRYPTED PRIVATE KEY': 'SSH.com private key',
};

const PUBLIC_LABELS = new Set([
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
  'SSH2 PUBLIC KEY',
  'PGP PUBLIC KEY BLOCK',
  // A certificate holds only a public key; a file named cert.pem may be one by mistake.
  'CERTIFICATE',
]);

/** RFC 4716 armour (SSH.com and PuTTY's "Save public key") uses four dashes and spaces. */
const RFC4716_BEGIN = /^---- BEGIN (SSH2 PUBLIC KEY|SSH2 ENCRYPTED PRIVATE KEY) ----$/m;
/** One line of an OpenSSH .pub, authorized_keys or known_hosts file. */
const SSH_PUBLIC_LINE = /(?:^|\s)(?:ssh|ecdsa|sk)-[\w@.-]+ +AAAA[A-Za-z0-9+/]/m;
const PPK_HEADER = /^PuTTY-User-Key-File-(\d+): *(\S*)$/m;
const PPK_ENCRYPTION = /^Encryption: *(\S+)$/m;

/**
 * Recognises which kind of private key the (normalised) text holds, before any decryption.
 * Throws KEY_IS_PUBLIC, KEY_UNSUPPORTED, KEY_DAMAGED or KEY_NOT_A_KEY for anything else.
 */
export function detectKey(text: string): KeySource {
  const ppk = PPK_HEADER.exec(text);
  if (ppk) return ppkSource(text.slice(ppk.index), Number(ppk[1]), ppk[2] ?? '');

  const labels = pemLabels(text);
  const rfc4716 = RFC4716_BEGIN.exec(text);
  if (rfc4716?.[1]) labels.push(rfc4716[1]);

  const privateLabel = labels.find((label) => label in PRIVATE_LABELS);
  if (privateLabel) return pemSource(text, privateLabel);
  throwIfOtherPrivateKey(labels);
  if (labels.some((label) => PUBLIC_LABELS.has(label)) || SSH_PUBLIC_LINE.test(text)) {
    throw new AppError('KEY_IS_PUBLIC', 'detectKey: public key given', { labels });
  }
  throw new AppError('KEY_NOT_A_KEY', 'detectKey: no private key found', { labels });
}

function throwIfOtherPrivateKey(labels: string[]): void {
  for (const label of labels) {
    const keyType =
      UNSUPPORTED_LABELS[label] ?? (label.includes('PRIVATE KEY') ? label : undefined);
    if (keyType !== undefined) {
      throw new AppError('KEY_UNSUPPORTED', 'detectKey: unsupported private key', { keyType });
    }
  }
}

function pemSource(text: string, label: string): KeySource {
  const armour = extractArmour(text, label);
  const format = PRIVATE_LABELS[label] ?? 'pkcs8';
  const encrypted =
    format === 'openssh'
      ? isOpenSshEncrypted(armour.pem)
      : label === 'ENCRYPTED PRIVATE KEY' || armour.headers.some(isEncryptedHeader);

  return { format, text: armour.pem, encrypted };
}

/** Legacy OpenSSL encryption of PKCS#1 and SEC1 files is announced in RFC 1421 headers. */
function isEncryptedHeader(header: string): boolean {
  return /^Proc-Type: *4, *ENCRYPTED$/i.test(header);
}

function ppkSource(text: string, version: number, algorithm: string): KeySource {
  if (version !== 2 && version !== 3) {
    const keyType = `PuTTY key file version ${version}`;
    throw new AppError('KEY_UNSUPPORTED', 'detectKey: PuTTY version', { keyType });
  }
  // Refused before asking for a passphrase the user would type for nothing.
  if (algorithm === 'ssh-dss') {
    throw new AppError('KEY_UNSUPPORTED', 'detectKey: DSA', { keyType: 'DSA' });
  }
  const encryption = PPK_ENCRYPTION.exec(text)?.[1] ?? 'none';
  const format = version === 2 ? 'ppk2' : 'ppk3';

  return { format, text, encrypted: encryption !== 'none' };
}
