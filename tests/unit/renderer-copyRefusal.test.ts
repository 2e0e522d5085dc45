import { describe, expect, it } from 'vitest';
import { copyRefusal } from '../../renderer/features/browser/copyRefusal.ts';

describe('refusing a local copy before asking about names', () => {
  it('refuses items dropped on the folder they are in', () => {
    expect(copyRefusal(['/home/ana/Desktop/a.csv'], '/home/ana/Desktop/', '/')).toMatchObject({
      code: 'COPY_SAME_FOLDER',
      details: { path: 'a.csv' },
    });
    expect(copyRefusal(['C:\\Users\\Ana\\a.csv'], 'c:\\users\\ana', '\\')?.code).toBe(
      'COPY_SAME_FOLDER',
    );
  });

  it('refuses a folder dropped into itself or below it, not into a look-alike', () => {
    expect(copyRefusal(['/data/Q3'], '/data/Q3', '/')?.code).toBe('COPY_INTO_ITSELF');
    expect(copyRefusal(['/data/Q3'], '/data/Q3/old', '/')?.code).toBe('COPY_INTO_ITSELF');
    expect(copyRefusal(['/data/Q3'], '/data/Q3 old', '/')).toBeNull();
    expect(copyRefusal(['D:\\data\\Q3'], 'd:\\DATA\\q3\\x', '\\')?.code).toBe('COPY_INTO_ITSELF');
  });

  it('lets other drops through', () => {
    expect(copyRefusal(['/home/ana/Desktop/a.csv', '/tmp/b'], '/home/ana/Reports', '/')).toBeNull();
    expect(copyRefusal(['/a.csv'], '/', '/')?.code).toBe('COPY_SAME_FOLDER');
  });
});
