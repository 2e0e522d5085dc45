/**
 * Bundles the Electron side with esbuild (run by `npm run build:electron`, Node 22 type
 * stripping): main as ESM, the preload as CommonJS (sandboxed preloads cannot be ESM), and
 * every worker that main starts with `new URL('./x.ts', import.meta.url)`, whose reference is
 * rewritten to the bundled file next to main.js.
 */
import { build, type Plugin } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, 'dist-electron');
/** Native or Electron-provided modules stay outside the bundle (asarUnpack covers the native). */
const EXTERNAL = ['electron', 'ssh2', 'cpu-features', 'electron-store'];
const WORKER_REF = () => /new URL\((['"])(\.\.?\/[^'"]+)\.ts\1, import\.meta\.url\)/g;

/** Finds worker references, records their entry files, and points them at the bundled name. */
function workerEntries(found: Map<string, string>): Plugin {
  return {
    name: 'worker-entries',
    setup(b) {
      b.onLoad({ filter: /electron[/\\]services[/\\].*\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!WORKER_REF().test(source)) return undefined;
        const contents = source.replace(WORKER_REF(), (_m, quote: string, rel: string) => {
          const entry = resolve(dirname(args.path), `${rel}.ts`);
          const name = `${basename(dirname(entry))}-${basename(rel)}`;
          found.set(name, entry);
          return `new URL(${quote}./${name}.js${quote}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node' as const,
  target: 'node22',
  sourcemap: true,
  external: EXTERNAL,
  logLevel: 'warning' as const,
  absWorkingDir: ROOT,
};

/** ESM bundles may contain CommonJS dependencies that call require(). */
const REQUIRE_SHIM =
  "import { createRequire as __pyplanCreateRequire } from 'node:module';" +
  'const require = __pyplanCreateRequire(import.meta.url);';

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  const workers = new Map<string, string>();
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    format: 'esm',
    outdir: OUT,
    banner: { js: REQUIRE_SHIM },
    plugins: [workerEntries(workers)],
  });
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    outdir: OUT,
  });
  if (workers.size > 0) {
    await build({
      ...common,
      entryPoints: Object.fromEntries(workers),
      format: 'esm',
      outdir: OUT,
      banner: { js: REQUIRE_SHIM },
    });
  }
  const names = ['main.js', 'preload.cjs', ...[...workers.keys()].map((n) => `${n}.js`)];
  console.log(`build-electron: ${names.map((n) => `dist-electron/${n}`).join(', ')}`);
}

await main();
