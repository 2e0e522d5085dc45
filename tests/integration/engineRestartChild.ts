/**
 * Runs a JobQueue in its own process for engineRestart.test.ts, which kills it with SIGKILL
 * mid-batch and starts it again. Argument: a JSON object (see Args). Prints one JSON line
 * per progress event and `{"idle":...}` when the queue has nothing left to do.
 */
import { openConnection } from '../../electron/services/ssh/connect.ts';
import { readPrivateKeyFile } from '../../electron/services/ssh/keys.ts';
import { KnownHostsFile } from '../../electron/services/ssh/knownHosts.ts';
import { JobQueue } from '../../electron/services/queue/JobQueue.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';

interface Args {
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHosts: string;
  storeDir: string;
  source: string;
  target: string;
  bandwidthLimit: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const key = await readPrivateKeyFile(args.keyPath);
const knownHosts = new KnownHostsFile(args.knownHosts);
const queue = new JobQueue({
  connect: () =>
    openConnection({
      host: args.host,
      port: args.port,
      username: args.user,
      key,
      knownHosts,
      confirmHostKey: async () => true,
    }),
  storeDir: args.storeDir,
  logger: NULL_LOGGER,
  bandwidthLimit: args.bandwidthLimit,
});
queue.on((event) => {
  if (event.type === 'progress') process.stdout.write(`${JSON.stringify(event.progress)}\n`);
});
await queue.start();
if (queue.list().length === 0) {
  queue.add({ direction: 'upload', sources: [args.source], target: args.target });
}
await queue.whenIdle();
await queue.close();
process.stdout.write(`${JSON.stringify({ idle: queue.list() })}\n`);
