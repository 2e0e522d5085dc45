import { createRequire } from 'node:module';
import type { CipherAlgorithm, KexAlgorithm, MacAlgorithm, ServerHostKeyAlgorithm } from 'ssh2';
import { AppError } from '../../../shared/errors.ts';
import { AWS_POLICIES, type DocumentedLists } from './awsPolicies.ts';

export { explainHandshakeFailure, parseHandshakeDebug } from './handshakeFailure.ts';
export type { HandshakeExplanation, NegotiationKind } from './handshakeFailure.ts';

/** Exactly the shape of ssh2's `algorithms` connect option, every list an exact order. */
export interface PolicyAlgorithms {
  kex: KexAlgorithm[];
  cipher: CipherAlgorithm[];
  hmac: MacAlgorithm[];
  serverHostKey: ServerHostKeyAlgorithm[];
}

export interface AlgorithmPolicy {
  name: string;
  /** Short English for settings screens and logs. */
  description: string;
  /** The lists as the source gives them (AWS's documentation, or ssh2's defaults). */
  documented: DocumentedLists;
  /** What our client offers: the documented lists less what ssh2 cannot speak. */
  algorithms: PolicyAlgorithms;
  /** Documented algorithms ssh2 cannot speak, so our client never offers them. */
  unsupportedByClient: string[];
  /**
   * sshd_config lines that make an OpenSSH server offer this policy's algorithms, for tests
   * that stand in for AWS. Names OpenSSH 9.2 (Debian 12, our test machines) lacks are left out.
   */
  sshdConfig: string[];
  /** Documented algorithms left out of sshdConfig because that OpenSSH lacks them. */
  unsupportedByTestServer: string[];
}

export const DEFAULT_POLICY = 'default';

interface Ssh2Constants {
  SUPPORTED_KEX: string[];
  SUPPORTED_CIPHER: string[];
  SUPPORTED_MAC: string[];
  SUPPORTED_SERVER_HOST_KEY: string[];
  DEFAULT_KEX: string[];
  DEFAULT_CIPHER: string[];
  DEFAULT_MAC: string[];
  DEFAULT_SERVER_HOST_KEY: string[];
}

// ssh2 builds these lists at load time from what this runtime's crypto offers (Electron's
// BoringSSL lacks some ciphers Node's OpenSSL has), and it throws "Unsupported algorithm" on
// any name outside them, so the policies are cut against the live lists, not a copy.
const SSH2 = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Ssh2Constants;

/**
 * Names OpenSSH 9.2 rejects in sshd_config. The ML-KEM hybrids arrived in OpenSSH 9.9
 * (mlkem768x25519-sha256 only); ssh2's group15/group17 were never in OpenSSH.
 */
const OPENSSH_LACKS: ReadonlySet<string> = new Set([
  'mlkem768x25519-sha256',
  'mlkem768nistp256-sha256',
  'mlkem1024nistp384-sha384',
  'diffie-hellman-group15-sha512',
  'diffie-hellman-group17-sha512',
]);

/** Keeps what ssh2 speaks, in ssh2's order of preference: the client's order decides. */
function forSsh2<T extends string>(documented: readonly string[], supported: string[]): T[] {
  return supported.filter((name) => documented.includes(name)) as T[];
}

function sshdLines(lists: DocumentedLists): string[] {
  const keep = (names: readonly string[]): string =>
    names.filter((name) => !OPENSSH_LACKS.has(name)).join(',');
  return [
    `KexAlgorithms ${keep(lists.kex)}`,
    `Ciphers ${keep(lists.cipher)}`,
    `MACs ${keep(lists.mac)}`,
    `HostKeyAlgorithms ${keep(lists.hostKey)}`,
  ];
}

function allNames(lists: DocumentedLists): string[] {
  return [...lists.kex, ...lists.cipher, ...lists.mac, ...lists.hostKey];
}

function buildPolicy(name: string, description: string, lists: DocumentedLists): AlgorithmPolicy {
  const algorithms: PolicyAlgorithms = {
    kex: forSsh2(lists.kex, SSH2.SUPPORTED_KEX),
    cipher: forSsh2(lists.cipher, SSH2.SUPPORTED_CIPHER),
    hmac: forSsh2(lists.mac, SSH2.SUPPORTED_MAC),
    serverHostKey: forSsh2(lists.hostKey, SSH2.SUPPORTED_SERVER_HOST_KEY),
  };
  const offered = new Set<string>(Object.values(algorithms).flat());
  const names = allNames(lists);

  return deepFreeze({
    name,
    description,
    documented: lists,
    algorithms,
    unsupportedByClient: names.filter((n) => !offered.has(n)),
    sshdConfig: sshdLines(lists),
    unsupportedByTestServer: names.filter((n) => OPENSSH_LACKS.has(n)),
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const DEFAULT: AlgorithmPolicy = buildPolicy(
  DEFAULT_POLICY,
  "ssh2's modern default algorithms; suits most SFTP servers, AWS Transfer Family included.",
  {
    kex: [...SSH2.DEFAULT_KEX],
    cipher: [...SSH2.DEFAULT_CIPHER],
    mac: [...SSH2.DEFAULT_MAC],
    hostKey: [...SSH2.DEFAULT_SERVER_HOST_KEY],
  },
);

/** Every selectable policy: 'default' first, then AWS's, newest first. Deeply frozen. */
export const POLICIES: readonly AlgorithmPolicy[] = Object.freeze([
  DEFAULT,
  ...AWS_POLICIES.map((p) => buildPolicy(p.name, p.description, p.lists)),
]);

export function policyNames(): string[] {
  return POLICIES.map((p) => p.name);
}

/**
 * A policy by name, as a private copy the caller may hand to ssh2 or change.
 * Throws INVALID_ARGUMENT for a name not in POLICIES.
 */
export function getPolicy(name: string): AlgorithmPolicy {
  const policy = POLICIES.find((p) => p.name === name);
  if (policy === undefined) {
    throw new AppError('INVALID_ARGUMENT', `unknown algorithm policy "${name}"`, {
      policy: name,
      known: policyNames(),
      reason: `there is no algorithm policy "${name}"; choose one of ${policyNames().join(', ')}`,
    });
  }
  return structuredClone(policy);
}
