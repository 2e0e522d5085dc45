/**
 * The command line's entry. It only turns on Node's compile cache, then loads the program:
 * modules loaded after this point are compiled once and reused by later runs, which saves
 * about a tenth of a second of CPU at every start (the program is large: zod, OpenPGP, ssh2).
 * Modules imported statically here would be compiled before the cache is on, so none are.
 */
import { enableCompileCache } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  // Absent before Node 22.1; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  enableCompileCache?.();
  const { main } = await import('./program.ts');
  main();
}
