import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Algorithms, type NegotiatedAlgorithms } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  POLICIES,
  explainHandshakeFailure,
  getPolicy,
  policyNames,
  type AlgorithmPolicy,
} from '../../electron/services/ssh/policies.ts';
import { startSshd, type Sshd, type SshdOptions } from '../helpers/sshd.ts';

const SSH2 = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Record<
  string,
  string[]
>;
const SUPPORTED = {
  kex: SSH2.SUPPORTED_KEX ?? [],
  cipher: SSH2.SUPPORTED_CIPHER ?? [],
  hmac: SSH2.SUPPORTED_MAC ?? [],
  serverHostKey: SSH2.SUPPORTED_SERVER_HOST_KEY ?? [],
};
const ALL_SUPPORTED = new Set(Object.values(SUPPORTED).flat());

/** What OpenSSH on this machine knows, per sshd_config keyword. */
function openSshNames(query: string): string[] {
  return execFileSync('ssh', ['-Q', query]).toString().trim().split('\n');
}

function sshdValue(policy: AlgorithmPolicy, keyword: string): string[] {
  const line = policy.sshdConfig.find((l) => l.startsWith(`${keyword} `)) ?? '';
  return line.slice(keyword.length + 1).split(',');
}

const AEAD = new Set([
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
]);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pyplan-policies-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  // sshd -t wants its privilege separation folder when run as root, as startSshd does.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy catalogue', () => {
  it('offers the default and the AWS Transfer Family policies by name', () => {
    expect(DEFAULT_POLICY).toBe('default');
    expect(policyNames()[0]).toBe('default');
    expect(policyNames()).toEqual(
      expect.arrayContaining([
        'TransferSecurityPolicy-2024-01',
        'TransferSecurityPolicy-2023-05',
        'TransferSecurityPolicy-FIPS-2024-01',
        'TransferSecurityPolicy-2018-11',
        'TransferSecurityPolicy-2025-03',
      ]),
    );
    expect(new Set(policyNames()).size).toBe(POLICIES.length);
  });

  it('rejects an unknown name with INVALID_ARGUMENT', () => {
    expect(() => getPolicy('TransferSecurityPolicy-1999-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('hands out copies, so a caller cannot change the catalogue', () => {
    const copy = getPolicy('TransferSecurityPolicy-2024-01');
    copy.algorithms.cipher.push('3des-cbc');
    expect(getPolicy('TransferSecurityPolicy-2024-01').algorithms.cipher).not.toContain('3des-cbc');
    expect(Object.isFrozen(POLICIES[1]?.algorithms.kex)).toBe(true);
  });

  it('matches the AWS documentation for TransferSecurityPolicy-2024-01', () => {
    // Copied from the policy's JSON listing on
    // https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html
    const policy = getPolicy('TransferSecurityPolicy-2024-01');
    expect(policy.documented).toEqual({
      kex: [
        'ecdh-sha2-nistp256',
        'ecdh-sha2-nistp384',
        'ecdh-sha2-nistp521',
        'curve25519-sha256',
        'curve25519-sha256@libssh.org',
        'diffie-hellman-group18-sha512',
        'diffie-hellman-group16-sha512',
        'diffie-hellman-group-exchange-sha256',
      ],
      cipher: [
        'aes128-gcm@openssh.com',
        'aes256-gcm@openssh.com',
        'aes128-ctr',
        'aes256-ctr',
        'aes192-ctr',
      ],
      mac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com'],
      hostKey: [
        'rsa-sha2-256',
        'rsa-sha2-512',
        'ecdsa-sha2-nistp256',
        'ecdsa-sha2-nistp384',
        'ecdsa-sha2-nistp521',
        'ssh-ed25519',
      ],
    });
    // ssh2 speaks all of it, so the client offers exactly the documented sets.
    expect(policy.unsupportedByClient).toEqual([]);
    expect(new Set(policy.algorithms.kex)).toEqual(new Set(policy.documented.kex));
    expect(new Set(policy.algorithms.cipher)).toEqual(new Set(policy.documented.cipher));
    expect(new Set(policy.algorithms.hmac)).toEqual(new Set(policy.documented.mac));
    expect(new Set(policy.algorithms.serverHostKey)).toEqual(new Set(policy.documented.hostKey));
  });

  it('names what ssh2 cannot speak: umac MACs and ML-KEM key exchange', () => {
    expect(getPolicy('TransferSecurityPolicy-2018-11').unsupportedByClient).toEqual([
      'umac-64-etm@openssh.com',
      'umac-128-etm@openssh.com',
      'umac-64@openssh.com',
      'umac-128@openssh.com',
    ]);
    expect(getPolicy('TransferSecurityPolicy-2025-03').unsupportedByClient).toEqual([
      'mlkem768x25519-sha256',
      'mlkem768nistp256-sha256',
      'mlkem1024nistp384-sha384',
    ]);
  });

  it("makes 'default' exactly ssh2's default lists", () => {
    const policy = getPolicy(DEFAULT_POLICY);
    expect(policy.algorithms).toEqual({
      kex: SSH2.DEFAULT_KEX,
      cipher: SSH2.DEFAULT_CIPHER,
      hmac: SSH2.DEFAULT_MAC,
      serverHostKey: SSH2.DEFAULT_SERVER_HOST_KEY,
    });
  });
});

