import type { Algorithms } from 'ssh2';

/**
 * Why an SSH handshake found nothing in common, in terms a support person can act on.
 *
 * ssh2 (lib/protocol/kex.js) fails with a bare Error, level 'handshake', whose message only
 * names the category ("Handshake failed: no matching C->S cipher"); neither side's list is on
 * the error. Both lists are only in its debug output, one line per side and category:
 *   Handshake: (local) C->S cipher: aes128-ctr,aes256-ctr
 *   Handshake: (remote) C->S cipher: aes256-gcm@openssh.com,...
 * So the explanation is computed from those lines by the same rule ssh2 negotiates with, and
 * falls back to ssh2's fixed message text only when no debug line was captured.
 */

export type NegotiationKind = 'key exchange' | 'cipher' | 'MAC' | 'host key';

export interface HandshakeExplanation {
  /** 'unknown' when neither the debug lines nor the error tell which list failed. */
  kind: NegotiationKind | 'unknown';
  /** What this client offered for that kind. */
  ours: string[];
  /** What the server offered, when ssh2's debug output showed it. */
  theirs?: string[];
}

type Category = 'kex' | 'serverHostKey' | 'csCipher' | 'scCipher' | 'csMac' | 'scMac';
export type SideLists = Partial<Record<Category, string[]>>;

const CATEGORY_BY_LABEL: Record<string, Category> = {
  'KEX method': 'kex',
  'Host key format': 'serverHostKey',
  'C->S cipher': 'csCipher',
  'S->C cipher': 'scCipher',
  'C->S MAC': 'csMac',
  'S->C MAC': 'scMac',
};
const DEBUG_LINE =
  /Handshake: \((local|remote)\) (KEX method|Host key format|[CS]->[SC] (?:cipher|MAC)): (.*)$/;

/** Markers ssh2 and OpenSSH put in the KEX list that are not key exchange methods. */
const PSEUDO_KEX = /^(ext-info-[cs]|kex-strict-[cs]-v00@openssh\.com)$/;
/** Ciphers with built-in integrity: with them no MAC is negotiated. */
const AEAD = /^(chacha20-poly1305@openssh\.com|aes(128|256)-gcm(@openssh\.com)?)$/;

/** ssh2's fixed failure messages, used only when no debug line was captured. */
const MESSAGE_KIND: Array<[RegExp, NegotiationKind]> = [
  [/no matching key exchange/i, 'key exchange'],
  [/no matching host key/i, 'host key'],
  [/no matching [CS]->[SC] cipher/i, 'cipher'],
  [/no matching [CS]->[SC] MAC/i, 'MAC'],
];

/** Reads the lists of the last handshake from ssh2's debug lines (any prefix is allowed). */
export function parseHandshakeDebug(lines: readonly string[]): {
  local: SideLists;
  remote: SideLists;
} {
  const local: SideLists = {};
  const remote: SideLists = {};
  for (const line of lines) {
    const match = DEBUG_LINE.exec(line);
    const category = match?.[2] === undefined ? undefined : CATEGORY_BY_LABEL[match[2]];
    if (match === null || category === undefined) continue;
    const names = (match[3] ?? '').split(',').filter((n) => n !== '' && !PSEUDO_KEX.test(n));
    (match[1] === 'local' ? local : remote)[category] = names;
  }
  return { local, remote };
}

function offeredList(value: Algorithms[keyof Algorithms]): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** The client's choice, as in RFC 4253 7.1: its first name the server also offers. */
function agreed(ours: string[], theirs: string[]): string | undefined {
  return ours.find((name) => theirs.includes(name));
}

interface Step {
  kind: NegotiationKind;
  category: Category;
  ours: string[] | undefined;
}

function steps(offered: Algorithms, local: SideLists): Step[] {
  const ours = (category: Category, value: Algorithms[keyof Algorithms]): Step['ours'] =>
    offeredList(value) ?? local[category];
  return [
    { kind: 'key exchange', category: 'kex', ours: ours('kex', offered.kex) },
    {
      kind: 'host key',
      category: 'serverHostKey',
      ours: ours('serverHostKey', offered.serverHostKey),
    },
    { kind: 'cipher', category: 'csCipher', ours: ours('csCipher', offered.cipher) },
    { kind: 'cipher', category: 'scCipher', ours: ours('scCipher', offered.cipher) },
    { kind: 'MAC', category: 'csMac', ours: ours('csMac', offered.hmac) },
    { kind: 'MAC', category: 'scMac', ours: ours('scMac', offered.hmac) },
  ];
}

/** Each cipher category and the MAC category that an AEAD cipher there makes implicit. */
const MAC_OF: Partial<Record<Category, Category>> = { csCipher: 'csMac', scCipher: 'scMac' };

/** Walks the categories in ssh2's order and stops at the first with nothing in common. */
function fromLists(
  offered: Algorithms,
  local: SideLists,
  remote: SideLists,
): HandshakeExplanation | undefined {
  const implicitMac = new Set<Category>();
  for (const step of steps(offered, local)) {
    const theirs = remote[step.category];
    if (step.ours === undefined || theirs === undefined) continue;
    if (implicitMac.has(step.category)) continue;
    const pick = agreed(step.ours, theirs);
    if (pick === undefined) return { kind: step.kind, ours: step.ours, theirs };
    const mac = MAC_OF[step.category];
    if (mac !== undefined && AEAD.test(pick)) implicitMac.add(mac);
  }
  return undefined;
}

function fromMessage(err: Error, offered: Algorithms): HandshakeExplanation {
  const kind = MESSAGE_KIND.find(([pattern]) => pattern.test(err.message))?.[1];
  const byKind: Record<NegotiationKind, Algorithms[keyof Algorithms]> = {
    'key exchange': offered.kex,
    'host key': offered.serverHostKey,
    cipher: offered.cipher,
    MAC: offered.hmac,
  };
  if (kind === undefined) return { kind: 'unknown', ours: [] };
  return { kind, ours: offeredList(byKind[kind]) ?? [] };
}

/**
 * Explains a failed negotiation: which kind of algorithm had no overlap, what we offered and,
 * when ssh2's debug lines were kept, what the server offered. `offered` is the `algorithms`
 * option given to ssh2; `debugLines` are the strings its `debug` callback received.
 */
export function explainHandshakeFailure(
  err: Error,
  offered: Algorithms,
  debugLines: readonly string[],
): HandshakeExplanation {
  const { local, remote } = parseHandshakeDebug(debugLines);
  return fromLists(offered, local, remote) ?? fromMessage(err, offered);
}
