import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import { opensshSftpArgs } from '../helpers/cli.ts';

// Proves the test server itself is what we think it is, using OpenSSH's own client.
describe('test sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd.stop();
  });

  it('serves SFTP to the OpenSSH client with the generated key', () => {
    writeFileSync(join(sshd.root, 'hello.txt'), 'hi');
    const out = execFileSync('sftp', opensshSftpArgs(sshd, sshd.clientKeyPath), {
      input: 'ls\n',
    }).toString();
    expect(out).toContain('hello.txt');
  });
});
