import type { PgpRules } from '../../../shared/types/profile.ts';
import type { PgpKeyInfo } from '../../lib/pgpKeys.ts';

/** Whether a profile's recipient (a fingerprint or key ID, any case) names this key. */
export function isRecipient(key: PgpKeyInfo, recipient: string): boolean {
  const r = recipient.toUpperCase();
  return key.fingerprint.toUpperCase() === r || key.keyId.toUpperCase() === r;
}

/**
 * The rules with a key added to or taken off the recipients. Taking off the last one turns
 * "encrypt before uploading" off too: there is nobody left to encrypt for, and a rule that
 * stays on would only make every upload fail.
 */
export function withRecipient(rules: PgpRules, key: PgpKeyInfo, on: boolean): PgpRules {
  const rest = rules.recipients.filter((r) => !isRecipient(key, r));
  const recipients = on ? [...rest, key.fingerprint] : rest;
  return {
    ...rules,
    recipients,
    encryptOnUpload: recipients.length > 0 && rules.encryptOnUpload,
  };
}
