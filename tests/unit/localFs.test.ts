import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFs } from '../../electron/services/local/LocalFs.ts';

let root: string;
let fs: LocalFs;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pyplan-local-'));
  fs = new LocalFs({ home: root });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('LocalFs', () => {
  it('answers the home folder with this computer separator', () => {
    expect(fs.home()).toEqual({ path: root, sep, platform: process.platform });
  });

  it('lists files, folders and symlinks (with their targets) with sizes and times', async () => {
    writeFileSync(join(root, 'report.csv'), 'a,b\n1,2\n');
    mkdirSync(join(root, 'Q1'));
    symlinkSync(join(root, 'report.csv'), join(root, 'link.csv'));
    symlinkSync(join(root, 'missing'), join(root, 'broken'));
    const entries = await fs.list(root);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['Q1', 'broken', 'link.csv', 'report.csv']);
    expect(byName['report.csv']).toMatchObject({
      type: 'file',
      size: 8,
      path: join(root, 'report.csv'),
    });
    expect(byName.Q1?.type).toBe('directory');
    expect(byName['link.csv']).toMatchObject({
      type: 'symlink',
      target: { type: 'file', size: 8 },
    });
    expect(byName.broken).toMatchObject({ type: 'symlink', target: { broken: true } });
    expect(byName['report.csv']?.modifiedMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('maps missing folders and files-as-folders to our codes', async () => {
    await expect(fs.list(join(root, 'nope'))).rejects.toMatchObject({ code: 'LOCAL_NOT_FOUND' });
    writeFileSync(join(root, 'f'), 'x');
    await expect(fs.list(join(root, 'f'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(fs.stat(join(root, 'nope'))).rejects.toMatchObject({ code: 'LOCAL_NOT_FOUND' });
  });

  it('creates folders, refusing one that exists', async () => {
    await fs.mkdir(join(root, 'new'));
    expect(existsSync(join(root, 'new'))).toBe(true);
    await expect(fs.mkdir(join(root, 'new'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('renames without ever replacing an existing file', async () => {
    writeFileSync(join(root, 'a.txt'), 'A');
    writeFileSync(join(root, 'b.txt'), 'B');
    await expect(fs.rename(join(root, 'a.txt'), join(root, 'b.txt'))).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('B');
    await fs.rename(join(root, 'a.txt'), join(root, 'c.txt'));
    expect(readFileSync(join(root, 'c.txt'), 'utf8')).toBe('A');
  });

  it('deletes a file, or a folder with its contents, only when the kind matches', async () => {
    mkdirSync(join(root, 'd', 'e'), { recursive: true });
    writeFileSync(join(root, 'd', 'e', 'f.txt'), 'x');
    writeFileSync(join(root, 'g.txt'), 'x');
    await expect(fs.delete(join(root, 'd'), 'file')).rejects.toMatchObject({
      code: 'IS_A_DIRECTORY',
    });
    await expect(fs.delete(join(root, 'g.txt'), 'directory')).rejects.toMatchObject({
      code: 'NOT_A_DIRECTORY',
    });
    await fs.delete(join(root, 'd'), 'directory');
    await fs.delete(join(root, 'g.txt'), 'file');
    expect(existsSync(join(root, 'd'))).toBe(false);
    expect(existsSync(join(root, 'g.txt'))).toBe(false);
  });

  it('deletes a symlink to a folder as a link, leaving the folder alone', async () => {
    mkdirSync(join(root, 'keep'));
    writeFileSync(join(root, 'keep', 'x'), 'x');
    symlinkSync(join(root, 'keep'), join(root, 'alias'));
    await expect(fs.delete(join(root, 'alias'), 'directory')).rejects.toMatchObject({
      code: 'NOT_A_DIRECTORY',
    });
    await fs.delete(join(root, 'alias'), 'file');
    expect(existsSync(join(root, 'keep', 'x'))).toBe(true);
  });

  it('offers the single root outside Windows', async () => {
    expect(await new LocalFs({ platform: 'linux' }).drives()).toEqual(['/']);
  });

  it('offers the drive letters that are there on Windows, in order', async () => {
    const there = new Set(['C:\\', 'E:\\', 'Z:\\']);
    const asked: string[] = [];
    const exists = async (path: string): Promise<boolean> => {
      asked.push(path);
      return there.has(path);
    };
    const fs = new LocalFs({ platform: 'win32', exists });
    expect(await fs.drives()).toEqual(['C:\\', 'E:\\', 'Z:\\']);
    expect(asked).toHaveLength(26);
  });
});
