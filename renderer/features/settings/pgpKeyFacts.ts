import type { I18n } from '../../i18n/I18nProvider.tsx';
import type { PgpKeyInfo } from '../../lib/pgpKeys.ts';

/**
 * What a key is and can do, in one line under its name: "Public key (encrypt to it) · expires
 * 06/01/2030", "Public key · Expired on 06/01/2020", "Public key · cannot encrypt". Only a key
 * that can take an encrypted file today is offered as one to encrypt to.
 */
export function pgpKeyFacts(key: PgpKeyInfo, i18n: Pick<I18n, 't' | 'day'>, now: number): string {
  const { t, day } = i18n;
  const expired = key.expiresMs !== undefined && key.expiresMs <= now;
  // canEncrypt is false for revoked and expired keys too; those say why on their own.
  const signOnly = !key.canEncrypt && !key.revoked && !expired;
  const facts: string[] = [];
  if (key.hasSecret) facts.push(t(signOnly ? 'settings.pgpSecretSignOnly' : 'settings.pgpSecret'));
  else facts.push(t(key.canEncrypt ? 'settings.pgpPublic' : 'settings.pgpPublicOnly'));
  if (key.revoked) facts.push(t('settings.pgpRevoked'));
  else if (expired) facts.push(t('settings.pgpExpired', { date: day(key.expiresMs ?? 0) }));
  else if (key.expiresMs !== undefined) {
    facts.push(t('settings.pgpExpires', { date: day(key.expiresMs) }));
  }
  if (signOnly && !key.hasSecret) facts.push(t('settings.pgpSignOnly'));

  return facts.join(' · ');
}
