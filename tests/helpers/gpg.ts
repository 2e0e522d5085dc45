import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real GnuPG in a throw-away GNUPGHOME (never ~/.gnupg): batch mode, loopback pinentry so
 * passphrases come from arguments, and every imported key trusted so it can be encrypted to.
 */
export interface Gpg {
  home: string;
  /** Runs gpg; never throws. */
  run(args: string[], options?: { passphrase?: string; input?: string | Buffer }): GpgResult;
  /** Runs gpg and throws with its stderr unless it exited 0. */
  ok(args: string[], options?: { passphrase?: string; input?: string | Buffer }): Buffer;
  /** Fingerprint of the first key gpg lists for a user ID or key ID. */
  fingerprint(query: string, secret?: boolean): string;
  dispose(): void;
}

export interface GpgResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export function createGpg(): Gpg {
  // Short path: gpg-agent's socket path must stay under the 108-byte limit.
  const home = mkdtempSync(join(tmpdir(), 'gpg-'));
  writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n');
  const base = ['--homedir', home, '--batch', '--yes', '--no-tty', '--trust-model', 'always'];

  const run: Gpg['run'] = (args, options = {}) => {
    const secret =
      options.passphrase === undefined
        ? []
        : ['--pinentry-mode', 'loopback', '--passphrase', options.passphrase];
    const result = spawnSync('gpg', [...base, ...secret, ...args], {
      input: options.input,
      maxBuffer: 64 * 1024 * 1024,
      // A gpg that waits for an agent or a prompt must fail the test, not hang it.
      timeout: 30_000,
    });
    return {
      status: result.status ?? -1,
      stdout: result.stdout ?? Buffer.alloc(0),
      stderr: result.stderr?.toString() ?? String(result.error ?? ''),
    };
  };

  const ok: Gpg['ok'] = (args, options) => {
    const result = run(args, options);
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  const fingerprint: Gpg['fingerprint'] = (query, secret = false) => {
    const listing = ok([secret ? '--list-secret-keys' : '--list-keys', '--with-colons', query]);
    const line = listing
      .toString()
      .split('\n')
      .find((l) => l.startsWith('fpr:'));
    if (line === undefined) throw new Error(`gpg has no key for ${query}`);
    return line.split(':')[9] ?? '';
  };

  const dispose = () => {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    rmSync(home, { recursive: true, force: true });
  };

  return { home, run, ok, fingerprint, dispose };
}
