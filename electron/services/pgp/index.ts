/** The OpenPGP service's public surface, for the app's composition root and the command line. */
export { PgpKeyring, type PgpKeyringOptions } from './keyring.ts';
export { findOneKey, matchKeys } from './keyQuery.ts';
export type { PgpExtension } from './outputNames.ts';
export {
  PgpService,
  type DecryptFileOptions,
  type DecryptStreamOptions,
  type EncryptFileOptions,
  type EncryptFileToStreamOptions,
  type EncryptStreamOptions,
  type PgpEncryptedStream,
  type PgpKeyRef,
  type PgpSignWith,
} from './PgpService.ts';
export type { PgpStreamEncryptSummary } from './protocol.ts';
export { createPassphraseSecretBox, type SecretBox } from './secretBox.ts';
export type * from './types.ts';
export { PgpWorkerPool, type PgpJobHooks, type PgpWorkerPoolOptions } from './workerPool.ts';
