const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Unix-style permission string, e.g. 0o755 directory -> drwxr-xr-x. */
export function formatMode(mode: number | undefined, type: string): string {
  const kind = type === 'directory' ? 'd' : type === 'symlink' ? 'l' : '-';
  if (mode === undefined) return `${kind}?????????`;
  const bits = 'rwxrwxrwx';
  let out = kind;
  for (let i = 0; i < 9; i += 1) out += mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}

/** The last 16 hex digits of an OpenPGP fingerprint, grouped by four: what people compare. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint
    .replace(/\s+/g, '')
    .slice(-16)
    .toUpperCase()
    .replace(/(.{4})(?!$)/g, '$1 ');
}

/**
 * An OpenPGP key as error texts name it, from details.userId and details.fingerprint: the
 * user ID in the language's quotes with the short fingerprint after it, or the short
 * fingerprint alone.
 */
export function pgpKeyName(
  userId: unknown,
  fingerprint: unknown,
  quotes: readonly [string, string] = ['“', '”'],
): string {
  const short = typeof fingerprint === 'string' ? shortFingerprint(fingerprint) : '';
  if (typeof userId !== 'string' || userId === '') return short;
  const quoted = `${quotes[0]}${userId}${quotes[1]}`;

  return short === '' ? quoted : `${quoted} (${short})`;
}
