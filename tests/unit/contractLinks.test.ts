import { describe, expect, it } from 'vitest';
import {
  findSftpUrlInArgs,
  isAllowedExternalUrl,
  parseSftpUrl,
} from '../../electron/services/app/urls.ts';

describe('parseSftpUrl', () => {
  it.each([
    [
      'sftp://analyst@sftp.pyplan.com/',
      { host: 'sftp.pyplan.com', port: 22, user: 'analyst', path: '/' },
    ],
    [
      'sftp://analyst@sftp.pyplan.com:2222/in/box',
      { host: 'sftp.pyplan.com', port: 2222, user: 'analyst', path: '/in/box' },
    ],
    ['sftp://h.example', { host: 'h.example', port: 22, path: '/' }],
    ['SFTP://a%40b@h/Q1%20reports/', { host: 'h', port: 22, user: 'a@b', path: '/Q1 reports/' }],
    ['sftp://u@[::1]:22/x', { host: '::1', port: 22, user: 'u', path: '/x' }],
  ])('parses %s', (url, expected) => {
    expect(parseSftpUrl(url)).toEqual(expected);
  });

  it.each([
    ['not a url'],
    ['https://pyplan.com/'],
    ['sftp://user:secret@host/'],
    ['sftp:///path-only'],
    ['sftp://h/a%00b'],
    ['sftp://h:99999/'],
  ])('refuses %s with INVALID_ARGUMENT', (url) => {
    expect(() => parseSftpUrl(url)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('finds the link among command-line arguments (Windows and Linux second instance)', () => {
    const argv = ['/opt/app/pyplan', '--flag', 'sftp://u@h/x'];
    expect(findSftpUrlInArgs(argv)).toBe('sftp://u@h/x');
    expect(findSftpUrlInArgs(['/opt/app/pyplan'])).toBeUndefined();
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://pyplan.com',
    'https://pyplan.com/pricing?x=1',
    'https://docs.pyplan.com/transfer/keys',
    'https://eu.app.pyplan.com/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://pyplan.com/',
    'https://pyplan.com.evil.example/',
    'https://evilpyplan.com/',
    'https://user:pw@pyplan.com/',
    'https://pyplan.com:8443/',
    'file:///etc/passwd',
    'smb://pyplan.com/share',
    'javascript:alert(1)',
    'ms-settings:',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
