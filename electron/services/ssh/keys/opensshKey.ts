import sshpk from 'sshpk';
import { AppError } from '../../../../shared/errors.ts';
import { parseSsh2Key } from './ssh2Key.ts';
import { hasPassphrase, type DecodedKey, type KeySource } from './types.ts';

/**
 * sshpk reads the unencrypted header of an OpenSSH key and throws its KeyEncryptedError when
 * the key needs a passphrase, without running the slow bcrypt step.
 */
export function isOpenSshEncrypted(pem: string): boolean {
  try {
    sshpk.parsePrivateKey(pem, 'ssh-private');
    return false;
  } catch (err) {
    return err instanceof sshpk.KeyEncryptedError;
  }
}

/**
 * ssh2 reads OpenSSH keys natively (bcrypt KDF included) but reports failure only by message.
 * An encrypted OpenSSH key stores two check numbers that must be equal after decryption, and
 * its armour was found intact before this point, so a failure once a passphrase is given is
 * a wrong passphrase, as ssh-keygen reports it too. Unencrypted keys that fail are damaged.
 * ssh2's bcrypt runs synchronously (about 0.3 s at OpenSSH's default 16 rounds).
 */
export function decodeOpenSsh(source: KeySource, passphrase?: string): DecodedKey {
  if (source.encrypted && !hasPassphrase(passphrase)) {
    throw new AppError('KEY_PASSPHRASE_REQUIRED', 'decodeOpenSsh: passphrase needed', {
      format: source.format,
    });
  }
  const result = parseSsh2Key(source.text, source.encrypted ? passphrase : undefined);
  if (result instanceof Error) {
    const code = source.encrypted ? 'KEY_PASSPHRASE_WRONG' : 'KEY_DAMAGED';
    throw new AppError(code, `decodeOpenSsh: ${result.message}`, { format: source.format }, result);
  }

  return { parsed: result };
}
