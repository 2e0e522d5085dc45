import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  redact,
  redactFields,
  type LogFields,
  type Logger,
  type LogLevel,
} from '../../shared/logger.ts';

const MAX_BYTES = 5 * 1024 * 1024;
const ORDER: LogLevel[] = ['error', 'warn', 'info', 'debug', 'trace'];

/**
 * JSON lines in the app's log folder, redacted, rotated to one `.1` file at 5 MiB. Writes are
 * synchronous: the volume is low and a crash must not lose the line that explains it.
 */
export function createFileLogger(dir: string, level: LogLevel = 'info'): Logger {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'main.log');
  const limit = ORDER.indexOf(level);

  const write = (lvl: LogLevel, subsystem: string, message: string, fields?: LogFields) => {
    if (ORDER.indexOf(lvl) > limit) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: lvl,
      subsystem,
      message: redact(message),
      ...redactFields(fields),
    });
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) {
        renameSync(file, `${file}.1`);
      }
      appendFileSync(file, `${line}\n`);
    } catch {
      // A full or read-only disk must not take the app down with it; the line is lost.
    }
  };

  const make = (subsystem: string): Logger => ({
    error: (m, f) => write('error', subsystem, m, f),
    warn: (m, f) => write('warn', subsystem, m, f),
    info: (m, f) => write('info', subsystem, m, f),
    debug: (m, f) => write('debug', subsystem, m, f),
    trace: (m, f) => write('trace', subsystem, m, f),
    child: (name) => make(subsystem ? `${subsystem}/${name}` : name),
  });
  return make('');
}
