import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openConnection } from '../../electron/services/ssh/connect.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import { receive, fileSink } from '../../electron/services/transfer/pipeline.ts';
const env = Object.fromEntries(readFileSync('/tmp/probe/env','utf8').trim().split('\n').map(l=>l.split('=')));
const connection = await openConnection({ host: '127.0.0.1', port: Number(env.PORT), username: env.USER,
  key: await readPrivateKeyFile('/tmp/probe/key'), knownHosts: new KnownHostsFile('/tmp/probe/kh'), confirmHostKey: async () => true });
const session = await connection.sftp();
for (const mode of (process.argv[2] ?? 'plain,hash,sink,nohashsink').split(',')) {
  const handle = await session.open(env.ROOT + '/big.bin', 'r');
  const size = (await session.fstat(handle)).size;
  const file = await open('/tmp/probe/down/x.bin', 'w');
  const t = performance.now();
  const hash = mode.includes('hash') && !mode.includes('nohash') ? createHash('sha256') : undefined;
  const sink = mode.includes('sink') ? async () => undefined : fileSink(file, 'x');
  await receive(session, handle, size, sink, 0, { path: 'x', hash });
  console.log(mode, ((performance.now() - t) / 1000).toFixed(2));
  await file.close(); await session.close(handle);
}
await connection.close();
