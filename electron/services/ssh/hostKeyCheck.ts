import { AppError } from '../../../shared/errors.ts';
import { blobKeyType, fingerprintSha256, type KnownHostsStore } from './knownHosts.ts';

export interface HostKeyInfo {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

interface VerifyOptions {
  host: string;
  port: number;
  knownHosts: KnownHostsStore;
  confirmHostKey?: (info: HostKeyInfo) => Promise<boolean>;
}

/**
 * Trust on first use, the way OpenSSH does it: a known key passes, an unknown one needs an
 * explicit yes (saved to known_hosts), a changed or revoked one is refused outright.
 */
export async function verifyHostKey(blob: Buffer, options: VerifyOptions): Promise<void> {
  const info: HostKeyInfo = {
    host: options.host,
    port: options.port,
    keyType: blobKeyType(blob) ?? 'unknown',
    fingerprint: fingerprintSha256(blob),
  };
  const check = await options.knownHosts.check(info.host, info.port, info.keyType, blob);
  switch (check.status) {
    case 'trusted':
      return;
    case 'mismatch':
      throw new AppError('HOST_KEY_MISMATCH', 'host key differs from known_hosts', {
        ...info,
        expected: check.expected.map((e) => `${e.keyType} ${e.fingerprint}`).join(', '),
      });
    case 'revoked':
      throw new AppError('HOST_KEY_MISMATCH', 'host key is marked @revoked', {
        ...info,
        expected: 'revoked',
      });
    case 'unknown': {
      const trusted = options.confirmHostKey ? await options.confirmHostKey(info) : false;
      if (!trusted) throw new AppError('HOST_KEY_UNKNOWN', 'host key not trusted', { ...info });
      await options.knownHosts.add(info.host, info.port, info.keyType, blob);
      return;
    }
  }
}
