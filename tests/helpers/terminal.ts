import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

/** What a person types at a prompt: a line, Ctrl-C or Ctrl-D. */
export const CTRL_C = '\x03';
export const CTRL_D = '\x04';

export interface TerminalStep {
  /** Text the program prints (the prompt) before this is typed. */
  after: string;
  type: string;
  /** Wait this long after the prompt appeared before typing (a slow person). */
  delayMs?: number;
}

export interface TerminalRun {
  code: number;
  /** Everything the terminal showed: stdout and stderr together, with what was typed. */
  screen: string;
}

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the command line on a real pseudo-terminal (util-linux `script`), as a person at a
 * terminal would, typing each step once its prompt is on the screen. Each step waits for the
 * n-th appearance of its prompt text, so the same prompt asked again can be answered again.
 */
export function runOnTerminal(
  args: string[],
  steps: TerminalStep[],
  env: NodeJS.ProcessEnv = {},
): Promise<TerminalRun> {
  const command = [process.execPath, '--disable-warning=ExperimentalWarning', CLI, ...args]
    .map(quote)
    .join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { ...process.env, ...env, TERM: 'dumb' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let next = 0;
  let searchFrom = 0;
  const typeWhenAsked = (): void => {
    const step = steps[next];
    if (!step) return;
    const at = screen.indexOf(step.after, searchFrom);
    if (at === -1) return;
    next += 1;
    searchFrom = at + step.after.length;
    setTimeout(() => {
      child.stdin.write(step.type);
      typeWhenAsked();
    }, step.delayMs ?? 50);
  };
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      screen += d.toString();
      typeWhenAsked();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code: code ?? -1, screen });
    });
  });
}
