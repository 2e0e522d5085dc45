import { describe, expect, it } from 'vitest';
import {
  isSafeEntryName,
  joinRemote,
  keepBothName,
  normalizeRemote,
  remoteBasename,
  remoteDirname,
} from '../../shared/remotePath.ts';

describe('remote paths are POSIX on every platform', () => {
  it.each([
    [['/home/a', 'b.csv'], '/home/a/b.csv'],
    [['/home/a/', '/b/'], '/home/a/b'],
    [['/', '..', 'x'], '/x'],
    [['a', '..', '..', 'b'], '../b'],
    [['.', 'c'], 'c'],
  ])('joins %j as %s', (parts, joined) => {
    expect(joinRemote(...parts)).toBe(joined);
  });

  it('normalises, splits and names', () => {
    expect(normalizeRemote('/a/./b//c/..')).toBe('/a/b');
    expect(remoteBasename('/a/b c.csv')).toBe('b c.csv');
    expect(remoteDirname('/a/b c.csv')).toBe('/a');
    expect(remoteDirname('/a')).toBe('/');
    expect(remoteDirname('a')).toBe('.');
  });

  it.each(['..', '.', '', 'a/b', '../x', 'a\\b', 'C:evil', 'nul\0', '/etc/passwd'])(
    'refuses the unsafe name %j',
    (name) => expect(isSafeEntryName(name)).toBe(false),
  );

  it.each(['report.csv', 'año 2026 #1 100%.xlsx', '.hidden', 'a..b'])(
    'accepts the plain name %j',
    (name) => expect(isSafeEntryName(name)).toBe(true),
  );

  it('names the kept copy before the extension', () => {
    expect(keepBothName('report.csv', 1)).toBe('report (1).csv');
    expect(keepBothName('archive.tar.gz', 2)).toBe('archive.tar (2).gz');
    expect(keepBothName('README', 3)).toBe('README (3)');
    expect(keepBothName('.env', 1)).toBe('.env (1)');
  });
});
