import type { Command } from 'commander';
import type { CliContext } from './commands.ts';
import { registerPgpCommands } from './pgpCommands.ts';
import { createPgpTransferHooks } from './pgpTransfer.ts';

/** Features that add commands or transfer hooks (OpenPGP) register here. */
export function registerExtensions(program: Command, ctx: CliContext): () => Promise<void> {
  registerPgpCommands(program, {
    setExitCode: (code) => {
      ctx.exitCode = code;
    },
    logger: ctx.logger,
  });
  const pgp = createPgpTransferHooks(ctx.logger);
  ctx.transferHooks = pgp;
  return () => pgp.close();
}
