import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hoistConnectionOptions } from '../../electron/cli/usage.ts';
import { expandHome } from '../../electron/cli/paths.ts';
import { hasWildcard, unescapePart } from '../../electron/cli/remoteGlob.ts';
import { cliHint, jsonError, userMessage } from '../../electron/cli/messages.ts';
import { parseTimeout } from '../../electron/cli/connection.ts';
import { mapNodeError } from '../../electron/services/fs/mapNodeError.ts';
import { ERROR_TEXT_EN } from '../../shared/i18n/errors.en.ts';
import { ERROR_TEXT_ES } from '../../shared/i18n/errors.es.ts';
import { AppError } from '../../shared/errors.ts';

describe('command line usage helpers', () => {
  it('moves connection options written after the command before it', () => {
    expect(hoistConnectionOptions(['ls', '/in', '--host', 'h', '--key=k', '--verbose'])).toEqual([
      '--host',
      'h',
      '--key=k',
      '--verbose',
      'ls',
      '/in',
    ]);
    expect(
      hoistConnectionOptions(['--user', 'u', 'get', '-r', 'a', '--port', '2222', 'b']),
    ).toEqual(['--user', 'u', '--port', '2222', 'get', '-r', 'a', 'b']);
    // Not past `--`, and never for pgp, whose commands have options of the same name.
    expect(hoistConnectionOptions(['rm', '--', '--host'])).toEqual(['rm', '--', '--host']);
    const pgp = ['pgp', 'decrypt', '--passphrase-env', 'V', 'f.pgp'];
    expect(hoistConnectionOptions(pgp)).toEqual(pgp);
  });

  it('expands ~ at the start of a path option only', () => {
    expect(expandHome('~/cert.pem')).toBe(join(homedir(), 'cert.pem'));
    expect(expandHome('~')).toBe(homedir());
    expect(expandHome('a/~/b')).toBe('a/~/b');
    expect(expandHome('~other/x')).toBe('~other/x');
  });

  it('reads sftp-style wildcards, a backslash making a character plain', () => {
    expect(hasWildcard('/out/*.pgp')).toBe(true);
    expect(hasWildcard('out/*/x.csv')).toBe(true);
    expect(hasWildcard('report-?.csv')).toBe(true);
    expect(hasWildcard('plain/name.csv')).toBe(false);
    expect(hasWildcard('odd\\*.csv')).toBe(false);
    expect(unescapePart('odd\\*.csv')).toBe('odd*.csv');
  });

  it('parses --timeout in seconds', () => {
    expect(parseTimeout(undefined)).toBeUndefined();
    expect(parseTimeout('45')).toBe(45_000);
    expect(parseTimeout('0.5')).toBe(500);
    expect(() => parseTimeout('0')).toThrow(AppError);
    expect(() => parseTimeout('soon')).toThrow(AppError);
    // Past Node's timer limit a huge value would silently become 1 ms.
    expect(parseTimeout('3600')).toBe(3_600_000);
    expect(() => parseTimeout('3601')).toThrow(AppError);
    expect(() => parseTimeout('99999999999')).toThrow(AppError);
  });

  it('gives --json the plain message and keeps the internal text as detail', () => {
    const raw = Object.assign(new Error("ENOENT: no such file or directory, stat '/x'"), {
      code: 'ENOENT',
    });
    expect(jsonError(mapNodeError(raw, '/x'))).toEqual({
      code: 'LOCAL_NOT_FOUND',
      message: '"/x" does not exist on this computer.',
      detail: "ENOENT: no such file or directory, stat '/x'",
      context: { path: '/x' },
    });
  });

  it('prints a usage error as its reason alone; without one, in the shared words', () => {
    const reason = "unknown option '--bogus' (see --help)";
    const usage = new AppError('INVALID_ARGUMENT', 'x', { reason });
    expect(userMessage(usage)).toBe(reason);
    expect(jsonError(usage)).toMatchObject({ code: 'INVALID_ARGUMENT', message: reason });
    expect(userMessage(new AppError('INVALID_ARGUMENT', 'x'))).toBe('Invalid input.');
  });

  it('names the flag a passphrase goes in, and --known-hosts in the forget-host-key hint', () => {
    const pgpPrompt = new AppError('KEY_PASSPHRASE_REQUIRED', 'x', {
      given: 'none',
      cliFlag: '--sign-passphrase-env',
    });
    expect(cliHint(pgpPrompt.code, pgpPrompt.details)).toBe(
      ' Put it in an environment variable and name that with --sign-passphrase-env.',
    );
    expect(jsonError(pgpPrompt).context).toEqual({ given: 'none' });
    expect(cliHint('HOST_KEY_MISMATCH', { knownHosts: "/tmp/Bob's hosts" })).toContain(
      "with the same --host, --port and --known-hosts '/tmp/Bob'\\''s hosts', then",
    );
    expect(cliHint('HOST_KEY_MISMATCH', {})).toContain('with the same --host and --port, then');
  });

  it('says a read-only disk is read-only, in both languages', () => {
    const err = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    const mapped = mapNodeError(err, '/mnt/ro/new');
    expect(mapped.code).toBe('LOCAL_PERMISSION_DENIED');
    expect(ERROR_TEXT_EN[mapped.code](mapped.details)).toBe(
      '"/mnt/ro/new" cannot be written: that disk is read-only.',
    );
    expect(ERROR_TEXT_ES[mapped.code](mapped.details)).toContain('solo lectura');
  });
});
