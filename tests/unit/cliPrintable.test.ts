import { describe, expect, it } from 'vitest';
import { printable } from '../../electron/cli/printable.ts';
import { userMessage } from '../../electron/cli/messages.ts';
import { AppError } from '../../shared/errors.ts';

describe('printable: server names shown on a terminal', () => {
  it('escapes C0, DEL and C1 control characters and leaves the rest alone', () => {
    expect(printable('red\x1b[31mtext')).toBe('red\\x1b[31mtext');
    expect(printable('two\nlines\r\tx')).toBe('two\\nlines\\r\\tx');
    expect(printable('nul\0del\x7fcsi\u009b')).toBe('nul\\x00del\\x7fcsi\\x9b');
    expect(printable('año ✓ C:\\Users\\a.csv')).toBe('año ✓ C:\\Users\\a.csv');
  });

  it('applies to paths in error messages', () => {
    const err = new AppError('NOT_FOUND', 'No such file', { path: 'in/x\x1b[2J\ny' });
    expect(userMessage(err)).toBe('"in/x\\x1b[2J\\ny" does not exist.');
  });
});
