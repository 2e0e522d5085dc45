/**
 * AWS Transfer Family server security policies, SFTP part, as AWS documents them.
 *
 * Source: AWS Transfer Family User Guide, "Security policies for AWS Transfer Family servers",
 * https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html — the JSON
 * listing of each policy (SshKexs, SshCiphers, SshMacs), in AWS's order. Where the page's
 * summary table disagrees with a JSON listing (2025-03: the table adds
 * diffie-hellman-group14-sha256), the JSON listing, which is DescribeSecurityPolicy's output,
 * is followed.
 *
 * Host keys: the page's "Cryptographic algorithms" section names rsa-sha2-256, rsa-sha2-512,
 * ecdsa-sha2-nistp256/384/521 and ssh-ed25519 for every policy, plus ssh-rsa (SHA-1
 * signatures) for 2018-11, 2020-06, FIPS-2020-06, FIPS-2023-05 and FIPS-2024-01 only.
 *
 * Known gaps: ssh2 1.17 speaks neither the umac-* MACs (2018-11, 2020-06) nor the ML-KEM
 * hybrid key exchanges (2025-03), so policies.ts drops them from what our client offers and
 * records them in `unsupportedByClient`; every such server also offers algorithms ssh2 has.
 * The deprecated TransferSecurityPolicy-PQ-SSH-*-Experimental-2023-04 policies are left out:
 * their hybrid key exchange has no ssh2 or OpenSSH counterpart.
 */

export interface DocumentedLists {
  kex: readonly string[];
  cipher: readonly string[];
  mac: readonly string[];
  hostKey: readonly string[];
}

export interface DocumentedPolicy {
  name: string;
  description: string;
  lists: DocumentedLists;
}

const HOST_KEYS = [
  'rsa-sha2-256',
  'rsa-sha2-512',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-ed25519',
];
const HOST_KEYS_AND_SSH_RSA = [...HOST_KEYS, 'ssh-rsa'];

const GCM_CTR = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'aes128-ctr',
  'aes256-ctr',
  'aes192-ctr',
];
const GCM_CTR_NO_AES128_CTR = [
  'aes256-gcm@openssh.com',
  'aes128-gcm@openssh.com',
  'aes256-ctr',
  'aes192-ctr',
];
const CHACHA_CTR_GCM = [
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
];
const CTR_GCM = CHACHA_CTR_GCM.slice(1);

const ECDH = ['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'];
const CURVE25519 = ['curve25519-sha256', 'curve25519-sha256@libssh.org'];
const MLKEM = ['mlkem768x25519-sha256', 'mlkem768nistp256-sha256', 'mlkem1024nistp384-sha384'];
const DH_16_18_GEX = [
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group-exchange-sha256',
];
const DH_18_16_GEX = [
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group-exchange-sha256',
];
const GEX_16_18_14 = [
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
];

const ETM_256_512 = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com'];
const ETM_512_256 = ['hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com'];
const HMAC_SHA2 = ['hmac-sha2-256', 'hmac-sha2-512'];
const MAC_2020_06 = [
  'umac-128-etm@openssh.com',
  ...ETM_256_512,
  'umac-128@openssh.com',
  ...HMAC_SHA2,
];
const MAC_2018_11 = [
  'umac-64-etm@openssh.com',
  'umac-128-etm@openssh.com',
  ...ETM_256_512,
  'hmac-sha1-etm@openssh.com',
  'umac-64@openssh.com',
  'umac-128@openssh.com',
  ...HMAC_SHA2,
  'hmac-sha1',
];
const KEX_2018_11 = [...CURVE25519, ...ECDH, ...GEX_16_18_14, 'diffie-hellman-group14-sha1'];

function policy(
  name: string,
  description: string,
  kex: string[],
  cipher: string[],
  mac: string[],
  hostKey: string[],
): DocumentedPolicy {
  return { name, description, lists: { kex, cipher, mac, hostKey } };
}

