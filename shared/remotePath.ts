/**
 * Remote paths are always POSIX, whatever the local platform: SFTP servers (OpenSSH, AWS
 * Transfer Family) speak '/'-separated paths. Kept in shared/ so the renderer joins paths the
 * same way as the services.
 */
export function joinRemote(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return normalizeRemote(joined);
}

export function normalizeRemote(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const body = out.join('/');
  if (absolute) return `/${body}`;
  return body === '' ? '.' : body;
}

export function remoteBasename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const index = trimmed.lastIndexOf('/');
  return index === -1 ? trimmed : trimmed.slice(index + 1);
}

export function remoteDirname(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const index = trimmed.lastIndexOf('/');
  if (index === -1) return '.';
  if (index === 0) return '/';
  return trimmed.slice(0, index);
}

/**
 * SECURITY: a hostile or broken server can send names that would escape the folder chosen on
 * this computer ('..', 'a/../../x', 'C:evil', '\\share'). Only plain single names pass.
 */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  if (/[/\\\0]/.test(name)) return false;
  if (/^[A-Za-z]:/.test(name)) return false;
  return true;
}

/**
 * The name "keep both" gives a copy: `report (2).csv` for n = 2, as Finder and Explorer do.
 * The extension stays last so the file still opens with the same program.
 */
export function keepBothName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && dot < name.length - 1;
  const stem = hasExtension ? name.slice(0, dot) : name;
  const extension = hasExtension ? name.slice(dot) : '';
  return `${stem} (${n})${extension}`;
}
