/**
 * Number formatting for sizes, rates and times, shared by the file panes and the transfer
 * queue. Sizes use 1024 steps with KB/MB/GB labels, as Windows Explorer shows them, so the
 * numbers match what analysts see on their own disks.
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

function numberFormat(locale: string, fractionDigits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** "0 B", "999 B", "1.0 KB", "12.3 MB", "1.5 GB"; one decimal below 100, none above. */
export function formatSize(bytes: number, locale = 'en'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${numberFormat(locale, 0).format(bytes)} B`;

  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Rounding 1023.96 KB to one decimal would print "1024.0 KB"; move up a unit instead.
  if (Number(value.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 100 ? 1 : 0;

  return `${numberFormat(locale, digits).format(value)} ${UNITS[unit]}`;
}

/** Bytes per second as "1.2 MB/s"; an unknown or zero rate prints as an em dash. */
export function formatRate(bytesPerSecond: number, locale = 'en'): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatSize(bytesPerSecond, locale)}/s`;
}

export interface EtaUnits {
  hours: string;
  minutes: string;
  seconds: string;
}

const ETA_UNITS_EN: EtaUnits = { hours: 'h', minutes: 'min', seconds: 's' };

/**
 * Seconds left as "45 s", "3 min 05 s", "2 h 07 min". Above a day the estimate is noise, so
 * it is shown as "> 24 h". Undefined or negative means unknown and prints an em dash.
 */
export function formatEta(seconds: number | undefined, units: EtaUnits = ETA_UNITS_EN): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.ceil(seconds);
  if (total >= 86_400) return `> 24 ${units.hours}`;

  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h} ${units.hours} ${pad(m)} ${units.minutes}`;
  if (m > 0) return `${m} ${units.minutes} ${pad(s)} ${units.seconds}`;

  return `${s} ${units.seconds}`;
}

/** Whole percent from done/total, clamped to 0..100; an empty total counts as complete. */
export function percent(done: number, total: number): number {
  if (total <= 0) return done > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

const PERMISSION_BITS = ['r', 'w', 'x'] as const;

/** POSIX mode bits as "rwxr-xr-x"; undefined (Windows, some servers) prints an em dash. */
export function formatPermissions(mode: number | undefined): string {
  if (mode === undefined) return '—';
  let out = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const triple = (mode >> shift) & 7;
    PERMISSION_BITS.forEach((letter, i) => {
      out += triple & (4 >> i) ? letter : '-';
    });
  }

  return out;
}

/** A day as a short local date, e.g. "06/01/2020" (an expiry, where the hour says nothing). */
export function formatDay(ms: number, locale = 'en'): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

/** A modified time as a short local date and time, e.g. "03/12/2025 14:05". */
export function formatDate(ms: number, locale = 'en'): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

/**
 * Who and where a connection goes, as "user@host", with ":port" when it is not SSH's 22 (an
 * IPv6 address goes in brackets so its colons are not read as the port).
 */
export function formatAddress(user: string, host: string, port: number): string {
  if (port === 22) return `${user}@${host}`;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `${user}@${shownHost}:${port}`;
}
