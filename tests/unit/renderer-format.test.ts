import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  formatDate,
  formatEta,
  formatPermissions,
  formatRate,
  formatSize,
  percent,
} from '../../renderer/lib/format.ts';

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1,023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [1024 * 1024 - 1, '1.0 MB'],
    [150 * 1024 * 1024, '150 MB'],
    [5.25 * 1024 ** 3, '5.3 GB'],
    [2 * 1024 ** 4, '2.0 TB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('uses the locale decimal mark', () => {
    expect(formatSize(1536, 'es')).toBe('1,5 KB');
  });

  it('prints a dash for impossible sizes', () => {
    expect(formatSize(-1)).toBe('—');
    expect(formatSize(Number.NaN)).toBe('—');
  });
});

describe('formatRate', () => {
  it('appends per second and hides an unknown rate', () => {
    expect(formatRate(2.5 * 1024 * 1024)).toBe('2.5 MB/s');
    expect(formatRate(0)).toBe('—');
  });
});

describe('formatEta', () => {
  it.each([
    [0, '0 s'],
    [0.2, '1 s'],
    [45, '45 s'],
    [185, '3 min 05 s'],
    [3600, '1 h 00 min'],
    [7620, '2 h 07 min'],
    [90_000, '> 24 h'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });

  it('is a dash when unknown', () => {
    expect(formatEta(undefined)).toBe('—');
    expect(formatEta(-3)).toBe('—');
  });

  it('takes translated unit names', () => {
    expect(formatEta(185, { hours: 'h', minutes: 'min', seconds: 'seg' })).toBe('3 min 05 seg');
  });
});

describe('percent', () => {
  it('floors and clamps', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 4)).toBe(100);
    expect(percent(0, 0)).toBe(0);
    expect(percent(3, 0)).toBe(100);
  });
});

describe('formatPermissions', () => {
  it('renders rwx triples', () => {
    expect(formatPermissions(0o755)).toBe('rwxr-xr-x');
    expect(formatPermissions(0o100644)).toBe('rw-r--r--');
    expect(formatPermissions(0)).toBe('---------');
    expect(formatPermissions(undefined)).toBe('—');
  });
});

describe('formatDate', () => {
  it('formats a known instant and hides an unknown one', () => {
    const ms = new Date(2025, 11, 3, 14, 5).getTime();
    expect(formatDate(ms, 'en-GB')).toBe('03/12/2025, 14:05');
    expect(formatDate(0)).toBe('—');
  });
});

describe('formatAddress', () => {
  it('adds the port only when it is not 22', () => {
    expect(formatAddress('root', '127.0.0.1', 22)).toBe('root@127.0.0.1');
    expect(formatAddress('root', '127.0.0.1', 2222)).toBe('root@127.0.0.1:2222');
    expect(formatAddress('ana', '::1', 2222)).toBe('ana@[::1]:2222');
  });
});
