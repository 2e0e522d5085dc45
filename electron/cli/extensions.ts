import type { Command } from 'commander';
import type { CliContext } from './commands.ts';

/** Features that add commands or transfer hooks (PGP) register here. */
export function registerExtensions(_program: Command, _ctx: CliContext): void {}
