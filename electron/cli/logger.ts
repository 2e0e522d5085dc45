import { redact, redactFields, type LogFields, type Logger } from '../../shared/logger.ts';

/**
 * The command line logs to stderr only with --verbose: scripts read stdout, and a person
 * reading a failure wants the one plain line, not a log.
 */
export function createStderrLogger(verbose: boolean, subsystem = 'cli'): Logger {
  const write = (level: string, message: string, fields?: LogFields): void => {
    if (!verbose) return;
    const safe = redactFields(fields);
    const extra = safe && Object.keys(safe).length > 0 ? ` ${JSON.stringify(safe)}` : '';
    process.stderr.write(`${level} [${subsystem}] ${redact(message)}${extra}\n`);
  };
  return {
    error: (m, f) => write('error', m, f),
    warn: (m, f) => write('warn', m, f),
    info: (m, f) => write('info', m, f),
    debug: (m, f) => write('debug', m, f),
    trace: (m, f) => write('trace', m, f),
    child: (name) => createStderrLogger(verbose, name),
  };
}
