import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the command line keeps its own files (known_hosts, PGP keyring). The desktop app uses
 * Electron's userData folder instead; PYPLAN_TRANSFER_HOME overrides both for scripts and tests.
 */
export function appHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PYPLAN_TRANSFER_HOME) return env.PYPLAN_TRANSFER_HOME;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Pyplan Transfer');
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Pyplan Transfer');
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'pyplan-transfer');
}

/**
 * `~/x` as the shell would have made it: `--key=~/cert.pem` reaches us unexpanded, since the
 * shell expands `~` only at the start of a word.
 */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  return /^~[/\\]/.test(path) ? join(homedir(), path.slice(2)) : path;
}