describe.each(POLICIES.map((p) => [p.name, p] as const))('%s data', (_name, policy) => {
  it('offers only algorithms ssh2 supports, and drops only what it does not', () => {
    for (const [kind, names] of Object.entries(policy.algorithms)) {
      expect(names.length, kind).toBeGreaterThan(0);
      const supported = SUPPORTED[kind as keyof typeof SUPPORTED];
      expect(
        names.filter((n: string) => !supported.includes(n)),
        kind,
      ).toEqual([]);
    }
    expect(policy.unsupportedByClient.filter((n) => ALL_SUPPORTED.has(n))).toEqual([]);
    const documented = Object.values(policy.documented).flat();
    const offered = Object.values(policy.algorithms).flat();
    expect(new Set([...offered, ...policy.unsupportedByClient])).toEqual(new Set(documented));
  });

  it('uses only names the OpenSSH here knows, and sshd -t accepts the config', () => {
    const known: Record<string, string[]> = {
      KexAlgorithms: openSshNames('kex'),
      Ciphers: openSshNames('cipher'),
      MACs: openSshNames('mac'),
      HostKeyAlgorithms: openSshNames('HostKeyAlgorithms'),
    };
    for (const [keyword, names] of Object.entries(known)) {
      const unknown = sshdValue(policy, keyword).filter((n) => !names.includes(n));
      expect(unknown, keyword).toEqual([]);
    }
    const config = join(dir, `sshd_config_${policy.name}`);
    writeFileSync(config, [`HostKey ${join(dir, 'host_key')}`, ...policy.sshdConfig].join('\n'));
    const result = spawnSync('/usr/sbin/sshd', ['-t', '-f', config], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

interface Attempt {
  negotiated?: NegotiatedAlgorithms;
  error?: Error & { level?: string };
  debug: string[];
}

/** One ssh2 connection up to 'ready' (or its error), keeping ssh2's debug lines. */
function attempt(sshd: Sshd, algorithms: Algorithms): Promise<Attempt> {
  const debug: string[] = [];
  return new Promise((resolve) => {
    const client = new Client();
    let negotiated: NegotiatedAlgorithms | undefined;
    client.on('handshake', (n) => (negotiated = n));
    client.on('ready', () => {
      client.end();
      resolve({ negotiated, debug });
    });
    client.on('error', (error) => {
      client.end();
      resolve({ error, debug });
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
      algorithms,
      // Test only: these throw-away servers' host keys are not what is under test here.
      hostVerifier: () => true,
      // Generous: group-exchange policies pick 4096- to 8192-bit primes, which take seconds
      // on a busy two-core machine. A hang still fails, at the test's own timeout.
      readyTimeout: 40_000,
      debug: (line: string) => debug.push(line),
    });
  });
}

/** Varies the host key so ECDSA and RSA (rsa-sha2-*) signatures are exercised too. */
function hostKeyTypes(policy: AlgorithmPolicy): SshdOptions['hostKeyTypes'] {
  if (policy.name.includes('FIPS')) return ['ecdsa'];
  if (policy.name.endsWith('2018-11')) return ['rsa'];
  return ['ed25519'];
}

describe('real handshakes with an OpenSSH server restricted to each policy', () => {
  it.each(POLICIES.map((p) => [p.name, p] as const))('%s', async (_name, policy) => {
    const sshd = await startSshd({ config: policy.sshdConfig, hostKeyTypes: hostKeyTypes(policy) });
    try {
      const result = await attempt(sshd, policy.algorithms);
      expect(result.error, sshd.log()).toBeUndefined();
      const n = result.negotiated;
      if (n === undefined) throw new Error('no handshake event');
      expect(policy.algorithms.kex).toContain(n.kex);
      expect(policy.algorithms.serverHostKey).toContain(n.serverHostKey);
      for (const side of [n.cs, n.sc]) {
        expect(policy.algorithms.cipher).toContain(side.cipher);
        if (AEAD.has(side.cipher)) expect(side.mac).toBe('');
        else expect(policy.algorithms.hmac).toContain(side.mac);
      }
    } finally {
      await sshd.stop();
    }
  });
});

describe('explaining a failed negotiation against a real server', () => {
  const policy = getPolicy('TransferSecurityPolicy-2024-01');
  let sshd: Sshd;

  beforeAll(async () => {
    sshd = await startSshd({ config: policy.sshdConfig, hostKeyTypes: ['ed25519'] });
  });
  afterAll(async () => sshd.stop());

  async function explainWith(change: Algorithms) {
    const offered: Algorithms = { ...policy.algorithms, ...change };
    const result = await attempt(sshd, offered);
    if (result.error === undefined) throw new Error('the handshake should have failed');
    expect(result.error.level).toBe('handshake');
    return explainHandshakeFailure(result.error, offered, result.debug);
  }

  it('names both cipher lists when the client wants a cipher the server lacks', async () => {
    const why = await explainWith({ cipher: ['chacha20-poly1305@openssh.com'] });
    expect(why).toEqual({
      kind: 'cipher',
      ours: ['chacha20-poly1305@openssh.com'],
      theirs: policy.documented.cipher,
    });
  });

  it('names both key exchange lists, without protocol markers', async () => {
    const why = await explainWith({ kex: ['diffie-hellman-group14-sha1'] });
    expect(why).toEqual({
      kind: 'key exchange',
      ours: ['diffie-hellman-group14-sha1'],
      theirs: policy.documented.kex,
    });
  });

  it('names the host key formats the server can prove', async () => {
    const why = await explainWith({ serverHostKey: ['ssh-rsa'] });
    expect(why).toEqual({ kind: 'host key', ours: ['ssh-rsa'], theirs: ['ssh-ed25519'] });
  });

  it('names the MAC lists when the cipher needs a MAC', async () => {
    const why = await explainWith({ cipher: ['aes256-ctr'], hmac: ['hmac-sha1'] });
    expect(why).toEqual({ kind: 'MAC', ours: ['hmac-sha1'], theirs: policy.documented.mac });
  });
});

describe('explainHandshakeFailure without a server', () => {
  const handshakeError = (message: string) =>
    Object.assign(new Error(message), { level: 'handshake' });

  it("falls back to ssh2's message when no debug line was kept", () => {
    const err = handshakeError('Handshake failed: no matching S->C MAC');
    expect(explainHandshakeFailure(err, { hmac: ['hmac-md5'] }, [])).toEqual({
      kind: 'MAC',
      ours: ['hmac-md5'],
    });
  });

  it('does not blame MACs when the agreed cipher carries its own integrity', () => {
    const lines = [
      'Handshake: (local) KEX method: curve25519-sha256,ext-info-c',
      'Handshake: (remote) KEX method: curve25519-sha256,kex-strict-s-v00@openssh.com',
      'Handshake: (local) Host key format: ssh-ed25519',
      'Handshake: (remote) Host key format: ssh-ed25519',
      'Handshake: (local) C->S cipher: aes128-gcm@openssh.com',
      'Handshake: (remote) C->S cipher: aes128-gcm@openssh.com',
      'Handshake: (local) S->C cipher: aes128-gcm@openssh.com',
      'Handshake: (remote) S->C cipher: aes128-gcm@openssh.com',
      'Handshake: (local) C->S MAC: hmac-sha1',
      'Handshake: (remote) C->S MAC: hmac-sha2-256',
    ];
    const why = explainHandshakeFailure(new Error('Connection lost before handshake'), {}, lines);
    expect(why).toEqual({ kind: 'unknown', ours: [] });
  });

  it("takes our list from ssh2's (local) line when no exact list was offered", () => {
    const lines = [
      '[ssh] Handshake: (local) KEX method: ecdh-sha2-nistp256,ext-info-c',
      '[ssh] Handshake: (remote) KEX method: curve25519-sha256',
    ];
    const err = handshakeError('Handshake failed: no matching key exchange algorithm');
    expect(explainHandshakeFailure(err, {}, lines)).toEqual({
      kind: 'key exchange',
      ours: ['ecdh-sha2-nistp256'],
      theirs: ['curve25519-sha256'],
    });
  });
});
