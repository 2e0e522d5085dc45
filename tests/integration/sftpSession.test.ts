import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSshdSession } from '../helpers/sshdSession.ts';

describe('SFTP operations against OpenSSH', () => {
  const world = useSshdSession();

  it('lists name, type, size, time and permissions, resolving and marking links', async () => {
    const dir = join(world.sshd.root, 'listing');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'data.csv'), '12345');
    symlinkSync(join(dir, 'data.csv'), join(dir, 'link-to-file'));
    symlinkSync(join(dir, 'sub'), join(dir, 'link-to-dir'));
    symlinkSync(join(dir, 'missing'), join(dir, 'broken'));
    const batches: number[] = [];
    const entries = await world.session.list(dir, { onBatch: (b) => batches.push(b.length) });
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual([
      'broken',
      'data.csv',
      'link-to-dir',
      'link-to-file',
      'sub',
    ]);
    expect(byName['data.csv']).toMatchObject({ type: 'file', size: 5, path: `${dir}/data.csv` });
    expect(byName['data.csv']?.mode).toBeTypeOf('number');
    expect(byName['data.csv']?.modifiedMs).toBeGreaterThan(Date.now() - 60_000);
    expect(byName.sub?.type).toBe('directory');
    expect(byName['link-to-file']).toMatchObject({
      type: 'symlink',
      target: { type: 'file', size: 5 },
    });
    expect(byName['link-to-dir']?.target).toMatchObject({ type: 'directory' });
    expect(byName.broken?.target).toEqual({ broken: true });
    expect(batches.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('creates folders with parents, renames, and deletes recursively', async () => {
    const deep = join(world.sshd.root, 'x', 'y', 'z');
    await world.session.mkdir(deep, { parents: true });
    await world.session.mkdir(deep, { parents: true });
    expect(existsSync(deep)).toBe(true);
    await expect(world.session.mkdir(deep)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    writeFileSync(join(deep, 'f.txt'), 'f');
    writeFileSync(join(deep, 'g.txt'), 'g');
    await world.session.rename(join(deep, 'f.txt'), join(deep, 'h.txt'));
    expect(existsSync(join(deep, 'h.txt'))).toBe(true);
    await expect(
      world.session.rename(join(deep, 'h.txt'), join(deep, 'g.txt')),
    ).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await world.session.rename(join(deep, 'h.txt'), join(deep, 'g.txt'), { overwrite: true });

    await expect(world.session.removeDir(join(world.sshd.root, 'x'))).rejects.toMatchObject({
      code: 'DIRECTORY_NOT_EMPTY',
    });
    await world.session.removeDir(join(world.sshd.root, 'x'), { recursive: true });
    expect(existsSync(join(world.sshd.root, 'x'))).toBe(false);
  });

  it('deletes a link to a folder as a link, never emptying the folder it points to', async () => {
    const kept = join(world.sshd.root, 'kept');
    mkdirSync(join(kept, 'inner'), { recursive: true });
    writeFileSync(join(kept, 'inner', 'a.csv'), 'a');
    const link = join(world.sshd.root, 'kept-link');
    symlinkSync(kept, link);
    await world.session.removeDir(link, { recursive: true });
    expect(existsSync(link)).toBe(false);
    expect(existsSync(join(kept, 'inner', 'a.csv'))).toBe(true);

    // Inside a folder being deleted, a link to another folder goes as a link too.
    const outer = join(world.sshd.root, 'outer');
    mkdirSync(outer);
    symlinkSync(kept, join(outer, 'to-kept'));
    await world.session.removeDir(`${outer}/`, { recursive: true });
    expect(existsSync(outer)).toBe(false);
    expect(existsSync(join(kept, 'inner', 'a.csv'))).toBe(true);
    expect((await world.session.lstat(kept)).type).toBe('directory');
  });

  it('maps statuses to closed codes', async () => {
    await expect(world.session.stat(join(world.sshd.root, 'nothing'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(world.session.removeFile(join(world.sshd.root, 'nothing'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    writeFileSync(join(world.sshd.root, 'plain.txt'), 'x');
    // OpenSSH answers OPENDIR on a file with "no such file"; the file is there, so say so.
    await expect(world.session.list(join(world.sshd.root, 'plain.txt'))).rejects.toMatchObject({
      code: 'NOT_A_DIRECTORY',
    });
    await expect(world.session.list(join(world.sshd.root, 'nothing'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      world.session.mkdir(join(world.sshd.root, 'plain.txt', 'sub')),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/NOT_FOUND|REMOTE_FAILURE|NOT_A_DIRECTORY/),
    });
  });
});