/** Newest first; the descriptions are what a settings screen shows beside the name. */
export const AWS_POLICIES: readonly DocumentedPolicy[] = [
  policy(
    'TransferSecurityPolicy-2025-03',
    'AWS Transfer Family 2025-03 (adds post-quantum key exchange, which ssh2 lacks)',
    [...MLKEM, ...ECDH, ...CURVE25519, ...DH_16_18_GEX],
    ['aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes128-ctr', 'aes256-ctr', 'aes192-ctr'],
    ETM_256_512,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-FIPS-2025-03',
    'AWS Transfer Family FIPS 2025-03 (adds post-quantum key exchange, which ssh2 lacks)',
    [...MLKEM, ...ECDH, ...GEX_16_18_14.slice(0, 3)],
    ['aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes256-ctr', 'aes192-ctr', 'aes128-ctr'],
    ETM_512_256,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-SshAuditCompliant-2025-02',
    'AWS Transfer Family SshAuditCompliant 2025-02',
    [...CURVE25519, ...DH_18_16_GEX],
    GCM_CTR,
    ETM_256_512,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-2024-01',
    'AWS Transfer Family 2024-01 (what new servers get by default)',
    [...ECDH, ...CURVE25519, ...DH_18_16_GEX],
    GCM_CTR,
    ETM_256_512,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-FIPS-2024-01',
    'AWS Transfer Family FIPS 2024-01',
    [...ECDH, ...DH_18_16_GEX],
    GCM_CTR,
    ETM_256_512,
    HOST_KEYS_AND_SSH_RSA,
  ),
  policy(
    'TransferSecurityPolicy-FIPS-2024-05',
    'AWS Transfer Family FIPS 2024-05 (FIPS 2024-01 without ssh-rsa)',
    [...ECDH, ...DH_18_16_GEX],
    GCM_CTR,
    ETM_256_512,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-2023-05',
    'AWS Transfer Family 2023-05',
    [...CURVE25519, ...DH_16_18_GEX],
    GCM_CTR_NO_AES128_CTR,
    ETM_512_256,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-FIPS-2023-05',
    'AWS Transfer Family FIPS 2023-05',
    DH_16_18_GEX,
    GCM_CTR_NO_AES128_CTR,
    ETM_256_512,
    HOST_KEYS_AND_SSH_RSA,
  ),
  policy(
    'TransferSecurityPolicy-2022-03',
    'AWS Transfer Family 2022-03',
    [...CURVE25519, ...DH_16_18_GEX],
    GCM_CTR_NO_AES128_CTR,
    [...ETM_512_256, 'hmac-sha2-512', 'hmac-sha2-256'],
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-2020-06',
    'AWS Transfer Family 2020-06',
    [...ECDH, ...GEX_16_18_14],
    CHACHA_CTR_GCM,
    MAC_2020_06,
    HOST_KEYS_AND_SSH_RSA,
  ),
  // AWS: identical to 2020-06 without chacha20-poly1305. Its ssh-rsa list does not name the
  // Restricted policies, so they are taken without ssh-rsa.
  policy(
    'TransferSecurityPolicy-Restricted-2020-06',
    'AWS Transfer Family Restricted 2020-06',
    [...ECDH, ...GEX_16_18_14],
    CTR_GCM,
    MAC_2020_06,
    HOST_KEYS,
  ),
  policy(
    'TransferSecurityPolicy-FIPS-2020-06',
    'AWS Transfer Family FIPS 2020-06',
    [...ECDH, ...GEX_16_18_14],
    CTR_GCM,
    [...ETM_256_512, ...HMAC_SHA2],
    HOST_KEYS_AND_SSH_RSA,
  ),
  policy(
    'TransferSecurityPolicy-2018-11',
    'AWS Transfer Family 2018-11 (the CloudFormation default; includes SHA-1)',
    KEX_2018_11,
    CHACHA_CTR_GCM,
    MAC_2018_11,
    HOST_KEYS_AND_SSH_RSA,
  ),
  policy(
    'TransferSecurityPolicy-Restricted-2018-11',
    'AWS Transfer Family Restricted 2018-11 (includes SHA-1)',
    KEX_2018_11,
    CTR_GCM,
    MAC_2018_11,
    HOST_KEYS,
  ),
];
