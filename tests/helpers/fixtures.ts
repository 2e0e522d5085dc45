import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const SSH_KEYS = join(FIXTURES, 'keys', 'ssh');
export const PGP_KEYS = join(FIXTURES, 'keys', 'pgp');
/** The passphrase of every encrypted fixture key. */
export const FIXTURE_PASSPHRASE = 'correct-horse';
