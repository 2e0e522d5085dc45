export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export type LogFields = Record<string, unknown>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
  child(subsystem: string): Logger;
}

const noop = (): void => undefined;

export const NULL_LOGGER: Logger = {
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  child: () => NULL_LOGGER,
};

const SECRET_KEYS = /pass(word|phrase)?|secret|private|token|armored/i;
const KEY_BLOB = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
const HOME_PATH = /(\/home\/|\/Users\/|[A-Za-z]:\\Users\\)[^/\\\s"']+/g;

/**
 * SECURITY: every log line passes through here, so a careless field cannot leak a key or a
 * passphrase into a log file a user may send us.
 */
export function redact(text: string): string {
  return text.replace(KEY_BLOB, '[key redacted]').replace(HOME_PATH, '$1~');
}

export function redactFields(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined) return undefined;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = redact(value);
    else out[key] = value;
  }
  return out;
}
