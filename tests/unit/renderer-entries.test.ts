import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../shared/types/remote.ts';
import {
  arrangeEntries,
  DEFAULT_SORT,
  filterEntries,
  isFolder,
  sortEntries,
  toggleSort,
} from '../../renderer/features/browser/entries.ts';

function file(name: string, size = 0, modifiedMs = 0, mode?: number): FileEntry {
  return { name, path: `/r/${name}`, type: 'file', size, modifiedMs, mode };
}
function dir(name: string, modifiedMs = 0): FileEntry {
  return { name, path: `/r/${name}`, type: 'directory', size: 0, modifiedMs };
}
const names = (list: FileEntry[]): string[] => list.map((e) => e.name);

describe('sortEntries', () => {
  const list = [
    file('report 10.csv', 30, 3),
    dir('zeta'),
    file('Report 2.csv', 10, 1),
    dir('Alpha'),
    file('b.txt', 20, 2, 0o600),
    file('a.txt', 20, 5, 0o644),
  ];

  it('puts folders first and sorts names naturally, ignoring case', () => {
    expect(names(sortEntries(list, { key: 'name', direction: 'asc' }))).toEqual([
      'Alpha',
      'zeta',
      'a.txt',
      'b.txt',
      'Report 2.csv',
      'report 10.csv',
    ]);
  });

  it('reverses within folders and files but keeps folders first', () => {
    expect(names(sortEntries(list, { key: 'name', direction: 'desc' }))).toEqual([
      'zeta',
      'Alpha',
      'report 10.csv',
      'Report 2.csv',
      'b.txt',
      'a.txt',
    ]);
  });

  it('sorts by size with the name as tie-breaker', () => {
    expect(names(sortEntries(list, { key: 'size', direction: 'asc' })).slice(2)).toEqual([
      'Report 2.csv',
      'a.txt',
      'b.txt',
      'report 10.csv',
    ]);
  });

  it('sorts by modified time and by permissions', () => {
    expect(names(sortEntries(list, { key: 'modified', direction: 'desc' })).slice(2)).toEqual([
      'a.txt',
      'report 10.csv',
      'b.txt',
      'Report 2.csv',
    ]);
    expect(names(sortEntries(list, { key: 'permissions', direction: 'desc' })).slice(2, 4)).toEqual(
      ['a.txt', 'b.txt'],
    );
  });

  it('does not mutate its input', () => {
    const copy = [...list];
    sortEntries(list, { key: 'size', direction: 'desc' });
    expect(list).toEqual(copy);
  });

  it('sorts a 100,000-entry folder by name', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => file(`file-${(i * 7919) % 100_000}`));
    const sorted = sortEntries(many, { key: 'name', direction: 'asc' });
    expect(sorted[0]?.name).toBe('file-0');
    expect(sorted[1]?.name).toBe('file-1');
    expect(sorted[99_999]?.name).toBe('file-99999');
  });
});

describe('isFolder', () => {
  it('treats links to folders as folders', () => {
    const link: FileEntry = {
      ...file('l'),
      type: 'symlink',
      target: { type: 'directory', size: 0 },
    };
    const broken: FileEntry = { ...file('b'), type: 'symlink', target: { broken: true } };
    expect(isFolder(link)).toBe(true);
    expect(isFolder(broken)).toBe(false);
    expect(isFolder(file('f'))).toBe(false);
  });
});

describe('toggleSort', () => {
  it('flips the same column and starts a new one ascending', () => {
    expect(toggleSort({ key: 'name', direction: 'asc' }, 'name').direction).toBe('desc');
    expect(toggleSort({ key: 'name', direction: 'desc' }, 'size')).toEqual({
      key: 'size',
      direction: 'asc',
    });
  });
});

describe('filterEntries', () => {
  const list = [
    file('.env'),
    file('Balance 2024.xlsx'),
    file('Año fiscal.csv'),
    dir('.git'),
    file('notes.txt'),
  ];

  it('hides dot files unless asked', () => {
    expect(names(filterEntries(list, { query: '', showHidden: false }))).toEqual([
      'Balance 2024.xlsx',
      'Año fiscal.csv',
      'notes.txt',
    ]);
    expect(filterEntries(list, { query: '', showHidden: true })).toHaveLength(5);
  });

  it('matches anywhere, ignoring case and accents', () => {
    expect(names(filterEntries(list, { query: 'BALANCE', showHidden: false }))).toEqual([
      'Balance 2024.xlsx',
    ]);
    expect(names(filterEntries(list, { query: 'ano', showHidden: false }))).toEqual([
      'Año fiscal.csv',
    ]);
  });

  it('understands * wildcards', () => {
    expect(names(filterEntries(list, { query: '*.csv', showHidden: true }))).toEqual([
      'Año fiscal.csv',
    ]);
    expect(names(filterEntries(list, { query: 'b*24', showHidden: true }))).toEqual([
      'Balance 2024.xlsx',
    ]);
    expect(names(filterEntries(list, { query: '*.', showHidden: true }))).toHaveLength(5);
  });

  it('treats regex characters literally', () => {
    expect(filterEntries([file('a(1).txt')], { query: '(1)', showHidden: false })).toHaveLength(1);
    expect(filterEntries([file('a(1).txt')], { query: 'a(*', showHidden: false })).toHaveLength(1);
  });
});

describe('arrangeEntries', () => {
  const arrived = [file('b.csv'), dir('zeta'), file('.hidden'), file('a.csv'), dir('alpha')];
  const filter = { query: '', showHidden: false };

  it('keeps arrival order while the folder still streams in, so rows do not move', () => {
    const first = arrangeEntries(arrived.slice(0, 2), filter, DEFAULT_SORT, true);
    const more = arrangeEntries(arrived, filter, DEFAULT_SORT, true);
    expect(names(first)).toEqual(['b.csv', 'zeta']);
    expect(names(more)).toEqual(['b.csv', 'zeta', 'a.csv', 'alpha']);
    expect(names(more).slice(0, first.length)).toEqual(names(first));
  });

  it('sorts once the listing is complete, and filters all along', () => {
    expect(names(arrangeEntries(arrived, filter, DEFAULT_SORT, false))).toEqual([
      'alpha',
      'zeta',
      'a.csv',
      'b.csv',
    ]);
    const query = { query: 'a', showHidden: false };
    expect(names(arrangeEntries(arrived, query, DEFAULT_SORT, true))).toEqual([
      'zeta',
      'a.csv',
      'alpha',
    ]);
  });
});
