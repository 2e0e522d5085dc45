import { describe, expect, it } from 'vitest';
import {
  baseName,
  crumbs,
  freeName,
  isValidName,
  joinPath,
  parentPath,
  resolvePath,
} from '../../renderer/lib/paths.ts';

describe('POSIX paths (remote, macOS, Linux)', () => {
  it('joins, climbs and names', () => {
    expect(joinPath('/home/ana', 'q1.csv', '/')).toBe('/home/ana/q1.csv');
    expect(joinPath('/', 'q1.csv', '/')).toBe('/q1.csv');
    expect(parentPath('/home/ana/', '/')).toBe('/home');
    expect(parentPath('/home', '/')).toBe('/');
    expect(parentPath('/', '/')).toBeNull();
    expect(baseName('/home/ana/q1.csv', '/')).toBe('q1.csv');
    expect(baseName('/', '/')).toBe('/');
  });

  it('splits into breadcrumbs from the root', () => {
    expect(crumbs('/home/ana', '/')).toEqual([
      { label: '/', path: '/' },
      { label: 'home', path: '/home' },
      { label: 'ana', path: '/home/ana' },
    ]);
    expect(crumbs('/', '/')).toEqual([{ label: '/', path: '/' }]);
  });

  it('resolves a typed relative path against the folder shown', () => {
    expect(resolvePath('/home/ana', 'inbox', '/')).toBe('/home/ana/inbox');
    expect(resolvePath('/home/ana', './inbox/2024/', '/')).toBe('/home/ana/inbox/2024');
    expect(resolvePath('/home/ana', '../bob', '/')).toBe('/home/bob');
    expect(resolvePath('/home', '../../..', '/')).toBe('/');
    expect(resolvePath('/', 'srv', '/')).toBe('/srv');
    expect(resolvePath('/home/ana', '/srv/in', '/')).toBe('/srv/in');
  });
});

describe('Windows paths', () => {
  it('treats the drive as the root', () => {
    expect(parentPath('C:\\Users\\ana', '\\')).toBe('C:\\Users');
    expect(parentPath('C:\\Users', '\\')).toBe('C:\\');
    expect(parentPath('C:\\', '\\')).toBeNull();
    expect(joinPath('C:\\', 'Data', '\\')).toBe('C:\\Data');
    expect(joinPath('C:\\Data', 'q1.csv', '\\')).toBe('C:\\Data\\q1.csv');
  });

  it('makes drive breadcrumbs', () => {
    expect(crumbs('D:\\Finance\\2024', '\\')).toEqual([
      { label: 'D:', path: 'D:\\' },
      { label: 'Finance', path: 'D:\\Finance' },
      { label: '2024', path: 'D:\\Finance\\2024' },
    ]);
  });

  it('keeps network shares whole', () => {
    expect(parentPath('\\\\srv\\share\\dept', '\\')).toBe('\\\\srv\\share\\');
    expect(parentPath('\\\\srv\\share\\', '\\')).toBeNull();
  });

  it('resolves a typed relative path against the folder shown', () => {
    expect(resolvePath('C:\\Users\\ana', 'Documents\\Q1', '\\')).toBe(
      'C:\\Users\\ana\\Documents\\Q1',
    );
    expect(resolvePath('C:\\Users\\ana', '..', '\\')).toBe('C:\\Users');
    expect(resolvePath('C:\\Users\\ana', 'D:\\Finance', '\\')).toBe('D:\\Finance');
    expect(resolvePath('\\\\srv\\share\\dept', '..\\hr', '\\')).toBe('\\\\srv\\share\\hr');
  });
});

describe('names', () => {
  it('refuses separators and dot names', () => {
    expect(isValidName('Q1 report.xlsx')).toBe(true);
    expect(isValidName('a/b')).toBe(false);
    expect(isValidName('a\\b')).toBe(false);
    expect(isValidName('..')).toBe(false);
    expect(isValidName('  ')).toBe(false);
  });

  it('finds a free copy name', () => {
    expect(freeName('q1.csv', new Set())).toBe('q1.csv');
    expect(freeName('q1.csv', new Set(['q1.csv', 'q1 (1).csv']))).toBe('q1 (2).csv');
    expect(freeName('data', new Set(['data']))).toBe('data (1)');
    expect(freeName('.env', new Set(['.env']))).toBe('.env (1)');
  });
});
