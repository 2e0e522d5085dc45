/**
 * Path arithmetic for both panes: remote paths are always POSIX ('/'), local ones use this
 * computer's separator ('\\' on Windows, with drive roots like "C:\\"). Pure string work: the
 * renderer has no Node path module, and the services check every path again anyway.
 */
export type Sep = '/' | '\\';

export interface Crumb {
  label: string;
  path: string;
}

/** "C:" or "C:\" or "\\server\share" prefix, or "/" for POSIX; '' for a relative path. */
function rootOf(path: string, sep: Sep): string {
  if (sep === '/') return path.startsWith('/') ? '/' : '';
  const drive = /^[A-Za-z]:\\?/.exec(path);
  if (drive) return `${drive[0].slice(0, 2)}\\`;
  const unc = /^\\\\[^\\]+\\[^\\]+\\?/.exec(path);
  if (unc) return unc[0].endsWith('\\') ? unc[0] : `${unc[0]}\\`;

  return path.startsWith('\\') ? '\\' : '';
}

function segments(path: string, root: string, sep: Sep): string[] {
  return path
    .slice(root.length)
    .split(sep === '\\' ? /[\\/]/ : '/')
    .filter((s) => s !== '' && s !== '.');
}

function build(root: string, parts: string[], sep: Sep): string {
  if (parts.length === 0) return root === '' ? '.' : root;
  return root + parts.join(sep);
}

export function joinPath(dir: string, name: string, sep: Sep): string {
  if (dir === '' || dir === '.') return name;
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/**
 * A path typed in the path bar, made whole against the folder shown: "inbox" typed in
 * /home/ana is /home/ana/inbox, and ".." steps up by name, as a shell's cd does. A path with
 * a root ("/srv", "C:\data", "\\server\share") is taken as typed.
 */
export function resolvePath(base: string, typed: string, sep: Sep): string {
  if (rootOf(typed, sep) !== '') return typed;
  const root = rootOf(base, sep);
  const parts = segments(base, root, sep);
  for (const part of segments(typed, '', sep)) {
    if (part === '..') parts.pop();
    else parts.push(part);
  }

  return build(root, parts, sep);
}

/** The folder above, or null at a root ("/" or "C:\"). */
export function parentPath(path: string, sep: Sep): string | null {
  const root = rootOf(path, sep);
  const parts = segments(path, root, sep);
  if (parts.length === 0) return null;

  return build(root, parts.slice(0, -1), sep);
}

export function baseName(path: string, sep: Sep): string {
  const root = rootOf(path, sep);
  const parts = segments(path, root, sep);
  return parts[parts.length - 1] ?? root;
}

/** The clickable pieces of the path bar, root first. */
export function crumbs(path: string, sep: Sep): Crumb[] {
  const root = rootOf(path, sep);
  const parts = segments(path, root, sep);
  const out: Crumb[] = [];
  if (root !== '') out.push({ label: sep === '\\' ? root.replace(/\\$/, '') : root, path: root });
  parts.forEach((part, i) => {
    out.push({ label: part, path: build(root, parts.slice(0, i + 1), sep) });
  });

  return out;
}

/** Whether `name` can be a single file or folder name on either side. */
export function isValidName(name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === '..') return false;

  return !/[/\\\0]/.test(trimmed);
}

/** "report.csv" taken → "report (1).csv", then "(2)", ...: the free name for a copy. */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n += 1) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}
